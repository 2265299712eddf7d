import type { EntryInput } from './ledger-module.js';

/** What the client knows about its writes, across every round of the crash suite. */
export interface WriteLog {
  /** Answered 2xx: the service promised these are stored. */
  acknowledged: Map<string, EntryInput>;
  /** Sent, but the service died before it answered: stored or not, only a retry tells. */
  unknown: EntryInput[];
  /** Retried unknowns the service already had (200): committed before the kill, never acknowledged. */
  committedUnacknowledged: number;
  /** Answers no correct service gives (4xx, 5xx on a write it should take). */
  unexpected: string[];
}

export function createWriteLog(): WriteLog {
  return { acknowledged: new Map(), unknown: [], committedUnacknowledged: 0, unexpected: [] };
}

export interface WriteStream {
  /** Resolves once the first write has been sent. */
  started: Promise<void>;
  /** Requests sent and not yet answered. */
  inFlight(): number;
  /** Sends no more writes; resolves once every worker has its last answer (or failure). */
  halt(): Promise<void>;
}

/**
 * Keeps `concurrency` POSTs of ledger entries in flight until halted: first the unknowns of
 * the previous round (an idempotent retry, same key and body), then new entries from `next`.
 */
export function startWriteStream({ url, log, next, concurrency = 4 }: { url: string; log: WriteLog; next: () => EntryInput; concurrency?: number }): WriteStream {
  const retries = log.unknown.splice(0);
  let halted = false;
  let inFlight = 0;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  async function worker(): Promise<void> {
    while (!halted) {
      const retry = retries.shift();
      inFlight++;
      markStarted();
      await sendEntry(url, retry ?? next(), log, { retry: Boolean(retry) }).finally(() => inFlight--);
    }
  }

  const workers = Array.from({ length: concurrency }, worker);
  return {
    started,
    inFlight: () => inFlight,
    async halt() {
      halted = true;
      await Promise.all(workers);
    },
  };
}

/** Resends every unknown write once, one at a time, to a service that stays up. */
export async function retryUnknowns(url: string, log: WriteLog): Promise<void> {
  for (const entry of log.unknown.splice(0)) await sendEntry(url, entry, log, { retry: true });
}

// POSTs one entry and files the outcome in the log.
async function sendEntry(url: string, entry: EntryInput, log: WriteLog, { retry }: { retry: boolean }): Promise<void> {
  let status: number;
  let body = '';
  try {
    const res = await fetch(`${url}/api/ledger/entries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry) });
    status = res.status;
    body = await res.text().catch(() => '');
  } catch {
    // The connection died with the process: the write's fate is unknown until retried.
    log.unknown.push(entry);
    return;
  }
  if (status === 201 || (status === 200 && retry)) {
    log.acknowledged.set(entry.key, entry);
    if (status === 200) log.committedUnacknowledged++;
  } else {
    log.unexpected.push(`${entry.key}${retry ? ' (retry)' : ''}: ${status} ${body.slice(0, 300)}`);
  }
}
