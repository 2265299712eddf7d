import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { evaluateRegion, type Coverage, type IndicatorStatus, type TaskEvaluation } from './evaluate.js';
import { c, loadLibrary } from './library-store.js';
import { providersOf } from './providers.js';
import { requireRegion, siblingsOf, type RegionRef } from './region-tree.js';
import { readValues, yearsWithData } from './values-store.js';

/** A region's checkup for a year: every task's indicators scored, with coverage. */
export interface Evaluation {
  region: RegionRef;
  year: number;
  /** Years with any value for the region, newest first. */
  years: number[];
  nearPct: number;
  evaluatedAt: Date;
  siblings: RegionRef[];
  coverage: Coverage;
  counts: Record<IndicatorStatus, number>;
  tasks: TaskEvaluation[];
}

/** The year to evaluate: the one asked for, or the latest with data for the region. */
async function yearFor(k: Kernel, cityCode: string, region: RegionRef, year: number | undefined): Promise<{ year: number; years: number[] }> {
  const years = await yearsWithData(k.db, cityCode, region.code);
  if (year !== undefined) return { year, years };
  if (!years.length) throw new AppError('not_found', `region ${region.code} (${region.name}) has no checkup values yet: import them or run the computation`, { field: 'year' });
  return { year: years[0]!, years };
}

/**
 * Evaluates a region's year against the library and the standards in force now (the year
 * defaults to the latest with data): each indicator's status, distance, trend and rank among
 * the sibling regions, coverage per task. Read-only; `recordEvaluation` keeps one.
 */
export async function evaluate(k: Kernel, ctx: RequestContext, { region: code, year: asked }: { region: string; year?: number }): Promise<Evaluation> {
  const region = await requireRegion(k, ctx.cityCode, code);
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: region.code });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const { year, years } = await yearFor(k, ctx.cityCode, region, asked);
  const siblings = await siblingsOf(k, ctx.cityCode, region);
  const [history, sameYear] = await Promise.all([readValues(k.db, ctx.cityCode, { regionCodes: [region.code] }), readValues(k.db, ctx.cityCode, { regionCodes: siblings.map((s) => s.code), years: [year] })]);
  const providers = providersOf(k);
  const result = evaluateRegion({
    year,
    regionCode: region.code,
    indicators: lib.indicators,
    nearPct: lib.nearPct,
    values: [...history, ...sameYear.filter((v) => v.regionCode !== region.code)],
    siblings: siblings.map((s) => s.code),
    hasProvider: (p) => providers.has(p),
  });
  return { region, year, years, nearPct: lib.nearPct, evaluatedAt: k.clock.now(), siblings, ...result };
}

/** A recorded evaluation, as listed. */
export interface EvaluationRecord {
  id: string;
  regionCode: string;
  year: number;
  createdAt: Date;
  actor: string;
  coverage: Coverage;
  counts: Record<IndicatorStatus, number>;
}

/**
 * Evaluates and keeps the result as it is now, each indicator with the value and the standard
 * version it was scored against: a later change of a standard leaves this record as it was.
 */
export async function recordEvaluation(k: Kernel, ctx: RequestContext, q: { region: string; year?: number }): Promise<{ id: string; evaluation: Evaluation }> {
  const evaluation = await evaluate(k, ctx, q);
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.record', regionCode: evaluation.region.code });
  const id = newId('evl', k.clock.now());
  await k.transaction(async (trx) => {
    await c(trx)
      .insertInto('checkup_evaluations')
      .values({ id, city_code: ctx.cityCode, region_code: evaluation.region.code, year: evaluation.year, near_pct: evaluation.nearPct, result: JSON.stringify(evaluation), actor_label: ctx.actor?.label ?? 'anonymous', created_at: evaluation.evaluatedAt })
      .execute();
    await writeAudit(trx, ctx, { action: 'checkup.evaluation.recorded', resourceType: 'checkup_evaluation', resourceId: id, after: { region: evaluation.region.code, year: evaluation.year, coverage: evaluation.coverage, counts: evaluation.counts } });
  });
  return { id, evaluation };
}

/** The recorded evaluations of a region (and year), newest first. */
export async function listEvaluations(k: Kernel, ctx: RequestContext, { region: code, year }: { region: string; year?: number }): Promise<EvaluationRecord[]> {
  const region = await requireRegion(k, ctx.cityCode, code);
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: region.code });
  let q = c(k.db).selectFrom('checkup_evaluations').selectAll().where('city_code', '=', ctx.cityCode).where('region_code', '=', region.code);
  if (year !== undefined) q = q.where('year', '=', year);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => {
    const e = r.result as Evaluation;
    return { id: r.id, regionCode: r.region_code, year: r.year, createdAt: new Date(r.created_at), actor: r.actor_label, coverage: e.coverage, counts: e.counts };
  });
}

/** One recorded evaluation, exactly as it was recorded. */
export async function getEvaluation(k: Kernel, ctx: RequestContext, id: string): Promise<Evaluation & { id: string; actor: string }> {
  const row = await c(k.db).selectFrom('checkup_evaluations').selectAll().where('city_code', '=', ctx.cityCode).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `no recorded evaluation ${id}`, { field: 'id' });
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: row.region_code });
  return { ...(row.result as Evaluation), id: row.id, actor: row.actor_label };
}
