import { alarmEvents } from './alarms/alarm.js';

/**
 * Every event an alarm has, declared once: the lifecycle's (raised, updated, cleared,
 * acknowledged, assigned, escalated, commented) and the hotline link's — `linked` when the
 * case it opened is filed, `case-closed` when the hotline closed that case.
 */
export const alarmCaseEvents = {
  linked: 'monitoring.alarm.linked',
  caseClosed: 'monitoring.alarm.case-closed',
} as const;

/** All alarm topics, for subscribers that follow every change (the console's live list). */
export const alarmTopics = { ...alarmEvents, ...alarmCaseEvents } as const;
