import type { Severity, Signal } from '../rules/types.js';
import type { Actor, Alarm } from './alarm.js';
import { raiseOrUpdate } from './lifecycle.js';

/** Test factories for alarms, for this module's tests and others' (the alarm store, the hotline link). */

/** 2026-07-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 6, 1);
export const MIN = 60_000;
export const operator: Actor = { kind: 'user', id: 'usr_operator' };

/** A signal for asset `ast_1`, alarm type `gas_leak`. */
export function signal(kind: Signal['kind'], severity: Severity, { ts = T0, value = 21, details = {} as Record<string, unknown> } = {}): Signal {
  return { kind, assetId: 'ast_1', alarmType: 'gas_leak', severity, ts, value, details: { rule: 'methane', metric: 'methane_pct_lel', unit: '%LEL', raise: 20, level: 'alarm', ...details } };
}

/** A freshly raised alarm (ACTIVE_UNACK) with a fixed id. */
export function raised(severity: Severity = 'major', at = T0): Alarm {
  return raiseOrUpdate(null, signal('raise', severity, { ts: at }), { now: at, id: 'alm_test' }).alarm;
}
