import type { CompiledCondition } from './compile.js';
import { STALE, type KindEvaluator } from './evaluator.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';
import { compact, insertAt, type Series } from './series.js';

/**
 * Rolling-window sums, one window per level (rainfall: 50 mm in 12 h, 6 h, 3 h; 100 mm in
 * 3 h). Each reading is an amount for the interval ending at its timestamp (a rain gauge's
 * 5-minute or 1-minute total), so a window of length W ending at `end` sums the readings
 * with end − W < ts ≤ end. The highest level whose condition holds wins.
 *
 * Values are summed as integers of `resolution` (0.001 mm by default), so that 36 × (50/36)
 * mm is exactly 50.0 mm and a sum at a boundary is never lost to rounding. The windows end at
 * the latest reading, or at the clock's time on a tick, so a gauge that falls silent when the
 * rain stops (tipping buckets report only tips) still sees its signal lifted.
 *
 * Order: a late reading inside the longest window is inserted where it belongs and counted
 * in every window it falls into; a second reading with the same timestamp (a redelivery) is
 * ignored; one older than the longest window is ignored.
 */
export interface WindowSumState extends LadderState, Series {
  end: number | null;
  /** Per level: the index of its window's first entry, and its sum in units of resolution. */
  heads: number[];
  sums: number[];
}

type SumCfg = Extract<CompiledCondition['cfg'], { kind: 'window-sum' }>;

export const windowSum: KindEvaluator<WindowSumState> = {
  init: (c) => ({ ...newLadder(c.levels.length), t: [], v: [], end: null, heads: c.levels.map(() => 0), sums: c.levels.map(() => 0) }),
  reading(c, st, r) {
    const res = (c.cfg as SumCfg).resolution;
    const units = Math.round(r.value / res);
    if (st.end !== null && r.ts <= st.end - longest(c)) return STALE;
    const at = insertAt(st, first(st.heads), r.ts, units);
    if (at < 0) return STALE;
    const end = st.end === null || r.ts > st.end ? r.ts : st.end;
    c.levels.forEach((l, k) => {
      if (r.ts > end - l.windowMs) st.sums[k]! += units;
      else st.heads[k]!++;
    });
    return slide(c, st, end);
  },
  tick: (c, st, now) => (st.end !== null && now > st.end ? slide(c, st, now) : -1),
  explain(c, st) {
    const res = (c.cfg as SumCfg).resolution;
    const at = Math.max(st.level, 0);
    const sums = Object.fromEntries(c.levels.map((l, k) => [`${l.windowMs / 60_000}min`, round(st.sums[k]! * res)]));
    const l = c.levels[st.level];
    return { value: round(st.sums[at]! * res), details: { level: l?.key ?? null, raise: l?.raise ?? null, windowMinutes: l ? l.windowMs / 60_000 : null, sums } };
  },
};

// Moves the windows' end to `end`, drops what left them, and judges.
function slide(c: CompiledCondition, st: WindowSumState, end: number): number {
  st.end = end;
  const len = st.t.length;
  c.levels.forEach((l, k) => {
    let h = st.heads[k]!;
    while (h < len && st.t[h]! <= end - l.windowMs) st.sums[k]! -= st.v[h++]!;
    st.heads[k] = h;
  });
  const dropped = compact(st, first(st.heads));
  if (dropped) for (let k = 0; k < st.heads.length; k++) st.heads[k]! -= dropped;
  stepLadder(st, end, st.sums, c, c.forMs, c.clearForMs);
  return end;
}

function longest(c: CompiledCondition): number {
  let w = 0;
  for (const l of c.levels) if (l.windowMs > w) w = l.windowMs;
  return w;
}

// The head of the longest window: the first live entry.
function first(heads: number[]): number {
  let h = heads[0]!;
  for (let k = 1; k < heads.length; k++) if (heads[k]! < h) h = heads[k]!;
  return h;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
