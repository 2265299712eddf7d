/** The API's one error shape: `{error: {kind, message, field?, details?}}`, plus `offline` for a lost connection. */
export class ApiError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Listener = (offline: boolean, retryInS: number) => void;
const listeners = new Set<Listener>();
let offline = false;
let csrfToken: string | null = null;

/** Remembers the session's CSRF token, sent in `x-csrf-token` on every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Hears when the connection is lost and comes back (the banner). */
export function onConnection(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setOffline(value: boolean, retryInS = 0) {
  if (value === offline && !value) return;
  offline = value;
  for (const fn of listeners) fn(value, retryInS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  /** Retry while the connection is lost: GETs always, a POST only when it carries an Idempotency-Key. */
  retry?: boolean;
  signal?: AbortSignal;
}

/**
 * One API request with the session cookie: JSON in (or a FormData upload) and JSON out; errors become `ApiError`.
 * When the service cannot be reached (network error, 502–504, or 503 while its database is
 * away) the banner shows and safe requests are retried with a growing pause.
 */
export async function api<T = any>(url: string, { method = 'GET', body, headers = {}, retry, signal }: RequestOptions = {}): Promise<T> {
  const canRetry = retry ?? (method === 'GET' || 'idempotency-key' in headers);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      const h: Record<string, string> = { accept: 'application/json', ...headers };
      // A form (a file upload) goes as multipart, its boundary set by the browser; anything else as JSON.
      const form = typeof FormData !== 'undefined' && body instanceof FormData;
      if (body !== undefined && !form) h['content-type'] = 'application/json';
      if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
      res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body), credentials: 'same-origin', signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      res = new Response(null, { status: 599 });
    }
    const lost = res.status === 599 || res.status === 502 || res.status === 504 || (res.status === 503 && (await peekKind(res)) === 'unavailable');
    if (lost) {
      const wait = Math.min(30, 2 ** Math.min(attempt, 5));
      setOffline(true, wait);
      if (!canRetry) throw new ApiError('offline', 'connection lost', 0);
      await sleep(wait * 1000);
      if (signal?.aborted) throw new ApiError('aborted', 'aborted', 0);
      continue;
    }
    setOffline(false);
    if (res.status === 204) return null as T;
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
    if (!res.ok) {
      const e = (data as { error?: { kind?: string; message?: string; field?: string; details?: unknown } } | null)?.error;
      throw new ApiError(e?.kind ?? 'internal', e?.message ?? `HTTP ${res.status}`, res.status, e?.field, e?.details);
    }
    return data as T;
  }
}

async function peekKind(res: Response): Promise<string | null> {
  try {
    return ((await res.clone().json()) as { error?: { kind?: string } }).error?.kind ?? null;
  } catch {
    return null;
  }
}

/** A POST shorthand. */
export const post = <T = any>(url: string, body: unknown = {}, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => api<T>(url, { ...opts, method: 'POST', body });

/** A query string from the defined values of an object. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
