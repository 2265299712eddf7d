import type { CompiledCondition } from './compile.js';
import { levelDetails, STALE, type KindEvaluator } from './evaluator.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';
import { compact, drop, insertAt, type Series } from './series.js';

/**
 * Rate of change over a sliding window: the least-squares slope of the readings in the last
 * `windowSeconds` (steadier than first-to-last on a noisy sensor), per minute or per hour,
 * upwards (`rise`) or downwards (`fall`). No rate is judged until the window holds
 * `minPoints` readings spanning `minSpanSeconds` (default half the window).
 *
 * The sums behind the slope are kept running (O(1) per reading) relative to an anchor time
 * that follows the window, so they stay small and exact enough; they are recomputed when
 * the anchor moves. Order: a late reading inside the window is inserted where it belongs
 * (the slope does not depend on arrival order); one already present (same timestamp), or
 * older than the window, is ignored.
 */
export interface RateState extends LadderState, Series {
  /** The latest timestamp seen: the window ends there. */
  last: number | null;
  h: number;
  a: number;
  sx: number;
  sy: number;
  sxy: number;
  sxx: number;
  m: number;
}

type RateCfg = Extract<CompiledCondition['cfg'], { kind: 'rate' }>;

export const rate: KindEvaluator<RateState> = {
  init: (c) => ({ ...newLadder(c.levels.length), t: [], v: [], last: null, h: 0, a: 0, sx: 0, sy: 0, sxy: 0, sxx: 0, m: NaN }),
  reading(c, st, r) {
    const cfg = c.cfg as RateCfg;
    const w = cfg.windowSeconds * 1000;
    if (st.last !== null && r.ts <= st.last - w) return STALE;
    if (st.t.length === st.h) {
      st.a = r.ts;
      st.sx = st.sy = st.sxy = st.sxx = 0;
    }
    if (insertAt(st, st.h, r.ts, r.value) < 0) return STALE;
    add(st, r.ts, r.value, 1);
    if (st.last === null || r.ts > st.last) st.last = r.ts;
    const end = st.last;
    while (st.t[st.h]! <= end - w) {
      add(st, st.t[st.h]!, st.v[st.h]!, -1);
      st.h++;
    }
    if (st.t[st.h]! - st.a > w) reanchor(st);
    else st.h -= compact(st, st.h);
    const m = (st.m = measure(cfg, st));
    stepLadder(st, end, m, c, c.forMs, c.clearForMs);
    return end;
  },
  explain: (c, st) => ({ value: st.m, details: { ...levelDetails(c, st.level), per: (c.cfg as RateCfg).per, direction: (c.cfg as RateCfg).direction, points: st.t.length - st.h } }),
};

function add(st: RateState, ts: number, y: number, sign: 1 | -1): void {
  const x = (ts - st.a) / 1000;
  st.sx += sign * x;
  st.sy += sign * y;
  st.sxy += sign * x * y;
  st.sxx += sign * x * x;
}

function reanchor(st: RateState): void {
  drop(st, st.h);
  st.h = 0;
  st.a = st.t[0]!;
  st.sx = st.sy = st.sxy = st.sxx = 0;
  for (let i = 0; i < st.t.length; i++) add(st, st.t[i]!, st.v[i]!, 1);
}

// The slope in value per minute or per hour, signed so that the rule's direction is positive.
function measure(cfg: RateCfg, st: RateState): number {
  const n = st.t.length - st.h;
  const span = st.t[st.t.length - 1]! - st.t[st.h]!;
  const minSpan = (cfg.minSpanSeconds ?? cfg.windowSeconds / 2) * 1000;
  if (n < cfg.minPoints || span < minSpan || span === 0) return NaN;
  const den = n * st.sxx - st.sx * st.sx;
  if (den <= 0) return NaN;
  const perSecond = (n * st.sxy - st.sx * st.sy) / den;
  const slope = perSecond * (cfg.per === 'minute' ? 60 : 3600);
  return cfg.direction === 'rise' ? slope : -slope;
}
