import type { LifelinesRulesFile } from '../rules/pack-schema.js';
import type { EscalationConfig } from './escalation.js';
import type { CaseConfig } from './open-case.js';

/** The escalation and case-opening settings of a pack's rules file, as the lifecycle takes them. */
export function alarmConfigFromPack(file: LifelinesRulesFile): { escalation: EscalationConfig; cases: CaseConfig } {
  const supervisors = Object.fromEntries(Object.entries(file.alarmTypes).flatMap(([type, a]) => (a.supervisor ? [[type, a.supervisor]] : [])));
  return {
    escalation: { afterMinutes: file.escalation.afterMinutes, maxEscalations: file.escalation.maxEscalations, supervisor: file.escalation.supervisor, supervisors },
    cases: { alarmTypes: file.alarmTypes, utcOffsetMinutes: file.utcOffsetMinutes },
  };
}
