import type { Kernel } from '../../core/kernel.js';
import { isConnectionError } from '../../core/db/pg-errors.js';
import { isAppError } from '../../core/errors.js';
import { buildBatch, citiesOf, type Batch, type IngestRecord } from './batch.js';
import { commitBatch, type BatchOutcome } from './batch-writer.js';
import { ensurePartitions } from './partitions-store.js';
import { registryFor, type CityRegistry } from './registry.js';
import type { TelemetryLimits } from './validate.js';

/** A committed batch: what the database did, and the batch (for the hooks and the counts). */
export interface Committed {
  batch: Batch;
  outcome: BatchOutcome;
  seconds: number;
}

// Waits before retrying a batch whose database was away: 0.1 s, doubling to 5 s.
const backoffMs = (attempt: number) => Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
// SQLSTATEs worth a retry as they are: deadlock, serialization failure, too many connections, lock timeout.
const retryCodes = new Set(['40P01', '40001', '53300', '55P03']);

/** Whether a batch failed for the database's sake (retry it) rather than its content (split it). */
export function isTransient(err: unknown): boolean {
  if (isConnectionError(err)) return true;
  if (isAppError(err)) return err.kind === 'unavailable';
  return retryCodes.has((err as { code?: string }).code ?? '');
}

export interface CommitOptions {
  k: Kernel;
  /** What a record is judged against, from its arrival time. */
  limits: (receivedAt: number) => TelemetryLimits;
  /** False once the ingest is stopping: a database that is away is then not waited for. */
  keepTrying: () => boolean;
}

/**
 * Validates and commits records as one batch, retrying while the database is away. A batch the
 * database refuses for its content is split in halves down to the one message at fault, whose
 * readings are then quarantined as `storage_error` — one bad message never blocks the rest.
 */
export async function commitRecords(records: IngestRecord[], opts: CommitOptions): Promise<Committed[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return [await commitOnce(records, opts)];
    } catch (err) {
      if (isTransient(err)) {
        if (!opts.keepTrying()) throw err;
        if (attempt === 0 || attempt % 10 === 9) opts.k.logger.warn({ err: (err as Error).message, messages: records.length }, 'telemetry batch not committed; retrying');
        await new Promise((r) => setTimeout(r, backoffMs(attempt)));
        continue;
      }
      if (records.length > 1) {
        const half = Math.ceil(records.length / 2);
        return [...(await commitRecords(records.slice(0, half), opts)), ...(await commitRecords(records.slice(half), opts))];
      }
      opts.k.logger.error({ err: (err as Error).message, ref: records[0]!.entry.ref }, 'the database refused a telemetry message; quarantining it');
      return [await commitOnce(records, opts, (err as Error).message)];
    }
  }
}

async function commitOnce(records: IngestRecord[], { k, limits }: CommitOptions, storageError?: string): Promise<Committed> {
  const registries = new Map<string, CityRegistry>();
  for (const city of citiesOf(records)) registries.set(city, await registryFor(k, city));
  const batch = buildBatch(records, registries, limits, k.config.cityCode);
  if (storageError) quarantineAll(batch, storageError);
  if (batch.partitions.size) await ensurePartitions(k.db, [...batch.partitions.values()]);
  const started = performance.now();
  const outcome = await commitBatch(k.db, batch);
  return { batch, outcome, seconds: (performance.now() - started) / 1000 };
}

// The last resort for a message the database refuses: every reading of it goes to the quarantine.
function quarantineAll(batch: Batch, detail: string): void {
  for (const [cityCode, cols] of batch.cities) {
    cols.infos.forEach((info, i) => {
      const record = batch.records[0]!;
      batch.quarantine.push({
        city_code: cityCode,
        ref: `${record.entry.ref}:s${i}`,
        received_at: new Date(record.entry.message.receivedAt),
        source: record.entry.message.source,
        topic: record.entry.message.topic,
        device_id: info.deviceId,
        metric: info.metric,
        reason: 'storage_error',
        detail: detail.slice(0, 2000),
        reading: JSON.stringify({ metric: info.metric, value: cols.values[i], ts: cols.ts[i] }),
        payload: record.entry.message.payload.toString('utf8').slice(0, 16 * 1024),
      });
    });
  }
  for (const r of batch.records) {
    r.quarantined += r.accepted;
    r.accepted = 0;
  }
  batch.accepted = 0;
  batch.cities.clear();
  batch.partitions.clear();
}
