import { createRuleEngine, type RuleEngine } from './engine.js';
import { parseRule } from './rule-schema.js';
import type { Reading, Signal } from './types.js';

/**
 * Test factories for the rule engine, for this module's tests and other modules' (the
 * alarm store, the simulator): an engine over one rule on one asset, and readings.
 */

export const MIN = 60_000;
export const HOUR = 3_600_000;
/** 2026-07-01T00:00:00Z, a round start for sequences. */
export const T0 = Date.UTC(2026, 6, 1);

/** An engine with one rule (raw config, validated) for asset `a1` of type `t`. */
export function engineFor(rule: Record<string, unknown>, properties: Record<string, unknown> = {}): RuleEngine {
  const parsed = parseRule({ id: 'r1', alarmType: 'test_alarm', ...rule });
  return createRuleEngine({ rules: { t: [parsed] }, assetOf: (id) => (id === 'a1' ? { type: 't', properties } : undefined) });
}

/** A reading of asset `a1`. */
export function reading(ts: number, value: number, metric = 'm', deviceId = 'd1'): Reading {
  return { assetId: 'a1', deviceId, metric, value, ts };
}

/** Feeds values at a fixed step from `start`; the signals. */
export function feed(engine: RuleEngine, values: number[], { start = T0, stepMs = MIN, metric = 'm' } = {}): Signal[] {
  return engine.evaluateBatch(values.map((v, i) => reading(start + i * stepMs, v, metric)));
}

/** The signals as `kind:severity@minutes-from-T0` strings, for compact assertions. */
export function brief(signals: Signal[], from = T0): string[] {
  return signals.map((s) => `${s.kind}:${s.severity}@${(s.ts - from) / MIN}`);
}
