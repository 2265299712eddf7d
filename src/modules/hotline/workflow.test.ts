import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { actions, allowedActions, open311Status, openStatuses, requireTransition, statuses, terminalStatuses, transitionOf, transitions, type Action, type Status } from './workflow.js';

// Every legal (status, action) pair and where it leads: the table the workflow must keep.
const expected: [Status, Action, Status][] = [
  ['received', 'answer', 'answered'],
  ['received', 'dispatch', 'dispatched'],
  ['received', 'merge', 'merged'],
  ['received', 'transfer', 'transferred'],
  ['answered', 'callback', 'closed'],
  ['answered', 'callback_failed', 'answered'],
  ['answered', 'redo', 'received'],
  ['answered', 'close', 'closed'],
  ['answered', 'merge', 'merged'],
  ['dispatched', 'redispatch', 'dispatched'],
  ['dispatched', 'dispute', 'disputed'],
  ['dispatched', 'accept', 'accepted'],
  ['dispatched', 'merge', 'merged'],
  ['dispatched', 'transfer', 'transferred'],
  ['disputed', 'uphold_dispute', 'dispatched'],
  ['disputed', 'reject_dispute', 'dispatched'],
  ['disputed', 'merge', 'merged'],
  ['disputed', 'transfer', 'transferred'],
  ['accepted', 'start', 'in_progress'],
  ['accepted', 'request_extension', 'extension_requested'],
  ['accepted', 'request_suspension', 'suspension_requested'],
  ['accepted', 'reply', 'replied'],
  ['accepted', 'merge', 'merged'],
  ['in_progress', 'request_extension', 'extension_requested'],
  ['in_progress', 'request_suspension', 'suspension_requested'],
  ['in_progress', 'reply', 'replied'],
  ['in_progress', 'merge', 'merged'],
  ['extension_requested', 'approve_extension', 'in_progress'],
  ['extension_requested', 'reject_extension', 'in_progress'],
  ['extension_requested', 'merge', 'merged'],
  ['suspension_requested', 'approve_suspension', 'suspended'],
  ['suspension_requested', 'reject_suspension', 'in_progress'],
  ['suspension_requested', 'merge', 'merged'],
  ['suspended', 'resume', 'in_progress'],
  ['suspended', 'merge', 'merged'],
  ['replied', 'callback', 'closed'],
  ['replied', 'callback_failed', 'replied'],
  ['replied', 'redo', 'in_progress'],
  ['replied', 'close', 'closed'],
  ['replied', 'merge', 'merged'],
  ['closed', 'reopen', 'dispatched'],
];

describe('case workflow', () => {
  it.each(expected)('%s --%s--> %s', (from, action, to) => {
    expect(requireTransition(from, action).to).toBe(to);
  });

  it('has no transition beyond the table', () => {
    const legal = new Set(expected.map(([f, a]) => `${f}:${a}`));
    expect(new Set(transitions.map((t) => `${t.from}:${t.action}`))).toEqual(legal);
  });

  const illegal = statuses.flatMap((s) => actions.filter((a) => !expected.some(([f, x]) => f === s && x === a)).map((a) => [s, a] as [Status, Action]));
  it.each(illegal)('%s cannot %s: 409 naming the allowed actions', (from, action) => {
    expect(transitionOf(from, action)).toBeNull();
    let err: unknown;
    try {
      requireTransition(from, action);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('conflict');
    expect((err as AppError).details).toEqual({ status: from, action, allowed: allowedActions(from) });
  });

  it('reopens a case no office ever had into received', () => {
    expect(transitionOf('closed', 'reopen', { hasOrg: false })?.to).toBe('received');
  });

  it('merged and transferred are terminal; closed is not', () => {
    for (const s of terminalStatuses) expect(allowedActions(s)).toEqual([]);
    expect(allowedActions('closed')).toEqual(['reopen']);
  });

  it('maps every status to Open311 open or closed', () => {
    expect(statuses.filter((s) => open311Status(s) === 'closed')).toEqual(['closed', 'merged', 'transferred']);
    expect(openStatuses).toHaveLength(statuses.length - 3);
  });

  it('gives every transition a permission, a party and names in both languages', () => {
    for (const t of transitions) {
      expect(t.permission).toMatch(/^hotline\.case\.[a-z]+$/);
      expect(t.parties.length).toBeGreaterThan(0);
      expect(t.zh && t.en).toBeTruthy();
    }
  });
});
