import type { CompiledCondition } from './compile.js';
import type { LadderState } from './ladder.js';
import type { Reading } from './types.js';

/**
 * What each rule kind implements. A state is a plain JSON object (it is saved and restored
 * as it is) and is changed in place. `reading` and `tick` answer the time at which they
 * judged the condition, -1 when there was nothing to judge, or STALE when the reading was
 * ignored as a duplicate or as too late (each kind says which in its comment).
 */
export interface KindEvaluator<S extends LadderState = LadderState> {
  init(c: CompiledCondition): S;
  reading(c: CompiledCondition, st: S, r: Reading): number;
  /** Judges on the clock alone (no data, windows sliding past, a night ending). */
  tick?(c: CompiledCondition, st: S, now: number): number;
  /** The value judged and what explains it, for the signal. */
  explain(c: CompiledCondition, st: S): { value: number; details: Record<string, unknown> };
}

/** What `reading` answers for a duplicate or a reading too late to count. */
export const STALE = -2;

/** The level's threshold as shown in a signal (`raise`, `clear`), or nothing at level -1. */
export function levelDetails(c: CompiledCondition, level: number): Record<string, unknown> {
  const l = c.levels[level];
  return l ? { level: l.key, raise: l.raise, clear: l.clear } : { level: null };
}
