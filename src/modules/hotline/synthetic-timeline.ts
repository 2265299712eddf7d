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

/** What the timeline repeats from the case row: its intake, its office and its limits. */
export interface TimelineCase {
  channel: string;
  tier: string;
  tierReason: string;
  proposedOrg: string | null;
  proposedReason: string;
  locationSource: string;
  responseDueAt: string | null;
  handlingDueAt: string | null;
}

const officeSteps: ReadonlySet<SyntheticStep['action']> = new Set(['accept', 'start', 'reply']);

/**
 * The timeline of a synthetic case: each step its life took, with the data the workflow
 * records for it (intake's receive data; a dispatch's office and limits, which the monthly
 * assessment measures the response by; a callback's outcome), taken by the synthetic
 * operator or, for its own steps, by the office; every entry marked `synthetic`.
 */
export function syntheticTimeline(c: TimelineCase, life: Pick<SyntheticLife, 'steps' | 'satisfaction'>, office: { code: string; name: string } | null, { seed }: { seed: number }): TimelineEntry[] {
  let attempt = 0;
  return life.steps.map((step) => {
    const data: Record<string, unknown> = { ...syntheticMarker };
    let note: string | null = null;
    switch (step.action) {
      case 'receive':
        Object.assign(data, { channel: c.channel, tier: c.tier, tierReason: c.tierReason, proposal: c.proposedReason, location: c.locationSource });
        note = `合成数据 synthetic case, seed ${seed}`;
        break;
      case 'dispatch':
        Object.assign(data, { org: office?.code, orgName: office?.name, proposed: c.proposedOrg, overridden: false, responseDue: c.responseDueAt, handlingDue: c.handlingDueAt });
        break;
      case 'callback_failed':
        Object.assign(data, { channel: 'phone', attempt: ++attempt });
        break;
      case 'callback':
        Object.assign(data, { resolved: true, satisfaction: life.satisfaction, channel: 'phone' });
        break;
      case 'close':
        note = '回访三次未接通，办结 callback not reached three times, closed';
        break;
    }
    return {
      at: step.at.toISOString(),
      action: step.action,
      from: step.from,
      to: step.to,
      org: step.action === 'receive' ? null : (office?.code ?? null),
      actorLabel: office && officeSteps.has(step.action) ? office.name : syntheticOperator,
      note,
      data,
    };
  });
}
