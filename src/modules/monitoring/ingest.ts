import path from 'node:path';
import { acquireDataDirLock } from '../../core/db/lock.js';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { IngestRecord } from './batch.js';
import { commitRecords, type Committed } from './commit.js';
import { createHookRunner } from './hook-runner.js';
import { ingestMetrics } from './ingest-metrics.js';
import { openWal, type WalStats } from './wal.js';
import type { WalMessage } from './wal-codec.js';

/**
 * The one pipeline every reading takes, from MQTT or HTTP: write-ahead log → batch (validate,
 * quarantine or accept) → commit (readings, rollup marks) → readings hooks. Latest values are read from the readings
 * themselves (the newest row of each series), so the ingest writes each reading once.
 */
export interface Ingest {
  /** Takes a message; `onDurable` is called once it is in the write-ahead log (MQTT acknowledges then). */
  submit(message: WalMessage, onDurable: (err?: Error) => void): void;
  /** Takes messages and resolves once their batch committed, with their readings accepted and quarantined (HTTP). */
  submitAndCommit(messages: WalMessage[]): Promise<{ accepted: number; quarantined: number }>;
  /** Resolves when nothing is queued, parked or being committed. */
  flush(): Promise<void>;
  stats(): IngestStats;
  /** Stops taking messages, commits what is queued (while the database answers), closes the log. */
  close(): Promise<void>;
}

export interface IngestStats {
  queued: number;
  /** Messages waiting for room in the queue, not yet in the log nor acknowledged. */
  parked: number;
  batches: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  lastBatchSeconds: number;
  /** Age of the oldest message not yet committed, in seconds. */
  lagSeconds: number;
  wal: WalStats;
}

export interface IngestOptions {
  /** Where the write-ahead log lives (locked by this process); default `<data dir>/monitoring-wal`. */
  dir?: string;
  /** Payload bytes per batch: about 10,000 readings at 1 MB. */
  maxBatchBytes?: number;
  maxBatchMessages?: number;
  /** Messages queued for commit beyond which new ones wait (and so do their acknowledgements). */
  maxQueued?: number;
  /** Batches committed at once: 1 on the embedded database (one connection), 2 on PostgreSQL. */
  writers?: number;
  /** How long a writer waits for more when fewer than `lingerBelow` messages are queued (20 ms; 0: never). */
  lingerMs?: number;
  lingerBelow?: number;
}

