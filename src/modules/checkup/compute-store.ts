import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { c, loadLibrary } from './library-store.js';
import { providersOf } from './providers.js';
import { cityRegions, requireRegion, type RegionRef } from './region-tree.js';
import { writeValues, type ValueInput } from './values-store.js';

/** What a computation run did: values stored, regions with no data, indicators whose provider is not there yet, failures. */
export interface ComputeReport {
  year: number;
  regions: number;
  indicators: number;
  stored: number;
  /** Indicator × region pairs the provider had no data for (stored as missing: no row). */
  missing: number;
  /** Computed indicators whose provider no module registers yet, with the provider's name. */
  noProvider: { code: string; provider: string }[];
  failures: { code: string; region: string; message: string }[];
  ms: number;
}

/**
 * Runs the providers of the library's computed indicators for a year over the city's regions
 * (the city and its districts, or the regions given; `deepest: 'township'` adds the streets),
 * and stores their values in one transaction: a provider's null removes a stale value, so
 * missing stays missing. Providers share expensive reads through one memo per run.
 */
export async function computeIndicators(k: Kernel, ctx: RequestContext, { year, regions: given, codes, deepest = 'district' }: { year: number; regions?: string[]; codes?: string[]; deepest?: 'district' | 'township' }): Promise<ComputeReport> {
  k.policy.check(ctx.actor, { action: 'checkup.value.compute' });
  if (!Number.isInteger(year) || year < 1949 || year > k.clock.now().getUTCFullYear() + 1) throw new AppError('invalid', `year ${year} is not a year to compute`, { field: 'year' });
  const started = performance.now();
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const wanted = lib.indicators.filter((d) => d.obtain.type === 'computed' && (!codes || codes.includes(d.code)));
  if (codes) for (const code of codes) if (!lib.byCode.has(code)) throw new AppError('not_found', `no indicator ${code}`, { field: 'codes' });
  const regions: RegionRef[] = given ? await Promise.all(given.map((r) => requireRegion(k, ctx.cityCode, r, 'regions'))) : await cityRegions(k, ctx.cityCode, { deepest });
  const providers = providersOf(k);
  const memos = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (!memos.has(key)) memos.set(key, fn());
    return memos.get(key) as Promise<T>;
  };
  const report: ComputeReport = { year, regions: regions.length, indicators: wanted.length, stored: 0, missing: 0, noProvider: [], failures: [], ms: 0 };
  const values: (ValueInput & { provider: string })[] = [];
  const empty: { code: string; region: string }[] = [];
  for (const d of wanted) {
    if (d.obtain.type !== 'computed') continue;
    const provider = providers.get(d.obtain.provider);
    if (!provider) {
      report.noProvider.push({ code: d.code, provider: d.obtain.provider });
      continue;
    }
    for (const region of regions) {
      try {
        const r = await provider.compute(k, { cityCode: ctx.cityCode, regionCode: region.code, year, params: d.obtain.params, memo });
        if (r.value === null || !Number.isFinite(r.value)) {
          report.missing++;
          empty.push({ code: d.code, region: region.code });
          continue;
        }
        values.push({ code: d.code, regionCode: region.code, year, value: r.value, source: r.source ?? `computed by ${provider.code}`, sample: r.sample ?? false, problems: d.kind === 'count' ? (r.problems ?? []) : null, coverage: r.coverage ?? null, provider: provider.code });
      } catch (err) {
        if (err instanceof AppError && err.kind !== 'invalid' && err.kind !== 'not_found') throw err;
        report.failures.push({ code: d.code, region: region.code, message: (err as Error).message });
        k.logger.warn({ err: (err as Error).message, code: d.code, region: region.code }, 'checkup indicator computation failed');
      }
    }
  }
  await k.transaction(async (trx) => {
    for (const e of empty) {
      await c(trx).deleteFrom('checkup_values').where('city_code', '=', ctx.cityCode).where('code', '=', e.code).where('region_code', '=', e.region).where('year', '=', year).where('origin', '=', 'computed').execute();
    }
    report.stored = (await writeValues(trx, ctx.cityCode, values, { origin: 'computed', provider: (r) => (r as ValueInput & { provider: string }).provider, linked: 'keep' })).values;
    await writeAudit(trx, ctx, { action: 'checkup.values.computed', resourceType: 'checkup_values', after: { year, regions: regions.length, stored: report.stored, missing: report.missing, noProvider: report.noProvider.map((p) => p.code), failures: report.failures.length } });
  });
  report.ms = Math.round(performance.now() - started);
  return report;
}
