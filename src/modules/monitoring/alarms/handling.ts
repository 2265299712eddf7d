import { AppError } from '../../../core/errors.js';
import { actorLabel, alarmEvents, type Actor, type Alarm, type AlarmResult, type Assignee } from './alarm.js';
import { event } from './lifecycle.js';
import { transitionTo } from './transitions.js';

/**
 * What people do with an alarm: acknowledge it, assign it to a user or an office (or take
 * the assignment back), comment on it; and what the hotline tells it: the case it opened,
 * and that case's closure. Each is a history entry; disallowed ones are `conflict` errors.
 */

const maxComment = 2000;

/** Acknowledges an alarm (active or cleared): someone has seen it and answers for it. */
export function acknowledgeAlarm(alarm: Alarm, { by, now, note }: { by: Actor; now: number; note?: string }): AlarmResult {
  const to = transitionTo(alarm, 'acknowledge');
  const who = actorLabel(by);
  const a: Alarm = {
    ...alarm,
    state: to,
    acknowledgedAt: now,
    acknowledgedBy: who,
    updatedAt: now,
    history: [...alarm.history, { at: now, by: who, action: 'acknowledge', from: alarm.state, to, ...(note?.trim() ? { reason: note.trim() } : {}) }],
  };
  return { alarm: a, effects: [event(a, alarmEvents.acknowledged, { assetId: a.assetId, alarmType: a.alarmType, by: who, state: to })] };
}

/** Assigns an alarm to a user or an office, or unassigns it (`assignee: null`); the same assignment again changes nothing. */
export function assignAlarm(alarm: Alarm, { by, now, assignee }: { by: Actor; now: number; assignee: Assignee | null }): AlarmResult {
  if (assignee && (!['user', 'org'].includes(assignee.kind) || !assignee.id.trim())) throw new AppError('invalid', 'an assignee is a user or an office with an id', { field: 'assignee' });
  const to = transitionTo(alarm, assignee ? 'assign' : 'unassign');
  if (sameAssignee(alarm.assignee, assignee)) return { alarm, effects: [] };
  const who = actorLabel(by);
  const a: Alarm = {
    ...alarm,
    assignee,
    updatedAt: now,
    history: [...alarm.history, { at: now, by: who, action: assignee ? 'assign' : 'unassign', from: alarm.state, to, assignee }],
  };
  return { alarm: a, effects: [event(a, alarmEvents.assigned, { assetId: a.assetId, alarmType: a.alarmType, by: who, assignee, previous: alarm.assignee })] };
}

/** Adds a comment (allowed in every state, also after the alarm is closed). */
export function commentAlarm(alarm: Alarm, { by, now, text }: { by: Actor; now: number; text: string }): AlarmResult {
  const body = text.trim();
  if (!body) throw new AppError('invalid', 'a comment must not be empty', { field: 'text' });
  if (body.length > maxComment) throw new AppError('too_large', `the comment is ${body.length} characters; at most ${maxComment}`, { field: 'text' });
  const to = transitionTo(alarm, 'comment');
  const who = actorLabel(by);
  const a: Alarm = {
    ...alarm,
    comments: [...alarm.comments, { at: now, by: who, text: body }],
    updatedAt: now,
    history: [...alarm.history, { at: now, by: who, action: 'comment', from: alarm.state, to }],
  };
  return { alarm: a, effects: [event(a, alarmEvents.commented, { assetId: a.assetId, alarmType: a.alarmType, by: who })] };
}

/** Records the hotline case the alarm opened (once; the same case again changes nothing). */
export function linkCase(alarm: Alarm, { caseId, now }: { caseId: string; now: number }): AlarmResult {
  if (alarm.caseId === caseId) return { alarm, effects: [] };
  if (alarm.caseId) throw new AppError('conflict', `alarm ${alarm.id} has opened case ${alarm.caseId} already`, { field: 'caseId', details: { caseId: alarm.caseId } });
  const to = transitionTo(alarm, 'case_opened');
  return { alarm: { ...alarm, caseId, updatedAt: now, history: [...alarm.history, { at: now, by: 'system:hotline', action: 'case_opened', from: alarm.state, to, caseId }] }, effects: [] };
}

/** Records that the alarm's case was closed, with the closing note, so the alarm shows it. */
export function noteCaseClosed(alarm: Alarm, { caseId, now, note }: { caseId: string; now: number; note: string }): AlarmResult {
  if (alarm.caseId !== caseId) throw new AppError('invalid', `case ${caseId} is not alarm ${alarm.id}'s case`, { field: 'caseId' });
  const to = transitionTo(alarm, 'case_closed');
  const a: Alarm = { ...alarm, caseClosedAt: now, caseClosingNote: note, updatedAt: now, history: [...alarm.history, { at: now, by: 'system:hotline', action: 'case_closed', from: alarm.state, to, caseId, reason: note }] };
  return { alarm: a, effects: [] };
}

function sameAssignee(a: Assignee | null, b: Assignee | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);
}
