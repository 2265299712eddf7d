import type { Kernel } from '../../core/kernel.js';
import type { Batch } from './batch.js';
import { upsertLatest } from './batch-writer.js';
import type { WalEntry } from './wal.js';

/**
 * The latest value of each series, gathered from committed batches and written at most once a
 * `everyMs` (and whenever the ingest has nothing else queued): a series reporting every second
 * costs one update a second, not one per batch. The write-ahead entries of the batches are
 * released only once their latest values are written, so a crash in between replays them and
 * the latest values are right again.
 */
export function createLatestBuffer(k: Kernel, { everyMs = 1000 } = {}) {
  const pending = new Map<string, Map<number, { ts: number; value: number }>>();
  let entries: WalEntry[] = [];
  let lastFlush = 0;
  let flushing: Promise<WalEntry[]> | null = null;

  return {
    /** Takes a committed batch's newest reading per series, and its log entries to release later. */
    add(batch: Batch): void {
      for (const [city, cols] of batch.cities) {
        let m = pending.get(city);
        if (!m) pending.set(city, (m = new Map()));
        for (const [id, i] of cols.newest) {
          const ts = cols.ts[i]!;
          const prev = m.get(id);
          if (!prev || prev.ts < ts) m.set(id, { ts, value: cols.values[i]! });
        }
      }
      for (const r of batch.records) entries.push(r.entry);
    },
    /** Whether a flush is due: the interval passed, or `idle` (nothing else queued). */
    due(idle: boolean): boolean {
      return (entries.length > 0 || pending.size > 0) && (idle || Date.now() - lastFlush >= everyMs);
    },
    /** Writes what is pending (one flush at a time); resolves with the log entries now safe to release. */
    flush(): Promise<WalEntry[]> {
      if (flushing) return flushing.then(() => []);
      const cities = [...pending];
      const done = entries;
      pending.clear();
      entries = [];
      lastFlush = Date.now();
      flushing = (async () => {
        try {
          if (cities.length) {
            await k.transaction(async (trx) => {
              for (const [city, m] of cities) {
                const ids = [...m.keys()].sort((a, b) => a - b);
                await upsertLatest(trx, city, ids, ids.map((id) => m.get(id)!.ts), ids.map((id) => m.get(id)!.value));
              }
            });
          }
          return done;
        } catch (err) {
          // Put them back: the next flush tries again, and the log keeps the entries meanwhile.
          for (const [city, m] of cities) {
            const now = pending.get(city) ?? new Map();
            for (const [id, v] of m) if (!now.has(id) || now.get(id)!.ts < v.ts) now.set(id, v);
            pending.set(city, now);
          }
          entries = [...done, ...entries];
          throw err;
        } finally {
          flushing = null;
        }
      })();
      return flushing;
    },
  };
}
