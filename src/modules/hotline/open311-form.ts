import { AppError } from '../../core/errors.js';

/**
 * The arguments of an Open311 POST, as every value given for each name: a form's repeated
 * keys and `name[]` keys keep all their values; `attribute[code]` names stay as they are.
 */
export type Open311Fields = Record<string, string[]>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as UTF-8 text, or the `invalid` error (GeoReport v2: text from clients is UTF-8). */
export function strictUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('invalid', 'the body is not valid UTF-8: GeoReport v2 takes UTF-8 text only', { field: 'body' });
  }
}

/**
 * An `application/x-www-form-urlencoded` body (WHATWG URL, §5.1), decoded strictly: the
 * bytes and what the percent-escapes stand for must both be UTF-8, where URLSearchParams
 * would put U+FFFD in silently.
 */
export function parseForm(body: Uint8Array): Open311Fields {
  const fields: Open311Fields = {};
  for (const pair of strictUtf8(body).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq)).replace(/\[\]$/, '');
    (fields[name] ??= []).push(percentDecode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return fields;
}

/**
 * A JSON body as the same fields: `{"attribute": {"since": "week"}}` or
 * `{"attribute[since]": "week"}`; a list gives several values; null is left out.
 */
export function parseJsonFields(body: Uint8Array): Open311Fields {
  const text = strictUtf8(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid', `the body is not valid JSON: ${(err as Error).message}`, { field: 'body' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AppError('invalid', 'the body must be a JSON object of the request’s arguments', { field: 'body' });
  const fields: Open311Fields = {};
  const put = (name: string, v: unknown) => {
    if (v === null || v === undefined) return;
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      if (typeof x === 'object' && x !== null) throw new AppError('invalid', `${name} must be a string, a number or a list of them`, { field: name });
      (fields[name] ??= []).push(String(x));
    }
  };
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (name === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [code, x] of Object.entries(v as Record<string, unknown>)) put(`attribute[${code}]`, x);
    } else put(name.replace(/\[\]$/, ''), v);
  }
  return fields;
}

function percentDecode(s: string): string {
  const plus = s.replaceAll('+', ' ');
  if (!plus.includes('%')) return plus;
  const src = Buffer.from(plus, 'utf8');
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x25 && i + 2 < src.length && isHex(src[i + 1]!) && isHex(src[i + 2]!)) {
      out[n++] = parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      i += 2;
    } else out[n++] = src[i]!;
  }
  return strictUtf8(out.subarray(0, n));
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
