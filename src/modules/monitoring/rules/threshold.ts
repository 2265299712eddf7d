import { levelDetails, STALE, type KindEvaluator } from './evaluator.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';

/**
 * Threshold with hysteresis and minimum duration. Direction `above`: a level is raised when
 * the value is ≥ its `raise`, and held while it is ≥ its `clear` (cleared below it);
 * `below` mirrors this (raised when ≤ raise, held while ≤ clear). Exactly on `raise` counts.
 *
 * Order: a reading not later than the last one judged (a duplicate or a late arrival) is
 * ignored — a threshold judges the present, and the ingest stores the late reading anyway.
 */
export interface ThresholdState extends LadderState {
  last: number | null;
  v: number;
}

export const threshold: KindEvaluator<ThresholdState> = {
  init: (c) => ({ ...newLadder(c.levels.length), last: null, v: 0 }),
  reading(c, st, r) {
    if (st.last !== null && r.ts <= st.last) return STALE;
    st.last = r.ts;
    st.v = r.value;
    stepLadder(st, r.ts, r.value, c, c.forMs, c.clearForMs);
    return r.ts;
  },
  explain: (c, st) => ({ value: st.v, details: { ...levelDetails(c, st.level), direction: c.cfg.kind === 'threshold' ? c.cfg.direction : null } }),
};
