import type { Job } from '../../core/scheduler.js';
import type { Kernel } from '../../core/kernel.js';
import { applyRetention, preparePartitions } from './maintenance.js';
import { rollUpClosedHours } from './rollups.js';

/** The monitoring module's scheduled jobs: partitions ahead, hourly rollups, retention. */
export function monitoringJobs(k: Kernel): Job[] {
  return [
    { name: 'monitoring.partitions', everyMs: 6 * 3600_000, run: async () => void (await preparePartitions(k)) },
    { name: 'monitoring.rollups', everyMs: 60_000, run: async () => void (await rollUpClosedHours(k)) },
    { name: 'monitoring.retention', everyMs: 6 * 3600_000, run: async () => void (await applyRetention(k)) },
  ];
}
