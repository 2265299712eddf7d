/**
 * The monitoring module's alarm lifecycle: a pure state machine (raise/update, clear,
 * acknowledge, assign, comment, escalate) returning the new alarm and the effects to emit,
 * and the decision whether an alarm opens a hotline case. The module's index re-exports this.
 */
export { alarmStates, alarmStateNames, alarmEvents, actorLabel, isActive, type Alarm, type AlarmState, type AlarmEvent, type AlarmEffect, type AlarmResult, type AlarmComment, type Actor, type Assignee, type HistoryEntry, type HistoryAction } from './alarm.js';
export { alarmActions, alarmTransitions, allowedActions, transitionTo, type AlarmAction } from './transitions.js';
export { raiseOrUpdate, clearAlarm, applySignal } from './lifecycle.js';
export { acknowledgeAlarm, assignAlarm, commentAlarm, linkCase, noteCaseClosed } from './handling.js';
export { escalateIfDue, nextEscalationAt, type EscalationConfig } from './escalation.js';
export { opensCase, formatLocal, type CaseDraft, type CaseConfig, type CaseAsset, type AlarmTypeCaseConfig } from './open-case.js';
export { alarmConfigFromPack } from './config.js';
