import type { Severity } from '../rules/types.js';

/**
 * An alarm as the lifecycle keeps it: one active alarm per (asset, alarm type), in one of
 * ThingsBoard's four states, with its count of repeats, its latest and peak values, who it
 * is assigned to, its comments and its full history. Plain JSON; times are epoch ms.
 */

export const alarmStates = ['ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED_UNACK', 'CLEARED_ACK'] as const;
export type AlarmState = (typeof alarmStates)[number];

export const alarmStateNames: Record<AlarmState, { zh: string; en: string }> = {
  ACTIVE_UNACK: { zh: '活动·未确认', en: 'Active, unacknowledged' },
  ACTIVE_ACK: { zh: '活动·已确认', en: 'Active, acknowledged' },
  CLEARED_UNACK: { zh: '已清除·未确认', en: 'Cleared, unacknowledged' },
  CLEARED_ACK: { zh: '已清除·已确认', en: 'Cleared, acknowledged' },
};

/** The events the lifecycle emits, declared once. */
export const alarmEvents = {
  raised: 'monitoring.alarm.raised',
  updated: 'monitoring.alarm.updated',
  cleared: 'monitoring.alarm.cleared',
  acknowledged: 'monitoring.alarm.acknowledged',
  assigned: 'monitoring.alarm.assigned',
  escalated: 'monitoring.alarm.escalated',
  commented: 'monitoring.alarm.commented',
} as const;
export type AlarmEvent = (typeof alarmEvents)[keyof typeof alarmEvents];

/** Who acts: a user (by id), or the system (`rules` for the rule engine, `escalation` for the clock). */
export type Actor = { kind: 'user'; id: string } | { kind: 'system'; id: 'rules' | 'escalation' };

/** A user or an office (organisation code) an alarm is assigned to. */
export interface Assignee {
  kind: 'user' | 'org';
  id: string;
}

export type HistoryAction = 'raise' | 'severity' | 'clear' | 'acknowledge' | 'assign' | 'unassign' | 'comment' | 'escalate' | 'case_opened' | 'case_closed';

/** One entry of an alarm's history: who did what, when, why, and the state before and after. */
export interface HistoryEntry {
  at: number;
  by: string;
  action: HistoryAction;
  from: AlarmState | null;
  to: AlarmState;
  severity?: Severity;
  previousSeverity?: Severity;
  reason?: string;
  assignee?: Assignee | null;
  caseId?: string;
}

export interface AlarmComment {
  at: number;
  by: string;
  text: string;
}

export interface Alarm {
  id: string;
  assetId: string;
  alarmType: string;
  state: AlarmState;
  /** The severity shown: the rule's, raised by escalations. */
  severity: Severity;
  /** The severity the rule last gave. */
  ruleSeverity: Severity;
  /** How many times it escalated (each raised the severity one step, up to critical). */
  escalations: number;
  lastEscalatedAt: number | null;
  /** How many raise and update signals it has had. */
  count: number;
  value: number;
  /** The value at the most severe moment the rule reported (the latest of equals). */
  peak: { severity: Severity; value: number; ts: number };
  details: Record<string, unknown>;
  /** The first and the latest reading time that concerned it; when it cleared. */
  startTs: number;
  lastTs: number;
  endTs: number | null;
  createdAt: number;
  updatedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  clearedAt: number | null;
  clearedBy: string | null;
  clearReason: string | null;
  assignee: Assignee | null;
  /** The hotline case it opened, and whether that case was closed (and how). */
  caseId: string | null;
  caseClosedAt: number | null;
  caseClosingNote: string | null;
  comments: AlarmComment[];
  history: HistoryEntry[];
}

/** An effect of a transition: an event to write to the outbox, or an office to notify. */
export type AlarmEffect =
  | { kind: 'event'; event: AlarmEvent; alarmId: string; payload: Record<string, unknown> }
  | { kind: 'escalate'; alarmId: string; notify: string; severity: Severity; previousSeverity: Severity; unacknowledgedMinutes: number };

/** What every transition returns: the new alarm (a new object; the old one is untouched) and its effects. */
export interface AlarmResult {
  alarm: Alarm;
  effects: AlarmEffect[];
}

/** How an actor is written in the history: `usr_…` for a user, `system:rules` for the system. */
export function actorLabel(a: Actor): string {
  return a.kind === 'user' ? a.id : `system:${a.id}`;
}

/** Whether the alarm is active (not cleared). */
export function isActive(a: Pick<Alarm, 'state'>): boolean {
  return a.state === 'ACTIVE_UNACK' || a.state === 'ACTIVE_ACK';
}
