import { describe, expect, it } from 'vitest';
import { alarmEvents } from './alarm.js';
import { MIN, T0, operator, raised } from './fixtures.js';
import { acknowledgeAlarm, assignAlarm, commentAlarm, linkCase, noteCaseClosed } from './handling.js';
import { clearAlarm } from './lifecycle.js';

const rules = { kind: 'system', id: 'rules' } as const;

describe('acknowledgeAlarm', () => {
  it('ACTIVE_UNACK → ACTIVE_ACK, then cleared → CLEARED_ACK; CLEARED_UNACK → CLEARED_ACK', () => {
    const { alarm, effects } = acknowledgeAlarm(raised(), { by: operator, now: T0 + MIN, note: 'crew on the way' });
    expect(alarm).toMatchObject({ state: 'ACTIVE_ACK', acknowledgedAt: T0 + MIN, acknowledgedBy: 'usr_operator' });
    expect(alarm.history.at(-1)).toEqual({ at: T0 + MIN, by: 'usr_operator', action: 'acknowledge', from: 'ACTIVE_UNACK', to: 'ACTIVE_ACK', reason: 'crew on the way' });
    expect(effects[0]).toMatchObject({ event: alarmEvents.acknowledged });
    expect(clearAlarm(alarm, { by: rules, now: T0 + 2 * MIN }).alarm.state).toBe('CLEARED_ACK');
    const clearedFirst = clearAlarm(raised(), { by: rules, now: T0 + MIN }).alarm;
    expect(acknowledgeAlarm(clearedFirst, { by: operator, now: T0 + 2 * MIN }).alarm.state).toBe('CLEARED_ACK');
  });

  it('refuses a second acknowledgement', () => {
    const acked = acknowledgeAlarm(raised(), { by: operator, now: T0 + MIN }).alarm;
    expect(() => acknowledgeAlarm(acked, { by: operator, now: T0 + 2 * MIN })).toThrow(expect.objectContaining({ kind: 'conflict', details: expect.objectContaining({ allowed: expect.not.arrayContaining(['acknowledge']) }) }));
  });
});

describe('assignAlarm', () => {
  it('assigns to a user, reassigns to an office, unassigns; each in the history with an assigned event', () => {
    const a1 = assignAlarm(raised(), { by: operator, now: T0 + MIN, assignee: { kind: 'user', id: 'usr_crew' } });
    const a2 = assignAlarm(a1.alarm, { by: operator, now: T0 + 2 * MIN, assignee: { kind: 'org', id: '110000-gas' } });
    const a3 = assignAlarm(a2.alarm, { by: operator, now: T0 + 3 * MIN, assignee: null });
    expect(a2.alarm.assignee).toEqual({ kind: 'org', id: '110000-gas' });
    expect(a3.alarm.assignee).toBeNull();
    expect(a3.alarm.history.map((h) => h.action)).toEqual(['raise', 'assign', 'assign', 'unassign']);
    expect(a2.effects[0]).toMatchObject({ event: alarmEvents.assigned, payload: { assignee: { kind: 'org', id: '110000-gas' }, previous: { kind: 'user', id: 'usr_crew' } } });
  });

  it('the same assignment again changes nothing; a bad assignee is invalid; a closed alarm is a conflict', () => {
    const a = assignAlarm(raised(), { by: operator, now: T0 + MIN, assignee: { kind: 'user', id: 'usr_crew' } }).alarm;
    expect(assignAlarm(a, { by: operator, now: T0 + 2 * MIN, assignee: { kind: 'user', id: 'usr_crew' } })).toEqual({ alarm: a, effects: [] });
    expect(() => assignAlarm(a, { by: operator, now: T0, assignee: { kind: 'user', id: ' ' } })).toThrow(expect.objectContaining({ kind: 'invalid', field: 'assignee' }));
    const closed = acknowledgeAlarm(clearAlarm(a, { by: rules, now: T0 + 3 * MIN }).alarm, { by: operator, now: T0 + 4 * MIN }).alarm;
    expect(closed.state).toBe('CLEARED_ACK');
    expect(() => assignAlarm(closed, { by: operator, now: T0 + 5 * MIN, assignee: null })).toThrow(expect.objectContaining({ kind: 'conflict' }));
  });
});

describe('commentAlarm', () => {
  it('adds comments in every state, also when closed', () => {
    const closed = acknowledgeAlarm(clearAlarm(raised(), { by: rules, now: T0 + MIN }).alarm, { by: operator, now: T0 + 2 * MIN }).alarm;
    const { alarm, effects } = commentAlarm(closed, { by: operator, now: T0 + 3 * MIN, text: '  valve 3 replaced  ' });
    expect(alarm.comments).toEqual([{ at: T0 + 3 * MIN, by: 'usr_operator', text: 'valve 3 replaced' }]);
    expect(alarm.history.at(-1)).toMatchObject({ action: 'comment', from: 'CLEARED_ACK', to: 'CLEARED_ACK' });
    expect(effects[0]).toMatchObject({ event: alarmEvents.commented });
  });

  it('refuses an empty or an overlong comment', () => {
    expect(() => commentAlarm(raised(), { by: operator, now: T0, text: ' ' })).toThrow(expect.objectContaining({ kind: 'invalid', field: 'text' }));
    expect(() => commentAlarm(raised(), { by: operator, now: T0, text: 'x'.repeat(2001) })).toThrow(expect.objectContaining({ kind: 'too_large', field: 'text' }));
  });
});

describe('the case of an alarm', () => {
  it('records the case once, and its closure with the closing note', () => {
    const linked = linkCase(raised(), { caseId: 'case_1', now: T0 + MIN }).alarm;
    expect(linkCase(linked, { caseId: 'case_1', now: T0 + 2 * MIN }).alarm).toBe(linked);
    expect(() => linkCase(linked, { caseId: 'case_2', now: T0 + 2 * MIN })).toThrow(expect.objectContaining({ kind: 'conflict', field: 'caseId' }));
    const closed = noteCaseClosed(clearAlarm(linked, { by: rules, now: T0 + 30 * MIN }).alarm, { caseId: 'case_1', now: T0 + 90 * MIN, note: 'leak repaired' }).alarm;
    expect(closed).toMatchObject({ caseClosedAt: T0 + 90 * MIN, caseClosingNote: 'leak repaired' });
    expect(closed.history.map((h) => h.action)).toEqual(['raise', 'case_opened', 'clear', 'case_closed']);
    expect(() => noteCaseClosed(closed, { caseId: 'case_9', now: T0, note: '' })).toThrow(expect.objectContaining({ field: 'caseId' }));
  });

  it('records a case filed while the alarm was active even if it cleared meanwhile', () => {
    const cleared = clearAlarm(raised(), { by: rules, now: T0 }).alarm;
    expect(linkCase(cleared, { caseId: 'case_1', now: T0 + MIN }).alarm).toMatchObject({ state: 'CLEARED_UNACK', caseId: 'case_1' });
  });
});
