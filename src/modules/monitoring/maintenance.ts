import { sql } from 'kysely';
import type { Kernel } from '../../core/kernel.js';
import { partitionsAhead, partitionsBefore } from './partitions.js';
import { dropPartitions, ensurePartitions, listPartitions } from './partitions-store.js';

const dayMs = 86_400_000;

/** Creates this month's partition of the readings and the next `monthsAhead` ones; the names made. */
export function preparePartitions(k: Kernel, monthsAhead = 2): Promise<string[]> {
  return ensurePartitions(k.db, partitionsAhead(k.clock.now().getTime(), monthsAhead));
}

/** What the retention job removed. */
export interface RetentionReport {
  droppedPartitions: string[];
  rollups: number;
  quarantined: number;
}

/**
 * Applies the retention policy: whole months of raw readings older than `monitoringRawDays`
 * go (a partition is dropped, not deleted row by row), hourly rollups older than
 * `monitoringRollupDays`, and quarantined messages older than the raw readings.
 */
export async function applyRetention(k: Kernel): Promise<RetentionReport> {
  const now = k.clock.now().getTime();
  const rawCutoff = now - k.config.monitoringRawDays * dayMs;
  const rollupCutoff = new Date(now - k.config.monitoringRollupDays * dayMs);
  const droppedPartitions = await dropPartitions(k.db, partitionsBefore(await listPartitions(k.db), rawCutoff));
  const rollups = await deleteInChunks(k, sql`delete from monitoring_rollups_hourly where ctid in (select ctid from monitoring_rollups_hourly where hour < ${rollupCutoff} limit 10000)`);
  const quarantined = await deleteInChunks(k, sql`delete from monitoring_quarantine where id in (select id from monitoring_quarantine where received_at < ${new Date(rawCutoff)} limit 10000)`);
  if (droppedPartitions.length || rollups || quarantined) k.logger.info({ droppedPartitions, rollups, quarantined }, 'monitoring retention applied');
  return { droppedPartitions, rollups, quarantined };
}

// Deletes 10,000 rows a transaction until none are left, so no transaction holds the database long.
async function deleteInChunks(k: Kernel, statement: ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = Number((await statement.execute(k.db)).numAffectedRows ?? 0);
    total += n;
    if (n < 10_000) return total;
  }
}
