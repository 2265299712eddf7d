import { systemActor, systemContext } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import type { Job } from '../../core/scheduler.js';
import { queryCases } from '../hotline/index.js';
import { computeIndicators } from './compute-store.js';
import { yearWindow } from './hotline-source.js';
import { c } from './library-store.js';

// Often enough that the demo's first start shows values soon after its cases are generated; a tick that finds them costs one query.
const everyMs = 15_000;

const attempted = new WeakMap<Kernel, Set<number>>();

/** The year now, in city time (UTC+8). */
function cityYear(now: Date): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/**
 * Computes the checkup's indicators for the current year once it can: when the city has its
 * library, hotline cases of the year and its accounts, and no computed value of the year yet.
 * Returns whether it computed. The demo's first start loads the pack, generates the cases,
 * creates the accounts and listens; this runs after all that, in the background, so the
 * checkup page is not empty.
 */
export async function computeDemoValues(k: Kernel): Promise<boolean> {
  const cityCode = k.config.cityCode;
  const year = cityYear(k.clock.now());
  const done = await c(k.db).selectFrom('checkup_values').select('code').where('city_code', '=', cityCode).where('year', '=', year).where('origin', '=', 'computed').limit(1).executeTakeFirst();
  if (done) return false;
  const library = await c(k.db).selectFrom('checkup_settings').select('city_code').where('city_code', '=', cityCode).executeTakeFirst();
  if (!library) return false;
  const cases = await queryCases(k, systemActor(cityCode, 'checkup'), yearWindow(year), 1);
  if (!cases.length) return false;
  // The demo's accounts come after its cases and just before it listens: until then the start is not to be slowed.
  const accounts = await k.db.selectFrom('core_users').select('id').where('city_code', '=', cityCode).limit(1).executeTakeFirst();
  if (!accounts) return false;
  // Once per year and process: a run that stores nothing is not repeated every tick.
  const tried = attempted.get(k) ?? new Set<number>();
  if (tried.has(year)) return false;
  attempted.set(k, tried.add(year));
  const r = await computeIndicators(k, systemContext(cityCode, 'checkup-demo'), { year });
  k.logger.info({ year, stored: r.stored, missing: r.missing, ms: r.ms }, 'checkup indicators computed for the demo city');
  return true;
}

/** The demo's job (embedded or demo mode only): the current year's indicators, computed once the demo's data exist. */
export function checkupJobs(k: Kernel): Job[] {
  if (!(k.config.demo ?? k.config.embedded)) return [];
  return [{ name: 'checkup.demo-values', everyMs, run: async () => void (await computeDemoValues(k)) }];
}
