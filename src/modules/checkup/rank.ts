import type { Bounds } from './distance.js';
import type { Direction } from './tasks.js';

/** A region's place among its siblings on one indicator: 1 is best; ties share the better rank. */
export interface RankPlace {
  rank: number;
  /** How many siblings (the region included) had a value. */
  of: number;
}

/**
 * Ranks sibling regions (same parent) on one indicator's values, best first by its
 * direction; within-a-range by distance to the range. Equal values share a rank (1, 1, 3).
 * Regions without a value are not ranked and not counted.
 */
export function rankSiblings(values: ReadonlyMap<string, number>, direction: Direction, bounds: Bounds = {}): Map<string, RankPlace> {
  const score = (v: number) => (direction === 'higher' ? v : direction === 'lower' ? -v : -outside(v, bounds));
  const ordered = [...values].sort((a, b) => score(b[1]) - score(a[1]) || a[0].localeCompare(b[0]));
  const out = new Map<string, RankPlace>();
  ordered.forEach(([code, v], i) => {
    const prev = ordered[i - 1];
    const rank = prev && score(prev[1]) === score(v) ? out.get(prev[0])!.rank : i + 1;
    out.set(code, { rank, of: ordered.length });
  });
  return out;
}

function outside(v: number, { lower = -Infinity, upper = Infinity }: Bounds): number {
  return v < lower ? lower - v : v > upper ? v - upper : 0;
}
