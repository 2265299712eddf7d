import { compositeOf, type CompositeMethod, type WeightedColumn } from './composite.js';
import { geometricFloor, type Aggregation } from './aggregate.js';
import { normaliseColumn, type Normalisation } from './normalise.js';
import { seededDraws } from './random.js';

/** What the Monte Carlo varies, and how often. */
export interface SensitivitySettings {
  runs: number;
  seed: number;
  /** Dirichlet around the baseline weights (α = concentration × share), or each weight ±pct uniformly. */
  weights: { method: 'dirichlet'; concentration: number } | { method: 'uniform'; pct: number };
  normalisations: readonly Normalisation[];
  aggregations: readonly Aggregation[];
  cap?: number;
  minCoverage?: number;
}

/** One unit's rank under uncertainty: its baseline rank and the spread of its ranks over the runs. */
export interface RankInterval {
  unit: string;
  baseline: number | null;
  median: number | null;
  /** 5th and 95th percentiles of its rank (nearest-rank method): 90% of the runs ranked it within. */
  p05: number | null;
  p95: number | null;
  best: number | null;
  worst: number | null;
  /** In how many runs it had a composite at all. */
  ranked: number;
}

/**
 * Uncertainty analysis of a composite's ranking (OECD/JRC Handbook on Constructing Composite
 * Indicators, 2008, step 7): `runs` seeded Monte Carlo runs, each drawing the weights (Dirichlet
 * or uniform ±pct around the baseline), a normalisation and an aggregation from the lists; each
 * unit's rank over the runs is summarised as median and 5th–95th percentile, so nobody reads
 * more into a rank than the data allow.
 */
export function rankIntervals(units: readonly string[], columns: readonly WeightedColumn[], baseline: CompositeMethod, s: SensitivitySettings): { runs: number; seed: number; intervals: RankInterval[] } {
  if (!Number.isInteger(s.runs) || s.runs < 1) throw new Error('runs must be a whole number ≥ 1');
  const draws = seededDraws(s.seed);
  const base = compositeOf(units, columns, baseline);
  const cap = s.cap ?? baseline.cap;
  const minCoverage = s.minCoverage ?? baseline.minCoverage;
  // Normalising does not depend on the weights: each method's scores once (units × columns), not once a run.
  const matrices = new Map<Normalisation, (number | null)[][]>();
  const scoresBy = (n: Normalisation) => {
    let m = matrices.get(n);
    if (!m) {
      const cols = columns.map((c) => normaliseColumn(c, n, { cap }).scores);
      matrices.set(n, (m = units.map((u) => cols.map((sc) => sc.get(u) ?? null))));
    }
    return m;
  };
  const ranks = units.map(() => [] as number[]);
  const total = columns.reduce((a, c) => a + c.weight, 0);
  const weights = columns.map((c) => c.weight);
  for (let r = 0; r < s.runs; r++) {
    // The draws in the order they always were (weights, normalisation, aggregation): a seed gives the same intervals.
    if (total > 0 && columns.length) {
      if (s.weights.method === 'dirichlet') {
        const { concentration } = s.weights;
        const drawn = draws.dirichlet(columns.map((c) => Math.max(1e-6, (concentration * columns.length * c.weight) / total)));
        columns.forEach((_, i) => (weights[i] = drawn[i]!));
      } else {
        const { pct } = s.weights;
        columns.forEach((c, i) => (weights[i] = c.weight * (1 + ((2 * draws.uniform() - 1) * pct) / 100)));
      }
    }
    const scores = scoresBy(draws.pick(s.normalisations));
    const aggregation = draws.pick(s.aggregations);
    const values = scores.map((row) => aggregateRow(row, weights, aggregation, minCoverage));
    rankInto(units, values, ranks);
  }
  const baseRank = new Map(base.units.map((u) => [u.unit, u.rank]));
  return {
    runs: s.runs,
    seed: s.seed,
    intervals: units.map((unit, i) => {
      const xs = ranks[i]!.sort((a, b) => a - b);
      return { unit, baseline: baseRank.get(unit) ?? null, median: percentile(xs, 50), p05: percentile(xs, 5), p95: percentile(xs, 95), best: xs[0] ?? null, worst: xs.at(-1) ?? null, ranked: xs.length };
    }),
  };
}

/** The p-th percentile of sorted numbers by the nearest-rank method; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, i) - 1]!;
}

// aggregateScores without its allocations, the same sums in the same order (the run loop's hot path).
function aggregateRow(scores: readonly (number | null)[], weights: readonly number[], method: Aggregation, minCoverage = 0.5): number | null {
  let total = 0;
  let have = 0;
  for (let j = 0; j < scores.length; j++) {
    total += weights[j]!;
    if (scores[j] !== null && weights[j]! > 0) have += weights[j]!;
  }
  const coverage = total > 0 ? have / total : 0;
  if (!have || coverage < minCoverage) return null;
  let sum = 0;
  for (let j = 0; j < scores.length; j++) {
    const score = scores[j];
    const w = weights[j]!;
    if (score === null || score === undefined || !(w > 0)) continue;
    sum += method === 'arithmetic' ? w * score : (w / have) * Math.log(Math.max(geometricFloor, score));
  }
  return method === 'arithmetic' ? sum / have : Math.exp(sum);
}

// rankValues on arrays: highest first, ties (by unit name) share the better rank, nulls unranked; each rank appended to its unit's list.
function rankInto(units: readonly string[], values: readonly (number | null)[], into: number[][]): void {
  const order = values.map((_, i) => i).filter((i) => values[i] !== null);
  order.sort((a, b) => values[b]! - values[a]! || units[a]!.localeCompare(units[b]!));
  let rank = 0;
  order.forEach((u, i) => {
    if (i === 0 || values[order[i - 1]!] !== values[u]) rank = i + 1;
    into[u]!.push(rank);
  });
}
