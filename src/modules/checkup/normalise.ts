import type { Bounds } from './distance.js';
import type { Direction } from './tasks.js';

export const normalisations = ['distance', 'minmax'] as const;
/** How indicator values are put on one scale before they are aggregated. */
export type Normalisation = (typeof normalisations)[number];

/** One indicator's values over the units compared, with what normalising them needs. */
export interface Column {
  code: string;
  direction: Direction;
  /** The standard, when the indicator has one; without it distance-to-standard falls back to min–max. */
  bounds: Bounds | null;
  values: ReadonlyMap<string, number>;
}

/**
 * Distance to a reference, the standard (OECD/JRC Handbook on Constructing Composite
 * Indicators, 2008, step 5): value ÷ target for higher-is-better, target ÷ value for
 * lower-is-better, each capped at `cap` (1: meeting the standard earns full marks, no more); a
 * count of problems against 0 scores 1 ÷ (1 + count); within a range 1 inside and 1 − (distance
 * outside ÷ width) outside, never below 0.
 */
export function distanceScore(value: number, direction: Direction, b: Bounds, { cap = 1 }: { cap?: number } = {}): number {
  if (direction === 'within') {
    const lower = b.lower ?? -Infinity;
    const upper = b.upper ?? Infinity;
    const width = Number.isFinite(upper - lower) && upper > lower ? upper - lower : Math.abs(lower) || 1;
    const out = value < lower ? lower - value : value > upper ? value - upper : 0;
    return Math.max(0, 1 - out / width);
  }
  const t = b.target ?? 0;
  if (direction === 'higher') {
    if (t <= 0) return value >= t ? cap : 0;
    return clamp(value / t, 0, cap);
  }
  if (t === 0) return value <= 0 ? 1 : 1 / (1 + value);
  if (value <= 0) return cap;
  return clamp(t / value, 0, cap);
}

/**
 * Min–max rescaling over the units compared (Handbook, step 5): 0 for the worst, 1 for the best
 * by the indicator's direction (within-a-range by distance to the range); all 1 when every
 * unit has the same value.
 */
export function minMaxScores(values: ReadonlyMap<string, number>, direction: Direction, b: Bounds = {}): Map<string, number> {
  const better = (v: number) => (direction === 'higher' ? v : direction === 'lower' ? -v : -outside(v, b));
  const xs = [...values.values()].map(better);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const out = new Map<string, number>();
  for (const [unit, v] of values) out.set(unit, max > min ? (better(v) - min) / (max - min) : 1);
  return out;
}

/** A column's normalised scores by the chosen method, and the method actually used (distance needs a standard). */
export function normaliseColumn(c: Column, method: Normalisation, { cap = 1 }: { cap?: number } = {}): { used: Normalisation; scores: Map<string, number> } {
  if (method === 'distance' && c.bounds) {
    const scores = new Map<string, number>();
    for (const [unit, v] of c.values) scores.set(unit, distanceScore(v, c.direction, c.bounds, { cap }));
    return { used: 'distance', scores };
  }
  return { used: 'minmax', scores: minMaxScores(c.values, c.direction, c.bounds ?? {}) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function outside(v: number, { lower = -Infinity, upper = Infinity }: Bounds): number {
  return v < lower ? lower - v : v > upper ? v - upper : 0;
}
