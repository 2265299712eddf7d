import { aggregateScores, type Aggregation } from './aggregate.js';
import { normaliseColumn, type Column, type Normalisation } from './normalise.js';

/** A column with its weight in the composite. */
export interface WeightedColumn extends Column {
  weight: number;
}

/** How one composite is built; the pack's choice is the baseline, the Monte Carlo varies it. */
export interface CompositeMethod {
  normalisation: Normalisation;
  aggregation: Aggregation;
  /** Weights by indicator code; the columns' own weights where absent. */
  weights?: ReadonlyMap<string, number>;
  cap?: number;
  minCoverage?: number;
}

/** One unit's composite: its value (null: too little data), the share of the weight with values, its rank. */
export interface UnitComposite {
  unit: string;
  value: number | null;
  coverage: number;
  rank: number | null;
}

/**
 * The composite of each unit over the columns (OECD/JRC Handbook on Constructing Composite
 * Indicators, 2008, steps 5–6): each column normalised by the method (distance-to-standard
 * falls back to min–max without a standard — `methods` records what each column used), then
 * aggregated with the weights; units ranked best first, ties sharing the better rank, units
 * without a composite unranked.
 */
export function compositeOf(units: readonly string[], columns: readonly WeightedColumn[], m: CompositeMethod): { units: UnitComposite[]; methods: Record<string, Normalisation> } {
  const methods: Record<string, Normalisation> = {};
  const normalised = columns.map((c) => {
    const n = normaliseColumn(c, m.normalisation, { cap: m.cap });
    methods[c.code] = n.used;
    return { weight: m.weights?.get(c.code) ?? c.weight, scores: n.scores };
  });
  const values = units.map((unit) => ({ unit, ...aggregateScores(normalised.map((c) => ({ score: c.scores.get(unit) ?? null, weight: c.weight })), m.aggregation, { minCoverage: m.minCoverage }) }));
  const ranks = rankValues(new Map(values.map((v) => [v.unit, v.value])));
  return { units: values.map((v) => ({ ...v, rank: ranks.get(v.unit) ?? null })), methods };
}

/** Ranks by value, highest first; equal values share the better rank; nulls are not ranked. */
export function rankValues(values: ReadonlyMap<string, number | null>): Map<string, number> {
  const present = [...values].filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out = new Map<string, number>();
  present.forEach(([unit, v], i) => {
    const prev = present[i - 1];
    out.set(unit, prev && prev[1] === v ? out.get(prev[0])! : i + 1);
  });
  return out;
}
