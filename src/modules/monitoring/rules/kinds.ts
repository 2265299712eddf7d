import type { CompiledCondition } from './compile.js';
import type { KindEvaluator } from './evaluator.js';
import type { RuleKind } from './rule-schema.js';
import { baseline } from './baseline.js';
import { combination } from './combination.js';
import { nightMin } from './night-min.js';
import { offline } from './offline.js';
import { rate } from './rate.js';
import { threshold } from './threshold.js';
import { windowSum } from './window-sum.js';

// Built on first use: combination.ts imports this file, so the table may not be built at load.
let evaluators: Record<RuleKind, KindEvaluator<any>> | null = null;

/** The evaluator of a condition's kind. */
export function evaluatorOf(c: CompiledCondition): KindEvaluator<any> {
  evaluators ??= { threshold, rate, baseline, 'night-min': nightMin, 'window-sum': windowSum, offline, combination };
  return evaluators[c.cfg.kind];
}
