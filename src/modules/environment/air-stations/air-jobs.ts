import type { Kernel } from '../../../core/kernel.js';
import { systemContext } from '../../../core/context.js';
import type { Job } from '../../../core/scheduler.js';
import { computeAirDays, type AirDaysReport } from './compute-days.js';

const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Recomputes the daily figures of yesterday and today (China Standard Time) from the readings
 * live stations sent since, so the reports follow telemetry; older days are recomputed on demand
 * (`citywork environment air-recompute`, `POST /api/environment/air/recompute`).
 */
export function recomputeRecentAirDays(k: Kernel): Promise<AirDaysReport> {
  const now = k.clock.now().getTime();
  return computeAirDays(k, systemContext(k.config.cityCode, 'scheduler'), { from: beijingDay(now - 86_400_000), to: beijingDay(now) });
}

/** The environment module's scheduled jobs: the recent days of the air stations every 15 minutes. */
export function environmentJobs(k: Kernel): Job[] {
  return [{ name: 'environment.air-days', everyMs: 15 * 60_000, run: async () => void (await recomputeRecentAirDays(k)) }];
}
