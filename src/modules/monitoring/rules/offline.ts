import type { KindEvaluator } from './evaluator.js';
import { newLadder, setLevel, type LadderState } from './ladder.js';

/**
 * No data for N minutes (device offline). Judged on the clock's tick, not on readings: the
 * rule is raised when nothing (of its metric, or of any metric when it names none) has
 * arrived for `minutes`, and cleared by the next reading. An asset that never reported is
 * watched from the time the engine was told about it (`engine.watch`).
 *
 * Order: the latest timestamp seen counts; a late reading does not move it back.
 */
export interface OfflineState extends LadderState {
  seen: number | null;
  device: string | null;
  now: number;
}

export const offline: KindEvaluator<OfflineState> = {
  init: () => ({ ...newLadder(1), seen: null, device: null, now: 0 }),
  reading(_c, st, r) {
    if (st.seen === null || r.ts > st.seen) {
      st.seen = r.ts;
      st.device = r.deviceId;
    }
    st.now = r.ts;
    if (st.level < 0) return -1;
    setLevel(st, -1);
    return r.ts;
  },
  tick(c, st, now) {
    if (st.seen === null) return -1;
    st.now = now;
    if (st.level >= 0) return now;
    if (now - st.seen < c.levels[0]!.windowMs) return -1;
    setLevel(st, 0);
    return now;
  },
  explain: (c, st) => ({ value: st.seen === null ? 0 : Math.max(0, Math.floor((st.now - st.seen) / 60_000)), details: { silentMinutes: c.levels[0]!.raise, lastSeen: st.seen, device: st.device } }),
};
