import type { CompiledCondition } from './compile.js';
import { STALE, type KindEvaluator } from './evaluator.js';
import { evaluatorOf } from './kinds.js';
import { newLadder, stepLadder, type LadderState } from './ladder.js';

/**
 * A combination of conditions on the same asset (`all` or `any`): methane rising AND above
 * a threshold. Each sub-condition keeps its own state, hysteresis and durations; the
 * combination is true while all (or any) of them stand at a level, and has its own
 * `forSeconds` and `clearForSeconds` on top. Readings go to the sub-conditions that read
 * their metric, each with its own rule for order; ticks go to all.
 */
export interface CombinationState extends LadderState {
  subs: LadderState[];
  v: number;
  metric: string | null;
}

export const combination: KindEvaluator<CombinationState> = {
  init: (c) => ({ ...newLadder(1), subs: c.subs.map((s) => evaluatorOf(s).init(s)), v: 0, metric: null }),
  reading(c, st, r) {
    let judged = false;
    let stale = false;
    for (let i = 0; i < c.subs.length; i++) {
      const sub = c.subs[i]!;
      if (sub.metrics[0] !== r.metric && sub.metrics[0] !== '*') continue;
      const at = evaluatorOf(sub).reading(sub, st.subs[i]!, r);
      if (at >= 0) judged = true;
      else if (at === STALE) stale = true;
    }
    if (!judged) return stale ? STALE : -1;
    st.v = r.value;
    st.metric = r.metric;
    return judge(c, st, r.ts);
  },
  tick(c, st, now) {
    let judged = false;
    c.subs.forEach((sub, i) => {
      const ev = evaluatorOf(sub);
      if (ev.tick && ev.tick(sub, st.subs[i]!, now) >= 0) judged = true;
    });
    return judged ? judge(c, st, now) : -1;
  },
  explain: (c, st) => ({
    value: st.v,
    details: {
      mode: c.cfg.kind === 'combination' ? c.cfg.mode : null,
      metric: st.metric,
      conditions: c.subs.map((sub, i) => {
        const { value, details } = evaluatorOf(sub).explain(sub, st.subs[i]!);
        return { kind: sub.cfg.kind, metric: sub.metrics[0], met: st.subs[i]!.level >= 0, value, ...details };
      }),
    },
  }),
};

function judge(c: CompiledCondition, st: CombinationState, ts: number): number {
  const all = c.cfg.kind === 'combination' && c.cfg.mode === 'all';
  const met = all ? st.subs.every((s) => s.level >= 0) : st.subs.some((s) => s.level >= 0);
  stepLadder(st, ts, met ? 1 : 0, c, c.forMs, c.clearForMs);
  return ts;
}
