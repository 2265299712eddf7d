import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { isId } from '../../../core/ids.js';
import { alarmEvents } from './alarm.js';
import { MIN, T0, operator, raised, signal } from './fixtures.js';
import { applySignal, clearAlarm, raiseOrUpdate } from './lifecycle.js';

describe('raiseOrUpdate', () => {
  it('raises a new alarm, ACTIVE_UNACK, with an alm_ id, a history entry and a raised event', () => {
    const { alarm, effects } = raiseOrUpdate(null, signal('raise', 'major'));
    expect(isId(alarm.id, 'alm')).toBe(true);
    expect(alarm).toMatchObject({ state: 'ACTIVE_UNACK', severity: 'major', count: 1, value: 21, startTs: T0, lastTs: T0, assignee: null, caseId: null });
    expect(alarm.history).toEqual([{ at: T0, by: 'system:rules', action: 'raise', from: null, to: 'ACTIVE_UNACK', severity: 'major' }]);
    expect(effects).toEqual([{ kind: 'event', event: alarmEvents.raised, alarmId: alarm.id, payload: expect.objectContaining({ assetId: 'ast_1', alarmType: 'gas_leak', severity: 'major', value: 21 }) }]);
  });

  it('updates the active alarm on repeats: count, last value, latest time; one alarm per (asset, type)', () => {
    let a = raised();
    for (let i = 1; i <= 3; i++) a = raiseOrUpdate(a, signal('update', 'major', { ts: T0 + i * MIN, value: 21 + i })).alarm;
    expect(a).toMatchObject({ id: 'alm_test', count: 4, value: 24, lastTs: T0 + 3 * MIN, startTs: T0 });
    // A raise while active is a repeat too.
    expect(raiseOrUpdate(a, signal('raise', 'major', { ts: T0 + 4 * MIN })).alarm).toMatchObject({ id: 'alm_test', count: 5 });
  });

  it('records the severity rising and falling while active', () => {
    const a = raised('major');
    const up = raiseOrUpdate(a, signal('update', 'critical', { ts: T0 + MIN, value: 26 }));
    expect(up.alarm.severity).toBe('critical');
    expect(up.alarm.history.at(-1)).toMatchObject({ action: 'severity', severity: 'critical', previousSeverity: 'major', from: 'ACTIVE_UNACK', to: 'ACTIVE_UNACK' });
    expect(up.effects[0]).toMatchObject({ event: alarmEvents.updated, payload: { severity: 'critical', previousSeverity: 'major' } });
    const down = raiseOrUpdate(up.alarm, signal('update', 'major', { ts: T0 + 2 * MIN, value: 22 })).alarm;
    expect(down.severity).toBe('major');
    expect(down.peak).toEqual({ severity: 'critical', value: 26, ts: T0 + MIN });
    expect(down.history.map((h) => h.action)).toEqual(['raise', 'severity', 'severity']);
  });

  it('keeps the latest value when a late signal arrives', () => {
    const a = raiseOrUpdate(raised(), signal('update', 'major', { ts: T0 + 2 * MIN, value: 30 })).alarm;
    const late = raiseOrUpdate(a, signal('update', 'major', { ts: T0 + MIN, value: 25 })).alarm;
    expect(late).toMatchObject({ value: 30, lastTs: T0 + 2 * MIN, count: 3 });
  });

  it('makes a new alarm when the previous one is cleared', () => {
    const cleared = clearAlarm(raised(), { by: { kind: 'system', id: 'rules' }, now: T0 + MIN }).alarm;
    const again = raiseOrUpdate(cleared, signal('raise', 'major', { ts: T0 + 5 * MIN }), { id: 'alm_second' }).alarm;
    expect(again).toMatchObject({ id: 'alm_second', state: 'ACTIVE_UNACK', count: 1 });
  });

  it('refuses a clear signal and a signal of another asset or type', () => {
    expect(() => raiseOrUpdate(null, signal('clear', 'major'))).toThrow(AppError);
    expect(() => raiseOrUpdate(raised(), { ...signal('update', 'major'), alarmType: 'other' })).toThrow(/applied to alarm/);
  });
});

