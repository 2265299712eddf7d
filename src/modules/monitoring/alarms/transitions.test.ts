import { describe, expect, it } from 'vitest';
import { alarmStates, type AlarmState } from './alarm.js';
import { alarmActions, allowedActions, transitionTo, type AlarmAction } from './transitions.js';

// The whole table: the state each action leads to from each state, or ✗ when it is not allowed.
const table: Record<AlarmState, Record<AlarmAction, AlarmState | '✗'>> = {
  ACTIVE_UNACK: { update: 'ACTIVE_UNACK', clear: 'CLEARED_UNACK', acknowledge: 'ACTIVE_ACK', assign: 'ACTIVE_UNACK', unassign: 'ACTIVE_UNACK', comment: 'ACTIVE_UNACK', escalate: 'ACTIVE_UNACK', case_opened: 'ACTIVE_UNACK', case_closed: 'ACTIVE_UNACK' },
  ACTIVE_ACK: { update: 'ACTIVE_ACK', clear: 'CLEARED_ACK', acknowledge: '✗', assign: 'ACTIVE_ACK', unassign: 'ACTIVE_ACK', comment: 'ACTIVE_ACK', escalate: '✗', case_opened: 'ACTIVE_ACK', case_closed: 'ACTIVE_ACK' },
  CLEARED_UNACK: { update: '✗', clear: '✗', acknowledge: 'CLEARED_ACK', assign: 'CLEARED_UNACK', unassign: 'CLEARED_UNACK', comment: 'CLEARED_UNACK', escalate: '✗', case_opened: 'CLEARED_UNACK', case_closed: 'CLEARED_UNACK' },
  CLEARED_ACK: { update: '✗', clear: '✗', acknowledge: '✗', assign: '✗', unassign: '✗', comment: 'CLEARED_ACK', escalate: '✗', case_opened: 'CLEARED_ACK', case_closed: 'CLEARED_ACK' },
};

const cells = alarmStates.flatMap((state) => alarmActions.map((action) => [state, action, table[state][action]] as const));

describe('alarm transitions', () => {
  it.each(cells.filter(([, , to]) => to !== '✗'))('%s —%s→ %s', (state, action, to) => {
    expect(transitionTo({ id: 'alm_x', state }, action)).toBe(to);
  });

  it.each(cells.filter(([, , to]) => to === '✗'))('%s —%s→ conflict, with the allowed actions', (state, action) => {
    try {
      transitionTo({ id: 'alm_x', state }, action);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ kind: 'conflict', field: 'state', details: { alarmId: 'alm_x', state, action, allowed: allowedActions(state) } });
      expect((err as { status: number }).status).toBe(409);
    }
  });

  it('lists the allowed actions of each state in a stable order', () => {
    expect(allowedActions('CLEARED_ACK')).toEqual(['comment', 'case_opened', 'case_closed']);
    expect(allowedActions('ACTIVE_UNACK')).toEqual([...alarmActions]);
  });
});
