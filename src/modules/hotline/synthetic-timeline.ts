import type { SyntheticLife, SyntheticStep } from './synthetic-life.js';

/** The marker every generated case carries in its attributes, and every step of its timeline in its data. */
export const syntheticMarker = { synthetic: true } as const;

/** Who takes the hotline's steps of a synthetic case: intake, dispatch, callbacks. */
export const syntheticOperator = 'synthetic operator';

/** One row of a synthetic case's timeline (`hotline_case_events`), as the workflow would have written it. */
export interface TimelineEntry {
  at: string;
  action: SyntheticStep['action'];
  from: string | null;
  to: string;
  /** The office the case is with after the step. */
  org: string | null;
  actorLabel: string;
  note: string | null;
  data: Record<string, unknown>;
}

/** What the timeline repeats from the case row: its intake and its proposal. */
export interface TimelineCase {
  channel: string;
  tier: string;
  tierReason: string;
  proposedOrg: string | null;
  proposedReason: string;
  locationSource: string;
}

const officeSteps: ReadonlySet<SyntheticStep['action']> = new Set(['accept', 'start', 'reply']);
const iso = (d: Date | undefined) => d?.toISOString() ?? null;
const notes = {
  redoReplied: '回访市民表示问题未解决，退回重办 the citizen says the problem is not solved: sent back to be redone',
  redoAnswered: '回访市民表示问题未解决，转派单办理 the citizen says the answer did not solve it: to be dispatched',
  notReached: '回访三次未接通，办结 callback not reached three times, closed',
  notSolved: '重办后回访市民仍表示未解决，按未解决办结 still not solved after the redo, closed as not solved',
};

/**
 * The timeline of a synthetic case: each step its life took, with the data the workflow
 * records for it (intake's receive data; a dispatch's office and limits, which the monthly
 * assessment measures the response by; a callback's or a redo's outcome, which it measures
 * resolution and satisfaction by; a redo's new handling limit), taken by the synthetic
 * operator or, for its own steps, by the office; every entry marked `synthetic`. The office
 * is on the steps from the dispatch on, as the case row has it after each.
 */
export function syntheticTimeline(c: TimelineCase, life: Pick<SyntheticLife, 'steps'>, office: { code: string; name: string } | null, { seed }: { seed: number }): TimelineEntry[] {
  let attempt = 0;
  let org: string | null = null;
  return life.steps.map((step) => {
    const data: Record<string, unknown> = { ...syntheticMarker };
    let note: string | null = null;
    switch (step.action) {
      case 'receive':
        Object.assign(data, { channel: c.channel, tier: c.tier, tierReason: c.tierReason, proposal: c.proposedReason, location: c.locationSource });
        note = `合成数据 synthetic case, seed ${seed}`;
        break;
      case 'dispatch':
        org = office?.code ?? null;
        Object.assign(data, { org: office?.code, orgName: office?.name, proposed: c.proposedOrg, overridden: false, responseDue: iso(step.limits?.response?.due), handlingDue: iso(step.limits?.handling?.due) });
        break;
      case 'callback_failed':
        Object.assign(data, { channel: 'phone', attempt: ++attempt });
        break;
      case 'callback':
        // A callback counts as an attempt too, as the workflow counts them.
        attempt++;
        Object.assign(data, { resolved: true, satisfaction: step.satisfaction, channel: 'phone' });
        break;
      case 'redo':
        // A reached call too: the workflow counts it among the attempts.
        attempt++;
        note = step.from === 'replied' ? notes.redoReplied : notes.redoAnswered;
        if (step.limits?.handling) data.handlingDue = iso(step.limits.handling.due);
        Object.assign(data, { resolved: false, satisfaction: step.satisfaction, channel: 'phone' });
        break;
      case 'close':
        note = step.closedAs === 'not_solved' ? notes.notSolved : notes.notReached;
        break;
    }
    return {
      at: step.at.toISOString(),
      action: step.action,
      from: step.from,
      to: step.to,
      org,
      actorLabel: office && officeSteps.has(step.action) ? office.name : syntheticOperator,
      note,
      data,
    };
  });
}
