import { AppError } from '../../../core/errors.js';
import { alarmStates, type Alarm, type AlarmState } from './alarm.js';

/**
 * Which action may be taken in which state, and where it leads. A new alarm is born
 * ACTIVE_UNACK (a raise). Acknowledging keeps it active or cleared; clearing keeps it
 * acknowledged or not; CLEARED_ACK is closed: only comments and the case (opened while it
 * was active, recorded when the hotline answers) are still recorded on it. A raise for an (asset, type) whose alarm is cleared makes a new alarm.
 */
export const alarmActions = ['update', 'clear', 'acknowledge', 'assign', 'unassign', 'comment', 'escalate', 'case_opened', 'case_closed'] as const;
export type AlarmAction = (typeof alarmActions)[number];

const active: AlarmState[] = ['ACTIVE_UNACK', 'ACTIVE_ACK'];
const open: AlarmState[] = ['ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED_UNACK'];

type Row = [AlarmAction, AlarmState[], ((from: AlarmState) => AlarmState) | null];
const rows: Row[] = [
  ['update', active, null],
  ['clear', active, (s) => (s === 'ACTIVE_ACK' ? 'CLEARED_ACK' : 'CLEARED_UNACK')],
  ['acknowledge', ['ACTIVE_UNACK', 'CLEARED_UNACK'], (s) => (s === 'ACTIVE_UNACK' ? 'ACTIVE_ACK' : 'CLEARED_ACK')],
  ['assign', open, null],
  ['unassign', open, null],
  ['comment', [...alarmStates], null],
  ['escalate', ['ACTIVE_UNACK'], null],
  // The case is filed while the alarm is active, but may be recorded after it cleared.
  ['case_opened', [...alarmStates], null],
  ['case_closed', [...alarmStates], null],
];

/** Every allowed (action, from, to), one row each. */
export const alarmTransitions = rows.flatMap(([action, from, to]) => from.map((f) => ({ action, from: f, to: to ? to(f) : f })));
const byKey = new Map(alarmTransitions.map((t) => [`${t.from}:${t.action}`, t.to]));

/** The actions allowed in a state. */
export function allowedActions(state: AlarmState): AlarmAction[] {
  return alarmActions.filter((a) => byKey.has(`${state}:${a}`));
}

/** The state an action leads to; a `conflict` AppError listing the allowed actions when it is not allowed. */
export function transitionTo(alarm: Pick<Alarm, 'id' | 'state'>, action: AlarmAction): AlarmState {
  const to = byKey.get(`${alarm.state}:${action}`);
  if (to !== undefined) return to;
  throw new AppError('conflict', `cannot ${action.replace('_', ' ')} alarm ${alarm.id}: it is ${alarm.state}`, {
    field: 'state',
    details: { alarmId: alarm.id, state: alarm.state, action, allowed: allowedActions(alarm.state) },
  });
}