describe('clearAlarm', () => {
  it('clears by the rule: ACTIVE_UNACK → CLEARED_UNACK, ACTIVE_ACK → CLEARED_ACK', () => {
    const { alarm, effects } = clearAlarm(raised(), { by: { kind: 'system', id: 'rules' }, now: T0 + 5 * MIN, ts: T0 + 5 * MIN, value: 14 });
    expect(alarm).toMatchObject({ state: 'CLEARED_UNACK', endTs: T0 + 5 * MIN, value: 14, clearedBy: 'system:rules', clearReason: 'clear condition met' });
    expect(effects[0]).toMatchObject({ event: alarmEvents.cleared, payload: { manual: false } });
    const acked = { ...raised(), state: 'ACTIVE_ACK' as const };
    expect(clearAlarm(acked, { by: operator, now: T0 + MIN, reason: 'sensor replaced' }).alarm.state).toBe('CLEARED_ACK');
  });

  it('clears by hand only with a reason, recorded in the history', () => {
    expect(() => clearAlarm(raised(), { by: operator, now: T0 + MIN })).toThrow(expect.objectContaining({ kind: 'invalid', field: 'reason' }));
    expect(() => clearAlarm(raised(), { by: operator, now: T0 + MIN, reason: '   ' })).toThrow(expect.objectContaining({ field: 'reason' }));
    const { alarm, effects } = clearAlarm(raised(), { by: operator, now: T0 + MIN, reason: 'false alarm: sensor calibration' });
    expect(alarm.history.at(-1)).toEqual({ at: T0 + MIN, by: 'usr_operator', action: 'clear', from: 'ACTIVE_UNACK', to: 'CLEARED_UNACK', reason: 'false alarm: sensor calibration' });
    expect(effects[0]).toMatchObject({ payload: { manual: true, by: 'usr_operator' } });
  });

  it('refuses to clear a cleared alarm, naming the allowed actions', () => {
    const cleared = clearAlarm(raised(), { by: operator, now: T0 + MIN, reason: 'x' }).alarm;
    try {
      clearAlarm(cleared, { by: operator, now: T0 + 2 * MIN, reason: 'again' });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ kind: 'conflict', details: { state: 'CLEARED_UNACK', action: 'clear', allowed: ['acknowledge', 'assign', 'unassign', 'comment', 'case_opened', 'case_closed'] } });
    }
  });
});

describe('applySignal', () => {
  it('routes raise, update and clear, and ignores a clear with nothing active', () => {
    const r = applySignal(null, signal('raise', 'major'), { id: 'alm_x' })!;
    const u = applySignal(r.alarm, signal('update', 'critical', { ts: T0 + MIN }))!;
    const c = applySignal(u.alarm, signal('clear', 'critical', { ts: T0 + 2 * MIN, value: 3 }))!;
    expect([r, u, c].map((x) => x.effects[0]!.kind === 'event' && x.effects[0]!.event)).toEqual([alarmEvents.raised, alarmEvents.updated, alarmEvents.cleared]);
    expect(c.alarm).toMatchObject({ state: 'CLEARED_UNACK', endTs: T0 + 2 * MIN, value: 3 });
    expect(applySignal(c.alarm, signal('clear', 'major'))).toBeNull();
    expect(applySignal(null, signal('clear', 'major'))).toBeNull();
  });

  it('does not change the alarm it was given', () => {
    const a = raised();
    const copy = structuredClone(a);
    applySignal(a, signal('update', 'critical', { ts: T0 + MIN }));
    applySignal(a, signal('clear', 'major', { ts: T0 + MIN }));
    expect(a).toEqual(copy);
  });
});
