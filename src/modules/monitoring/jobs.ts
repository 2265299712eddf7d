import type { Job } from '../../core/scheduler.js';
import type { Kernel } from '../../core/kernel.js';
import { applyRetention, preparePartitions } from './maintenance.js';
import { rollUpClosedHours } from './rollups.js';
import { tickRuleEngines } from './engine-runtime.js';
import { escalateDueAlarms } from './alarm-escalation.js';
import { fileRequestedCases } from './alarm-case-filer.js';

/**
 * The monitoring module's scheduled jobs (the leader runs them): partitions ahead, hourly
 * rollups, retention; the rules' clock (no data, sliding windows) every minute, escalation of
 * unacknowledged alarms, and the alarms' hotline cases a wake missed or that wait for a retry.
 */
export function monitoringJobs(k: Kernel): Job[] {
  return [
    { name: 'monitoring.partitions', everyMs: 6 * 3600_000, run: async () => void (await preparePartitions(k)) },
    { name: 'monitoring.rollups', everyMs: 60_000, run: async () => void (await rollUpClosedHours(k)) },
    { name: 'monitoring.retention', everyMs: 6 * 3600_000, run: async () => void (await applyRetention(k)) },
    { name: 'monitoring.rules.tick', everyMs: 60_000, run: () => tickRuleEngines(k) },
    { name: 'monitoring.alarms.escalate', everyMs: 30_000, run: async () => void (await escalateDueAlarms(k)) },
    { name: 'monitoring.alarms.file-cases', everyMs: 15_000, run: async () => void (await fileRequestedCases(k)) },
  ];
}