/** Opens the ingest: takes the log's lock, replays what the last run left, starts the committers. */
export async function openIngest(k: Kernel, { dir = path.join(k.config.dataDir, 'monitoring-wal'), maxBatchBytes = 1024 * 1024, maxBatchMessages = 5000, maxQueued = 50_000, writers = k.database.driver === 'pglite' ? 1 : 2, lingerMs = 20, lingerBelow = 200 }: IngestOptions = {}): Promise<Ingest> {
  const lock = await acquireDataDirLock(dir);
  const metrics = ingestMetrics(k.metrics);
  const logger = k.logger.child({ component: 'monitoring-ingest' });
  const wal = await openWal({ dir, logger, onGroup: (_n, seconds) => metrics.walSyncSeconds.observe(seconds) }).catch(async (err) => {
    await lock.release();
    throw err;
  });
  const hooks = createHookRunner(k, logger);
  const queue: IngestRecord[] = wal.recovered.map((entry) => ({ entry, accepted: 0, quarantined: 0 }));
  const parked: { message: WalMessage; onDurable: (err?: Error) => void; onCommitted?: IngestRecord['onCommitted'] }[] = [];
  const totals = { batches: 0, stored: 0, duplicates: 0, quarantined: 0, lastBatchSeconds: 0 };
  let inFlight = 0;
  let closing = false;
  let wakers: (() => void)[] = [];
  const wakeAll = () => {
    const w = wakers;
    wakers = [];
    w.forEach((f) => f());
  };
  let idleWaiters: (() => void)[] = [];
  const rawMs = k.config.monitoringRawDays * 86_400_000;
  const limits = (receivedAt: number) => ({ receivedAt, maxFutureMs: 5 * 60_000, oldestMs: receivedAt - rawMs });

  const enqueue = (message: WalMessage, onDurable: (err?: Error) => void, onCommitted?: IngestRecord['onCommitted']) => {
    if (queue.length >= maxQueued) return void parked.push({ message, onDurable, onCommitted });
    let entry;
    try {
      entry = wal.append(message, onDurable);
    } catch (err) {
      // Only a message larger than a log frame takes (16 MiB): refused, never acknowledged.
      logger.error({ err: (err as Error).message, topic: message.topic, bytes: message.payload.length }, 'telemetry message refused');
      return onDurable(err as Error);
    }
    queue.push({ entry, accepted: 0, quarantined: 0, onCommitted });
    wakeAll();
  };

  const take = (): IngestRecord[] => {
    let bytes = 0;
    let n = 0;
    while (n < queue.length && n < maxBatchMessages && bytes < maxBatchBytes) bytes += queue[n++]!.entry.message.payload.length;
    return queue.splice(0, n);
  };

  const account = (done: Committed[]) => {
    for (const { batch, outcome, seconds } of done) {
      totals.batches++;
      totals.stored += outcome.inserted;
      totals.duplicates += outcome.duplicates;
      totals.quarantined += batch.quarantine.length;
      totals.lastBatchSeconds = seconds;
      metrics.batchSeconds.observe(seconds);
      metrics.batchReadings.observe(batch.accepted);
      metrics.readings.inc({ outcome: 'stored' }, outcome.inserted);
      if (outcome.duplicates) metrics.readings.inc({ outcome: 'duplicate' }, outcome.duplicates);
      if (batch.quarantine.length) metrics.readings.inc({ outcome: 'quarantined' }, batch.quarantine.length);
      for (const q of batch.quarantine) metrics.quarantined.inc({ reason: q.reason });
    }
  };

  async function worker(): Promise<void> {
    for (;;) {
      if (!queue.length) {
        if (closing) return;
        await new Promise<void>((resolve) => wakers.push(resolve));
        continue;
      }
      // A trickle is gathered a moment: a statement, a hot rollup mark and a commit per message
      // cost the database more than the readings (at 500 messages/s, 440 batches/s of one).
      // A deep queue, a stop or an HTTP caller waiting on its answer go at once.
      if (lingerMs > 0 && queue.length < lingerBelow && !closing && !queue[0]!.onCommitted) {
        await new Promise((r) => setTimeout(r, lingerMs));
        if (!queue.length) continue;
      }
      const records = take();
      inFlight++;
      try {
        const done = await commitRecords(records, { k, limits, keepTrying: () => !closing });
        account(done);
        // Committed: the log no longer needs them.
        wal.release(records.map((r) => r.entry));
        for (const r of records) r.onCommitted?.({ accepted: r.accepted, quarantined: r.quarantined });
        for (const d of done) await hooks.run(d.batch);
      } catch (err) {
        // Only while stopping with the database away: the log keeps the records for the next start.
        logger.warn({ err: (err as Error).message, messages: records.length }, 'telemetry left in the write-ahead log for the next start');
        for (const r of records) r.onCommitted?.({ accepted: 0, quarantined: 0 });
      } finally {
        inFlight--;
      }
      while (parked.length && queue.length < maxQueued && !closing) {
        const p = parked.shift()!;
        enqueue(p.message, p.onDurable, p.onCommitted);
      }
      if (!queue.length && !inFlight && !parked.length) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  }
  const workers = Array.from({ length: writers }, () => worker());

  return {
    submit(message, onDurable) {
      metrics.messages.inc({ source: message.source });
      if (closing) return onDurable(stopping());
      enqueue(message, onDurable);
    },
    submitAndCommit(messages) {
      if (closing) return Promise.reject(stopping());
      metrics.messages.inc({ source: 'http' }, messages.length);
      return new Promise((resolve, reject) => {
        const sum = { accepted: 0, quarantined: 0 };
        let left = messages.length;
        if (!left) return resolve(sum);
        const onCommitted = (r: { accepted: number; quarantined: number }) => {
          sum.accepted += r.accepted;
          sum.quarantined += r.quarantined;
          if (--left === 0) resolve(sum);
        };
        for (const m of messages) enqueue(m, (err) => err && reject(err), onCommitted);
      });
    },
    flush() {
      if (!queue.length && !inFlight && !parked.length) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stats: () => ({ queued: queue.length, parked: parked.length, ...totals, lagSeconds: queue.length ? (Date.now() - queue[0]!.entry.message.receivedAt) / 1000 : 0, wal: wal.stats() }),
    async close() {
      if (closing) return;
      closing = true;
      for (const p of parked.splice(0)) p.onDurable(stopping());
      wakeAll();
      await Promise.all(workers);
      await hooks.drain();
      await wal.close();
      await lock.release();
    },
  };
}

const stopping = () => new AppError('unavailable', 'the telemetry ingest is stopping; send again shortly');
