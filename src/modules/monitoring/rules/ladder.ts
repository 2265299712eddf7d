/**
 * The level ladder every rule kind climbs: levels 0…n-1 from the least to the most severe,
 * -1 for "no alarm". A level above the current one is reached when its raise condition
 * (measure ≥ raise, or ≤ for a falling sign) has held for `forMs`; a level at or below the
 * current one is kept until its hold condition (measure ≥ clear: the hysteresis side) has
 * failed for `clearForMs`. Between the
 * two the value may wander freely: flapping around a threshold creates no alarm storm.
 */

/** The ladder's part of a rule's state (plain JSON). */
export interface LadderState {
  /** The current level, -1 when none. */
  level: number;
  /**
   * Per level: above the current level, since when its raise condition holds; at or below
   * it, since when its hold condition fails; null when neither is running.
   */
  since: (number | null)[];
}

/** A ladder at rest with `n` levels. */
export function newLadder(n: number): LadderState {
  return { level: -1, since: new Array<number | null>(n).fill(null) };
}

/** The thresholds a ladder compares with: level i raises at `raise[i]` and holds while past `clear[i]`. */
export interface Thresholds {
  /** 1: at or above the threshold counts; -1: at or below it. */
  sign: 1 | -1;
  raise: number[];
  clear: number[];
}

/**
 * Moves the ladder at time `ts` for the measure `x` (one for all levels, or one per level,
 * as for window sums of different lengths). A NaN measure (not enough data) meets no
 * condition. Returns the new level.
 */
export function stepLadder(st: LadderState, ts: number, x: number | number[], th: Thresholds, forMs: number, clearForMs: number): number {
  const from = st.level;
  const since = st.since;
  const { sign, raise, clear } = th;
  const scalar = typeof x === 'number';
  let up = -1;
  for (let i = 0; i < since.length; i++) {
    const v = sign * (scalar ? x : x[i]!);
    if (i > from) {
      if (v >= sign * raise[i]!) {
        const s = since[i] ?? (since[i] = ts);
        if (ts - s >= forMs) up = i;
      } else since[i] = null;
    } else if (!(v >= sign * clear[i]!)) {
      if (since[i] === null) since[i] = ts;
    } else since[i] = null;
  }
  let to = from;
  if (up > from) to = up;
  else while (to >= 0 && since[to] !== null && ts - since[to]! >= clearForMs) to--;
  if (to !== from) {
    // Levels between the old and the new one change side: their clocks start afresh.
    for (let i = Math.min(from, to) + 1; i <= Math.max(from, to); i++) since[i] = null;
    st.level = to;
  }
  return to;
}

/** Sets the level outright (for kinds judged once per period, or on a clock tick). */
export function setLevel(st: LadderState, level: number): void {
  if (level === st.level) return;
  st.since.fill(null);
  st.level = level;
}
