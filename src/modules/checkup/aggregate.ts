export const aggregations = ['arithmetic', 'geometric'] as const;
/** How normalised scores are combined: a weighted arithmetic or geometric mean. */
export type Aggregation = (typeof aggregations)[number];

/** One indicator's normalised score for a unit (null: no value) and its weight. */
export interface WeightedScore {
  score: number | null;
  weight: number;
}

// Geometric means need scores above 0: a 0 would wipe out every other indicator.
export const geometricFloor = 0.01;

/**
 * The weighted mean of the scores that have a value (OECD/JRC Handbook 2008, step 6): arithmetic
 * Σwᵢsᵢ ÷ Σwᵢ, or geometric Π sᵢ^(wᵢ/Σw) with scores floored at 0.01. Missing scores are left
 * out and the weights re-normalised over the rest; `coverage` is the share of the weight that
 * had values, and below `minCoverage` there is no composite (missing, never 0).
 */
export function aggregateScores(scores: readonly WeightedScore[], method: Aggregation, { minCoverage = 0.5 }: { minCoverage?: number } = {}): { value: number | null; coverage: number } {
  const total = scores.reduce((a, s) => a + s.weight, 0);
  const present = scores.filter((s): s is { score: number; weight: number } => s.score !== null && s.weight > 0);
  const have = present.reduce((a, s) => a + s.weight, 0);
  const coverage = total > 0 ? have / total : 0;
  if (!have || coverage < minCoverage) return { value: null, coverage };
  if (method === 'arithmetic') return { value: present.reduce((a, s) => a + s.weight * s.score, 0) / have, coverage };
  const log = present.reduce((a, s) => a + (s.weight / have) * Math.log(Math.max(geometricFloor, s.score)), 0);
  return { value: Math.exp(log), coverage };
}
