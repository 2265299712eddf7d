import { distanceToStandard, type Bounds } from './distance.js';
import { rankSiblings, type RankPlace } from './rank.js';
import { trendOf, type Trend, type YearValue } from './trend.js';
import { taskNames, tasks, type Task } from './tasks.js';
import type { Indicator, StandardVersion } from './library-store.js';
import type { StoredValue } from './values-store.js';

/**
 * How an indicator stands: against its standard (met, near, not_met), shown only (context),
 * without a standard to score against (no_standard), without a value (missing), or computed by
 * a provider no module registers yet (no_provider). Missing is never a 0.
 */
export type IndicatorStatus = 'met' | 'near' | 'not_met' | 'context' | 'no_standard' | 'missing' | 'no_provider';
export const statuses: readonly IndicatorStatus[] = ['met', 'near', 'not_met', 'context', 'no_standard', 'missing', 'no_provider'];

/** One indicator of a region and year, evaluated. */
export interface EvaluatedIndicator {
  code: string;
  name: { zh: string; en: string };
  level: string;
  unit: string;
  kind: string;
  direction: string;
  provider: string | null;
  value: number | null;
  source: Pick<StoredValue, 'origin' | 'source' | 'sample' | 'provider' | 'coverage' | 'updatedAt'> | null;
  standard: Pick<StandardVersion, 'version' | 'target' | 'lower' | 'upper' | 'tier' | 'document' | 'verified'> | null;
  status: IndicatorStatus;
  /** value − standard in the indicator's unit, positive is better; null when not scored. */
  gap: number | null;
  relative: number | null;
  trend: Trend | null;
  /** Every year's value of the region, oldest first. */
  series: YearValue[];
  rank: RankPlace | null;
}

/** How many indicators of a group had a value. */
export interface Coverage {
  withValue: number;
  total: number;
  share: number;
}

/** One task's indicators, with its coverage and the count of each status. */
export interface TaskEvaluation {
  task: Task;
  name: { zh: string; en: string };
  coverage: Coverage;
  counts: Record<IndicatorStatus, number>;
  indicators: EvaluatedIndicator[];
}

/** What evaluating one region and year needs: the library, the values, the siblings, which providers exist. */
export interface EvaluationInput {
  year: number;
  regionCode: string;
  indicators: readonly Indicator[];
  nearPct: number;
  /** The region's values of every year, and its siblings' values of the year. */
  values: readonly StoredValue[];
  siblings: readonly string[];
  hasProvider: (provider: string) => boolean;
}

/**
 * Evaluates a region's year, task by task: each scored indicator's distance to its standard
 * (met / near / not met, the near band from the indicator or the pack), its trend against the
 * previous year with data, its rank among the sibling regions; coverage per task.
 */
export function evaluateRegion(input: EvaluationInput): { tasks: TaskEvaluation[]; coverage: Coverage; counts: Record<IndicatorStatus, number> } {
  const own = new Map<string, YearValue[]>();
  const sameYear = new Map<string, Map<string, number>>();
  const current = new Map<string, StoredValue>();
  for (const v of input.values) {
    if (v.regionCode === input.regionCode) {
      const list = own.get(v.code) ?? [];
      list.push({ year: v.year, value: v.value });
      own.set(v.code, list);
      if (v.year === input.year) current.set(v.code, v);
    }
    if (v.year === input.year && input.siblings.includes(v.regionCode)) {
      const m = sameYear.get(v.code) ?? new Map<string, number>();
      m.set(v.regionCode, v.value);
      sameYear.set(v.code, m);
    }
  }
  const evaluated = input.indicators.map((d) => evaluateOne(d, input, own.get(d.code) ?? [], current.get(d.code) ?? null, sameYear.get(d.code) ?? new Map()));
  const tasksOut = tasks.map((task) => {
    const list = evaluated.filter((_, i) => input.indicators[i]!.task === task);
    return { task, name: taskNames[task], coverage: coverageOf(list), counts: countsOf(list), indicators: list };
  });
  return { tasks: tasksOut, coverage: coverageOf(evaluated), counts: countsOf(evaluated) };
}

function evaluateOne(d: Indicator, input: EvaluationInput, series: YearValue[], stored: StoredValue | null, siblings: Map<string, number>): EvaluatedIndicator {
  const provider = d.obtain.type === 'computed' ? d.obtain.provider : null;
  const bounds: Bounds = d.standard ? { target: d.standard.target ?? undefined, lower: d.standard.lower ?? undefined, upper: d.standard.upper ?? undefined } : {};
  const scored = d.kind !== 'context';
  const base: EvaluatedIndicator = {
    code: d.code,
    name: d.name,
    level: d.level,
    unit: d.unit,
    kind: d.kind,
    direction: d.direction,
    provider,
    value: null,
    source: null,
    standard: d.standard ? { version: d.standard.version, target: d.standard.target, lower: d.standard.lower, upper: d.standard.upper, tier: d.standard.tier, document: d.standard.document, verified: d.standard.verified } : null,
    status: 'missing',
    gap: null,
    relative: null,
    trend: null,
    series: [...series].sort((a, b) => a.year - b.year),
    rank: null,
  };
  if (provider && !input.hasProvider(provider)) return { ...base, series: [], status: 'no_provider' };
  if (!stored) return base;
  const out: EvaluatedIndicator = {
    ...base,
    value: stored.value,
    source: { origin: stored.origin, source: stored.source, sample: stored.sample, provider: stored.provider, coverage: stored.coverage, updatedAt: stored.updatedAt },
    trend: trendOf(series, input.year, scored ? d.direction : null, bounds),
    rank: scored ? (rankSiblings(siblings, d.direction, bounds).get(input.regionCode) ?? null) : null,
    status: scored ? 'no_standard' : 'context',
  };
  if (!scored || !d.standard) return out;
  const dist = distanceToStandard(stored.value, d.direction, bounds, { nearPct: d.nearPct ?? input.nearPct });
  return { ...out, status: dist.status, gap: dist.gap, relative: dist.relative };
}

function coverageOf(list: readonly EvaluatedIndicator[]): Coverage {
  const withValue = list.filter((i) => i.value !== null).length;
  return { withValue, total: list.length, share: list.length ? withValue / list.length : 0 };
}

function countsOf(list: readonly EvaluatedIndicator[]): Record<IndicatorStatus, number> {
  const out = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<IndicatorStatus, number>;
  for (const i of list) out[i.status]++;
  return out;
}
