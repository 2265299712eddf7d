import type { CompiledCondition } from './compile.js';
import { levelDetails, STALE, type KindEvaluator } from './evaluator.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';

/**
 * Deviation from the asset's own recent baseline: the mean and standard deviation of its
 * readings over the last `windowHours`, kept in a ring of time buckets (count, sum, sum of
 * squares; `bucketMinutes` each) so that memory is O(window / bucket) whatever the reporting
 * rate. The current value is judged against the completed buckets only: `zscore` measures
 * (value − mean) / max(σ, minSigma), `percent` measures (value − mean) / |mean| × 100, both
 * signed so that the rule's direction is positive (a pressure drop of 25% measures 25), or
 * taken as a distance for `either` (outside mean ± k·σ).
 *
 * Warm-up: nothing is judged until completed, non-empty buckets cover `warmupHours`
 * (default half the window). While an alarm is active the baseline is frozen (unless
 * `freezeWhileActive` is false), so a leak does not become the new normal; an alarm longer
 * than the window therefore starts the warm-up again once it clears.
 *
 * Order: a reading not later than the last one is ignored (buckets keep no timestamps).
 */
export interface BaselineState extends LadderState {
  last: number | null;
  v: number;
  /** Subtracted from every value before it is summed, for numerical accuracy. */
  shift: number | null;
  /** The bucket number (time / bucket length) of the newest bucket, which is still filling. */
  cur: number | null;
  cnt: number[];
  sum: number[];
  sq: number[];
  /** Count, sum and sum of squares over the completed buckets, kept running. */
  tn: number;
  tsum: number;
  tq: number;
  /** How many completed buckets hold data. */
  filled: number;
  /** Bucket advances since the running totals were last recomputed exactly. */
  adv: number;
  mean: number;
  sd: number;
  m: number;
}

type BaselineCfg = Extract<CompiledCondition['cfg'], { kind: 'baseline' }>;

const slots = (cfg: BaselineCfg) => Math.round((cfg.windowHours * 60) / cfg.bucketMinutes) + 1;

export const baseline: KindEvaluator<BaselineState> = {
  init(c) {
    const n = slots(c.cfg as BaselineCfg);
    return { ...newLadder(c.levels.length), last: null, v: 0, shift: null, cur: null, cnt: zeros(n), sum: zeros(n), sq: zeros(n), tn: 0, tsum: 0, tq: 0, filled: 0, adv: 0, mean: NaN, sd: NaN, m: NaN };
  },
  reading(c, st, r) {
    const cfg = c.cfg as BaselineCfg;
    if (st.last !== null && r.ts <= st.last) return STALE;
    st.last = r.ts;
    const v = (st.v = r.value);
    if (!(cfg.freezeWhileActive && st.level >= 0)) addToBuckets(cfg, st, r.ts, v);
    const warmupMin = (cfg.warmupHours ?? cfg.windowHours / 2) * 60;
    const ready = st.filled * cfg.bucketMinutes >= warmupMin && st.mean === st.mean;
    const m = (st.m = ready ? measure(cfg, st, v) : NaN);
    stepLadder(st, r.ts, m, c, c.forMs, c.clearForMs);
    return r.ts;
  },
  explain: (c, st) => ({ value: st.v, details: { ...levelDetails(c, st.level), method: (c.cfg as BaselineCfg).method, deviation: st.m, baseline: st.mean, sigma: st.sd } }),
};

function addToBuckets(cfg: BaselineCfg, st: BaselineState, ts: number, v: number): void {
  const n = st.cnt.length;
  const bn = Math.floor(ts / (cfg.bucketMinutes * 60_000));
  if (st.shift === null) st.shift = v;
  if (st.cur === null) st.cur = bn;
  if (bn > st.cur) {
    // The bucket that was filling is complete: it joins the totals.
    move(st, st.cur % n, 1);
    // The slots of the buckets now starting held buckets that left the window: they leave the totals.
    for (let j = 1, steps = Math.min(bn - st.cur, n); j <= steps; j++) {
      const s = (st.cur + j) % n;
      move(st, s, -1);
      st.cnt[s] = st.sum[s] = st.sq[s] = 0;
    }
    st.cur = bn;
    // Once per turn of the ring the totals are summed afresh, so rounding cannot drift.
    if (++st.adv >= n) totals(st, bn % n);
    const { tn, tsum, tq } = st;
    st.mean = tn > 0 ? st.shift + tsum / tn : NaN;
    st.sd = tn > 1 ? Math.sqrt(Math.max(0, (tq - (tsum * tsum) / tn) / (tn - 1))) : NaN;
  }
  const s = bn % n;
  const x = v - st.shift;
  st.cnt[s]! += 1;
  st.sum[s]! += x;
  st.sq[s]! += x * x;
}

// Adds a slot's bucket to the running totals (sign 1) or takes it out (-1).
function move(st: BaselineState, slot: number, sign: 1 | -1): void {
  const c = st.cnt[slot]!;
  if (c === 0) return;
  st.tn += sign * c;
  st.tsum += sign * st.sum[slot]!;
  st.tq += sign * st.sq[slot]!;
  st.filled += sign;
}

// The totals summed afresh over the completed buckets: O(window / bucket), once per turn of the ring.
function totals(st: BaselineState, current: number): void {
  st.tn = st.tsum = st.tq = st.filled = st.adv = 0;
  for (let i = 0; i < st.cnt.length; i++) if (i !== current) move(st, i, 1);
}

function measure(cfg: BaselineCfg, st: BaselineState, v: number): number {
  const d =
    cfg.method === 'zscore'
      ? (v - st.mean) / Math.max(st.sd === st.sd ? st.sd : 0, cfg.minSigma)
      : st.mean === 0
        ? NaN
        : ((v - st.mean) / Math.abs(st.mean)) * 100;
  if (!Number.isFinite(d)) return NaN;
  return cfg.direction === 'above' ? d : cfg.direction === 'below' ? -d : Math.abs(d);
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}
