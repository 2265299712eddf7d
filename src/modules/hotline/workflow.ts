import { AppError } from '../../core/errors.js';

/**
 * The case workflow of 接诉即办 as an explicit state machine. A case is received, answered
 * at intake or dispatched to an office, which accepts or disputes it (退单); a dispute is
 * upheld (改派, to another office) or rejected (back to the same office); the office
 * handles it, may ask its supervisor for an extension (延期) or a suspension (挂起), and
 * replies (答复); the hotline calls the citizen back (回访) and closes it, or sends it back
 * to be redone (重办). Closed cases can be reopened; any open case can be merged into
 * another (并单) or transferred outside government duty.
 */
export const statuses = [
  'received',
  'answered',
  'dispatched',
  'disputed',
  'accepted',
  'in_progress',
  'extension_requested',
  'suspension_requested',
  'suspended',
  'replied',
  'closed',
  'merged',
  'transferred',
] as const;
export type Status = (typeof statuses)[number];

export const statusNames: Record<Status, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  answered: { zh: '已直接答复', en: 'Answered at intake' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  disputed: { zh: '退单待审', en: 'Disputed' },
  accepted: { zh: '已签收', en: 'Accepted' },
  in_progress: { zh: '办理中', en: 'In progress' },
  extension_requested: { zh: '延期待批', en: 'Extension requested' },
  suspension_requested: { zh: '挂起待批', en: 'Suspension requested' },
  suspended: { zh: '已挂起', en: 'Suspended' },
  replied: { zh: '已答复', en: 'Replied' },
  closed: { zh: '已办结', en: 'Closed' },
  merged: { zh: '已并单', en: 'Merged' },
  transferred: { zh: '已转出', en: 'Transferred' },
};

/** Statuses a case never leaves (closed can be reopened, so it is not one of them). */
export const terminalStatuses: readonly Status[] = ['merged', 'transferred'];
/** Statuses in which the case is with an office and its handling deadline runs. */
export const handlingStatuses: readonly Status[] = ['accepted', 'in_progress', 'extension_requested', 'suspension_requested'];
/** Statuses that count as "open" for Open311 and the queues. */
export const openStatuses: readonly Status[] = statuses.filter((s) => !['closed', 'merged', 'transferred'].includes(s));

/**
 * Who may take an action: `hotline` (operators and dispatchers of the hotline), `office`
 * (the responsible organisation's handlers), `supervisor` (the office's supervising
 * organisation, or a dispatcher), `citizen` (the person who filed the case).
 */
export type Party = 'hotline' | 'office' | 'supervisor' | 'citizen';

export interface Transition {
  action: Action;
  from: Status;
  to: Status;
  /** The policy action the actor's role must grant. */
  permission: string;
  parties: Party[];
  zh: string;
  en: string;
}

export const actions = [
  'answer',
  'dispatch',
  'redispatch',
  'dispute',
  'uphold_dispute',
  'reject_dispute',
  'accept',
  'start',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'request_suspension',
  'approve_suspension',
  'reject_suspension',
  'resume',
  'reply',
  'callback',
  'callback_failed',
  'redo',
  'close',
  'reopen',
  'merge',
  'transfer',
] as const;
export type Action = (typeof actions)[number];

const handlingFrom: Status[] = ['accepted', 'in_progress'];
const mergeable: Status[] = ['received', 'answered', 'dispatched', 'disputed', 'accepted', 'in_progress', 'extension_requested', 'suspension_requested', 'suspended', 'replied'];

