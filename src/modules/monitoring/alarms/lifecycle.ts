import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { raiseSeverity, severityRank, type Signal } from '../rules/types.js';
import { actorLabel, alarmEvents, isActive, type Actor, type Alarm, type AlarmEffect, type AlarmResult } from './alarm.js';
import { transitionTo } from './transitions.js';

/**
 * The alarm lifecycle driven by the rules: a raise makes a new alarm unless one is active
 * for the same asset and type, which it updates instead (count, last value, latest time; the
 * severity may rise or fall, and each change is recorded); a clear ends it. Pure: every
 * function returns a new alarm and the effects (events) to emit; the old one is untouched.
 */

const rules: Actor = { kind: 'system', id: 'rules' };
const maxReason = 500;

/** Applies a raise or update signal: a new alarm, or the active one updated. */
export function raiseOrUpdate(current: Alarm | null, signal: Signal, { now = signal.ts, id }: { now?: number; id?: string } = {}): AlarmResult {
  if (signal.kind === 'clear') throw new AppError('invalid', 'a clear signal clears an alarm: use clearAlarm', { field: 'kind' });
  if (current && (current.assetId !== signal.assetId || current.alarmType !== signal.alarmType)) {
    throw new AppError('invalid', `signal for ${signal.assetId}/${signal.alarmType} applied to alarm ${current.id} of ${current.assetId}/${current.alarmType}`, { field: 'alarmType' });
  }
  if (!current || !isActive(current)) return raise(signal, now, id ?? newId('alm', new Date(now)));
  const state = transitionTo(current, 'update');
  const severity = raiseSeverity(signal.severity, current.escalations);
  const latest = signal.ts >= current.lastTs;
  const a: Alarm = {
    ...current,
    severity,
    ruleSeverity: signal.severity,
    count: current.count + 1,
    value: latest ? signal.value : current.value,
    details: latest ? signal.details : current.details,
    lastTs: Math.max(current.lastTs, signal.ts),
    peak: severityRank(signal.severity) >= severityRank(current.peak.severity) ? { severity: signal.severity, value: signal.value, ts: signal.ts } : current.peak,
    updatedAt: now,
    history: current.history,
  };
  if (severity !== current.severity) {
    a.history = [...current.history, { at: now, by: actorLabel(rules), action: 'severity', from: state, to: state, severity, previousSeverity: current.severity }];
  }
  const payload: Record<string, unknown> = { assetId: a.assetId, alarmType: a.alarmType, severity, count: a.count, value: signal.value, ts: signal.ts };
  if (severity !== current.severity) payload.previousSeverity = current.severity;
  return { alarm: a, effects: [event(a, alarmEvents.updated, payload)] };
}

/**
 * Clears an active alarm: by its rule's clear condition (the system), or by a user, who
 * must give a reason. `ts` and `value` are the reading that cleared it, when there is one.
 */
export function clearAlarm(alarm: Alarm, { by, now, reason, ts, value }: { by: Actor; now: number; reason?: string; ts?: number; value?: number }): AlarmResult {
  const why = reason?.trim() ?? '';
  if (by.kind === 'user' && !why) throw new AppError('invalid', 'a reason is required to clear an alarm by hand', { field: 'reason' });
  if (why.length > maxReason) throw new AppError('too_large', `the reason is ${why.length} characters; at most ${maxReason}`, { field: 'reason' });
  const to = transitionTo(alarm, 'clear');
  const who = actorLabel(by);
  const clearReason = why || 'clear condition met';
  const a: Alarm = {
    ...alarm,
    state: to,
    value: value ?? alarm.value,
    endTs: ts ?? now,
    clearedAt: now,
    clearedBy: who,
    clearReason,
    updatedAt: now,
    history: [...alarm.history, { at: now, by: who, action: 'clear', from: alarm.state, to, reason: clearReason }],
  };
  return { alarm: a, effects: [event(a, alarmEvents.cleared, { assetId: a.assetId, alarmType: a.alarmType, by: who, manual: by.kind === 'user', reason: clearReason, state: to })] };
}

/** Applies any signal: raise and update through `raiseOrUpdate`, clear through `clearAlarm`; null when a clear finds nothing active. */
export function applySignal(current: Alarm | null, signal: Signal, opts: { now?: number; id?: string } = {}): AlarmResult | null {
  if (signal.kind !== 'clear') return raiseOrUpdate(current, signal, opts);
  if (!current || !isActive(current) || current.assetId !== signal.assetId || current.alarmType !== signal.alarmType) return null;
  return clearAlarm(current, { by: rules, now: opts.now ?? signal.ts, ts: signal.ts, value: signal.value });
}

function raise(signal: Signal, now: number, id: string): AlarmResult {
  const a: Alarm = {
    id,
    assetId: signal.assetId,
    alarmType: signal.alarmType,
    state: 'ACTIVE_UNACK',
    severity: signal.severity,
    ruleSeverity: signal.severity,
    escalations: 0,
    lastEscalatedAt: null,
    count: 1,
    value: signal.value,
    peak: { severity: signal.severity, value: signal.value, ts: signal.ts },
    details: signal.details,
    startTs: signal.ts,
    lastTs: signal.ts,
    endTs: null,
    createdAt: now,
    updatedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    clearedAt: null,
    clearedBy: null,
    clearReason: null,
    assignee: null,
    caseId: null,
    caseClosedAt: null,
    caseClosingNote: null,
    comments: [],
    history: [{ at: now, by: actorLabel(rules), action: 'raise', from: null, to: 'ACTIVE_UNACK', severity: signal.severity }],
  };
  return { alarm: a, effects: [event(a, alarmEvents.raised, { assetId: a.assetId, alarmType: a.alarmType, severity: a.severity, value: a.value, ts: a.startTs, details: a.details })] };
}

/** An outbox event of an alarm. */
export function event(a: Alarm, name: (typeof alarmEvents)[keyof typeof alarmEvents], payload: Record<string, unknown>): AlarmEffect {
  return { kind: 'event', event: name, alarmId: a.id, payload };
}
