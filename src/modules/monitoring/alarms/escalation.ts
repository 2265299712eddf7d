import { raiseSeverity, type Severity } from '../rules/types.js';
import { alarmEvents, type Alarm, type AlarmResult } from './alarm.js';
import { event } from './lifecycle.js';
import { transitionTo } from './transitions.js';

/**
 * Escalation: an alarm left unacknowledged past the time set for its severity raises its
 * severity one step (up to critical) and notifies the supervising office; the clock then
 * starts again at the new severity, up to `maxEscalations` times. Acknowledging stops it.
 */

export interface EscalationConfig {
  /** Minutes an alarm may stay unacknowledged at each severity; null: it never escalates. */
  afterMinutes: Record<Severity, number | null>;
  maxEscalations: number;
  /** The office notified by default (an organisation code). */
  supervisor: string;
  /** Per alarm type, another office to notify. */
  supervisors?: Record<string, string | undefined>;
}

/** When the alarm escalates next (epoch ms), or null when it will not. */
export function nextEscalationAt(alarm: Alarm, config: EscalationConfig): number | null {
  if (alarm.state !== 'ACTIVE_UNACK' || alarm.escalations >= config.maxEscalations) return null;
  const after = config.afterMinutes[alarm.severity];
  if (after === null || after === undefined) return null;
  return (alarm.lastEscalatedAt ?? alarm.createdAt) + after * 60_000;
}

/** Escalates the alarm if it is due at `now`; otherwise returns it unchanged with no effects. */
export function escalateIfDue(alarm: Alarm, config: EscalationConfig, now: number): AlarmResult {
  const due = nextEscalationAt(alarm, config);
  if (due === null || now < due) return { alarm, effects: [] };
  const to = transitionTo(alarm, 'escalate');
  const escalations = alarm.escalations + 1;
  const severity = raiseSeverity(alarm.ruleSeverity, escalations);
  const notify = config.supervisors?.[alarm.alarmType] ?? config.supervisor;
  const minutes = Math.floor((now - alarm.createdAt) / 60_000);
  const a: Alarm = {
    ...alarm,
    severity,
    escalations,
    lastEscalatedAt: now,
    updatedAt: now,
    history: [...alarm.history, { at: now, by: 'system:escalation', action: 'escalate', from: alarm.state, to, severity, previousSeverity: alarm.severity, reason: `unacknowledged for ${minutes} min; ${notify} notified` }],
  };
  return {
    alarm: a,
    effects: [
      { kind: 'escalate', alarmId: a.id, notify, severity, previousSeverity: alarm.severity, unacknowledgedMinutes: minutes },
      event(a, alarmEvents.escalated, { assetId: a.assetId, alarmType: a.alarmType, severity, previousSeverity: alarm.severity, escalations, notify }),
    ],
  };
}