type Row = [Action, Status | Status[], Status, string, Party[], string, string];
const rows: Row[] = [
  ['answer', 'received', 'answered', 'hotline.case.answer', ['hotline'], '直接答复', 'Answer at intake'],
  ['dispatch', 'received', 'dispatched', 'hotline.case.dispatch', ['hotline'], '派单', 'Dispatch'],
  ['redispatch', 'dispatched', 'dispatched', 'hotline.case.dispatch', ['hotline'], '改派', 'Redispatch'],
  ['dispute', 'dispatched', 'disputed', 'hotline.case.handle', ['office'], '退单', 'Dispute'],
  ['uphold_dispute', 'disputed', 'dispatched', 'hotline.case.dispatch', ['hotline'], '退单审核通过并改派', 'Uphold the dispute and redispatch'],
  ['reject_dispute', 'disputed', 'dispatched', 'hotline.case.dispatch', ['hotline'], '退单驳回', 'Reject the dispute'],
  ['accept', 'dispatched', 'accepted', 'hotline.case.handle', ['office'], '签收', 'Accept'],
  ['start', 'accepted', 'in_progress', 'hotline.case.handle', ['office'], '开始办理', 'Start handling'],
  ['request_extension', handlingFrom, 'extension_requested', 'hotline.case.handle', ['office'], '申请延期', 'Request an extension'],
  ['approve_extension', 'extension_requested', 'in_progress', 'hotline.case.approve', ['supervisor'], '批准延期', 'Approve the extension'],
  ['reject_extension', 'extension_requested', 'in_progress', 'hotline.case.approve', ['supervisor'], '驳回延期', 'Reject the extension'],
  ['request_suspension', handlingFrom, 'suspension_requested', 'hotline.case.handle', ['office'], '申请挂起', 'Request a suspension'],
  ['approve_suspension', 'suspension_requested', 'suspended', 'hotline.case.approve', ['supervisor'], '批准挂起', 'Approve the suspension'],
  ['reject_suspension', 'suspension_requested', 'in_progress', 'hotline.case.approve', ['supervisor'], '驳回挂起', 'Reject the suspension'],
  ['resume', 'suspended', 'in_progress', 'hotline.case.handle', ['office', 'supervisor'], '恢复办理', 'Resume'],
  ['reply', handlingFrom, 'replied', 'hotline.case.handle', ['office'], '答复', 'Reply'],
  ['callback', ['replied', 'answered'], 'closed', 'hotline.case.callback', ['hotline', 'citizen'], '回访办结', 'Call back and close'],
  ['callback_failed', ['replied', 'answered'], 'replied', 'hotline.case.callback', ['hotline'], '回访未接通', 'Callback not reached'],
  ['redo', 'replied', 'in_progress', 'hotline.case.callback', ['hotline', 'citizen'], '重办', 'Send back to redo'],
  ['redo', 'answered', 'received', 'hotline.case.callback', ['hotline', 'citizen'], '转派单办理', 'Not solved: dispatch'],
  ['close', ['replied', 'answered'], 'closed', 'hotline.case.close', ['hotline'], '办结', 'Close'],
  ['reopen', 'closed', 'dispatched', 'hotline.case.reopen', ['hotline'], '重启', 'Reopen'],
  ['merge', mergeable, 'merged', 'hotline.case.merge', ['hotline'], '并单', 'Merge into another case'],
  ['transfer', ['received', 'dispatched', 'disputed'], 'transferred', 'hotline.case.transfer', ['hotline'], '转出（非政府职责）', 'Transfer outside government duty'],
];

/** Every transition, one row per (action, from). */
export const transitions: Transition[] = rows.flatMap(([action, from, to, permission, parties, zh, en]) =>
  (Array.isArray(from) ? from : [from]).map((f) => ({ action, from: f, to, permission, parties, zh, en })),
);

const byKey = new Map(transitions.map((t) => [`${t.from}:${t.action}`, t]));

/**
 * The transition an action takes from a status. A callback_failed from `answered` stays
 * in `answered`; a reopen of a case no office ever had goes back to `received`.
 */
export function transitionOf(from: Status, action: Action, { hasOrg = true }: { hasOrg?: boolean } = {}): Transition | null {
  const t = byKey.get(`${from}:${action}`);
  if (!t) return null;
  if (action === 'callback_failed') return { ...t, to: from };
  if (action === 'reopen' && !hasOrg) return { ...t, to: 'received' };
  return t;
}

/** The actions allowed from a status (whoever takes them). */
export function allowedActions(from: Status): Action[] {
  return [...new Set(transitions.filter((t) => t.from === from).map((t) => t.action))];
}

/** The transition, or the 409 that names the allowed actions in its details. */
export function requireTransition(from: Status, action: Action, opts?: { hasOrg?: boolean }): Transition {
  const t = transitionOf(from, action, opts);
  if (!t) {
    throw new AppError('conflict', `a case that is ${from} cannot ${action}; allowed: ${allowedActions(from).join(', ') || 'nothing (terminal)'}`, {
      details: { status: from, action, allowed: allowedActions(from) },
    });
  }
  return t;
}

/** Open311's two statuses: `closed` for closed, merged and transferred; `open` otherwise. */
export function open311Status(status: Status): 'open' | 'closed' {
  return status === 'closed' || status === 'merged' || status === 'transferred' ? 'closed' : 'open';
}

export function isStatus(value: string): value is Status {
  return (statuses as readonly string[]).includes(value);
}
