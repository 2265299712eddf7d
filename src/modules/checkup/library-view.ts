import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { loadLibrary, standardHistory, type Indicator, type StandardVersion } from './library-store.js';
import { plausibleRange } from './plausible.js';
import { providersOf } from './providers.js';
import { tasks, type Level, type Task } from './tasks.js';

/** An indicator as the API lists it: its definition, the standard in force, its plausible range, whether its provider exists. */
export type IndicatorView = Indicator & { providerRegistered: boolean | null; providerDescription: string | null; plausible: { min: number; max: number } };

/** The library, optionally one task's or one level's indicators, with how many of each task and which providers are missing. */
export async function listIndicators(k: Kernel, ctx: RequestContext, { task, level }: { task?: Task; level?: Level } = {}) {
  k.policy.check(ctx.actor, { action: 'checkup.indicator.read' });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const providers = providersOf(k);
  const view = (d: Indicator): IndicatorView => {
    const r = plausibleRange(d);
    const p = d.obtain.type === 'computed' ? providers.get(d.obtain.provider) : undefined;
    return { ...d, providerRegistered: d.obtain.type === 'computed' ? !!p : null, providerDescription: p?.description ?? null, plausible: { min: r.min, max: r.max } };
  };
  const all = lib.indicators.map(view);
  const perTask = Object.fromEntries(tasks.map((t) => [t, all.filter((d) => d.task === t).length])) as Record<Task, number>;
  return {
    source: lib.source,
    nearPct: lib.nearPct,
    composite: lib.composite,
    perTask,
    computed: all.filter((d) => d.obtain.type === 'computed').length,
    noProvider: all.filter((d) => d.providerRegistered === false).map((d) => ({ code: d.code, provider: d.obtain.type === 'computed' ? d.obtain.provider : '' })),
    indicators: all.filter((d) => (!task || d.task === task) && (!level || d.level === level)),
  };
}

/** One indicator with every version of its standard, newest first. */
export async function getIndicator(k: Kernel, ctx: RequestContext, code: string): Promise<{ indicator: IndicatorView; standards: StandardVersion[] }> {
  const { indicators } = await listIndicators(k, ctx);
  const indicator = indicators.find((d) => d.code === code);
  if (!indicator) throw new AppError('not_found', `no indicator ${code}`, { field: 'code' });
  return { indicator, standards: await standardHistory(k.db, ctx.cityCode, code) };
}
