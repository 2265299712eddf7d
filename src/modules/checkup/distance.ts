import type { Direction } from './tasks.js';

/** How a value stands against its standard. */
export type Status = 'met' | 'near' | 'not_met';

/** The part of a standard the scoring needs: a target, or a range for within-a-range indicators. */
export interface Bounds {
  target?: number;
  lower?: number;
  upper?: number;
}

/** A value scored against its standard: the status, the gap in the indicator's unit, the relative distance. */
export interface Distance {
  status: Status;
  /** value − standard, in the indicator's unit, signed so that positive is better; 0 inside a range. */
  gap: number;
  /** gap ÷ |standard| (÷ the range's width for within): the distance to the standard in its own terms; null for a target of 0. */
  relative: number | null;
}

/**
 * Scores a value against its standard (a "distance to a reference", OECD/JRC Handbook on Constructing Composite Indicators, 2008, step 5): met on
 * the right side of the target (or inside the range); near when on the wrong side by at most
 * `nearPct` percent of the target (of the range's width for within; for a target of 0, by at
 * most `nearAbsolute`); not met otherwise.
 */
export function distanceToStandard(value: number, direction: Direction, b: Bounds, { nearPct = 10, nearAbsolute = 0 }: { nearPct?: number; nearAbsolute?: number } = {}): Distance {
  if (!Number.isFinite(value)) throw new Error('value must be a finite number');
  if (direction === 'within') {
    const { lower, upper } = b;
    if (lower === undefined || upper === undefined) throw new Error('a within-a-range standard needs lower and upper');
    const width = upper - lower;
    const gap = value < lower ? value - lower : value > upper ? upper - value : 0;
    const band = width > 0 ? (width * nearPct) / 100 : (Math.abs(lower) * nearPct) / 100;
    const relative = width > 0 ? gap / width : lower !== 0 ? gap / Math.abs(lower) : null;
    return { status: gap === 0 ? 'met' : -gap <= band ? 'near' : 'not_met', gap, relative };
  }
  const target = b.target;
  if (target === undefined) throw new Error(`a ${direction}-is-better standard needs a target`);
  const gap = direction === 'higher' ? value - target : target - value;
  if (gap >= 0) return { status: 'met', gap, relative: target !== 0 ? gap / Math.abs(target) : null };
  const band = target !== 0 ? (Math.abs(target) * nearPct) / 100 : nearAbsolute;
  return { status: -gap <= band ? 'near' : 'not_met', gap, relative: target !== 0 ? gap / Math.abs(target) : null };
}
