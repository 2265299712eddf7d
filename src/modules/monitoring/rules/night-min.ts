import type { CompiledCondition } from './compile.js';
import { levelDetails, STALE, type KindEvaluator } from './evaluator.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';

/**
 * Minimum night flow (最小夜间流量), the water utilities' leak indicator: the smallest flow
 * between `from` and `to` local time (02:00–04:00 by default, when almost nobody draws
 * water) is compared, once the night's window has ended, with the median of the previous
 * `nights` nights' minima; the measure is the rise in percent. Nothing is judged before
 * `minNights` nights are known, nor on a night with fewer than `minReadings` readings.
 * Nights judged anomalous do not enter the baseline. A rule's `forSeconds` of 86,400 asks
 * for two anomalous nights in a row.
 *
 * Local time uses a fixed UTC offset (China keeps no daylight saving time). Order: within
 * the open night arrival order does not matter (a minimum); a reading for a night already
 * judged is ignored.
 */
export interface NightMinState extends LadderState {
  /** The night whose window is open (days since the epoch at the window's start), or null. */
  night: number | null;
  min: number;
  n: number;
  /** The last night judged or skipped. */
  closed: number | null;
  /** Previous nights' minima, oldest first. */
  hist: number[];
  base: number;
  m: number;
}

type NightCfg = Extract<CompiledCondition['cfg'], { kind: 'night-min' }>;
const DAY = 86_400_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

interface Clock {
  dur: number;
  shift: number;
}
const clocks = new WeakMap<NightCfg, Clock>();

// The window's length, and the shift that makes a night's window start at a multiple of a day.
function clock(cfg: NightCfg): Clock {
  let c = clocks.get(cfg);
  if (!c) {
    const from = minutes(cfg.from) * 60_000;
    c = { dur: ((minutes(cfg.to) - minutes(cfg.from) + 1440) % 1440) * 60_000, shift: cfg.utcOffsetMinutes * 60_000 - from };
    clocks.set(cfg, c);
  }
  return c;
}

export const nightMin: KindEvaluator<NightMinState> = {
  init: (c) => ({ ...newLadder(c.levels.length), night: null, min: 0, n: 0, closed: null, hist: [], base: NaN, m: NaN }),
  reading(c, st, r) {
    const cfg = c.cfg as NightCfg;
    const { dur, shift } = clock(cfg);
    const judged = closeIfOver(c, st, r.ts);
    const local = r.ts + shift;
    const night = Math.floor(local / DAY);
    if (local - night * DAY >= dur) return judged;
    if ((st.closed !== null && night <= st.closed) || (st.night !== null && night < st.night)) return judged >= 0 ? judged : STALE;
    if (st.night === night) {
      if (r.value < st.min) st.min = r.value;
      st.n++;
    } else {
      st.night = night;
      st.min = r.value;
      st.n = 1;
    }
    return judged;
  },
  tick: (c, st, now) => closeIfOver(c, st, now),
  explain: (c, st) => ({ value: st.min, details: { ...levelDetails(c, st.level), baseline: st.base, risePct: st.m, nights: st.hist.length } }),
};

// Judges the open night once its window has ended; answers the time it was judged, or -1.
function closeIfOver(c: CompiledCondition, st: NightMinState, now: number): number {
  const cfg = c.cfg as NightCfg;
  if (st.night === null) return -1;
  const { dur, shift } = clock(cfg);
  const end = st.night * DAY - shift + dur;
  if (now < end) return -1;
  const night = st.night;
  st.night = null;
  st.closed = night;
  if (st.n < cfg.minReadings) return -1;
  const base = (st.base = st.hist.length >= cfg.minNights ? median(st.hist) : NaN);
  const m = (st.m = base > 0 ? ((st.min - base) / base) * 100 : NaN);
  stepLadder(st, end, m, c, c.forMs, c.clearForMs);
  if (st.level < 0) {
    st.hist.push(st.min);
    if (st.hist.length > cfg.nights) st.hist.shift();
  }
  return end;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
