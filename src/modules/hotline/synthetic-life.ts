import type { WorkingCalendar } from './calendar.js';
import { dueAt, warnAt, type Stage, type Tier } from './deadlines.js';
import type { CaseKind } from './pack-schema.js';
import type { Status } from './workflow.js';

/** One step of a synthetic case's timeline, as the workflow would have taken it. */
export interface SyntheticStep {
  action: 'receive' | 'answer' | 'dispatch' | 'accept' | 'start' | 'reply' | 'callback_failed' | 'callback' | 'close';
  from: Status | null;
  to: Status;
  at: Date;
}

/**
 * The life of a SYNTHETIC case up to a moment: answered at intake or dispatched, accepted,
 * handled and replied to within its limits (mostly), called back and closed. Pure: the
 * calendar, the tier, the times and a random source in; the columns of the case and the
 * steps of its timeline out.
 */
export interface SyntheticLife {
  status: Status;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  due: Record<Stage, { due: Date; warn: Date } | null>;
  warned: Stage[];
  overdue: Stage[];
  reply: string | null;
  resolved: boolean | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  callbackAttempts: number;
  /** The last step taken by `now`. */
  updatedAt: Date;
  /** The steps taken by `now`, oldest first: one row version each. */
  steps: SyntheticStep[];
}

const MINUTE = 60_000;

/** How a case received at `receivedAt` stands at `now`, drawn with `u` (uniform in [0, 1)). */
export function simulateLife(cal: WorkingCalendar, tier: Tier, c: { receivedAt: Date; kind: CaseKind; now: Date }, u: () => number): SyntheticLife {
  const { receivedAt, now } = c;
  const at = (t: number) => new Date(Math.round(t));
  const limit = (stage: Stage, from: Date) => {
    const due = dueAt(cal, tier, stage, from);
    return { due, warn: warnAt(cal, tier, stage, from, due) };
  };
  // Most steps land within the limit; a few run late.
  const within = (from: Date, due: Date, lateShare: number) => from.getTime() + (due.getTime() - from.getTime()) * (u() < lateShare ? 1 + u() * 0.5 : 0.05 + 0.85 * u() ** 1.5);
  const expo = (meanMs: number) => -meanMs * Math.log(1 - u());

  const answered = c.kind === 'inquiry' && u() < 0.7;
  const steps: SyntheticStep[] = [{ action: 'receive', from: null, to: 'received', at: receivedAt }];
  const due: SyntheticLife['due'] = { response: null, handling: null, callback: null };
  const done: Partial<Record<Stage, Date>> = {};
  let repliedAt: Date;
  if (answered) {
    repliedAt = at(receivedAt.getTime() + expo(4 * MINUTE));
    steps.push({ action: 'answer', from: 'received', to: 'answered', at: repliedAt });
  } else {
    const dispatchedAt = at(receivedAt.getTime() + expo(20 * MINUTE));
    due.response = limit('response', dispatchedAt);
    due.handling = limit('handling', dispatchedAt);
    const acceptedAt = at(within(dispatchedAt, due.response.due, 0.03));
    const startedAt = at(acceptedAt.getTime() + expo(30 * MINUTE));
    repliedAt = at(Math.max(startedAt.getTime() + 10 * MINUTE, within(dispatchedAt, due.handling.due, 0.05)));
    done.response = acceptedAt;
    done.handling = repliedAt;
    steps.push(
      { action: 'dispatch', from: 'received', to: 'dispatched', at: dispatchedAt },
      { action: 'accept', from: 'dispatched', to: 'accepted', at: acceptedAt },
      { action: 'start', from: 'accepted', to: 'in_progress', at: startedAt },
      { action: 'reply', from: 'in_progress', to: 'replied', at: repliedAt },
    );
  }
  due.callback = limit('callback', repliedAt);
  const closedAt = at(within(repliedAt, due.callback.due, 0.04));
  done.callback = closedAt;
  // Answered at intake or replied by the office: the callback closes it from there.
  const waiting = steps[steps.length - 1]!.to;
  steps.push({ action: 'callback', from: waiting, to: 'closed', at: closedAt });

  const taken = steps.filter((s) => s.at <= now);
  const last = taken[taken.length - 1]!;
  const closed = last.to === 'closed';
  const reached = u() < 0.9;
  const warned: Stage[] = [];
  const overdue: Stage[] = [];
  for (const stage of ['response', 'handling', 'callback'] as const) {
    const d = due[stage];
    if (!d || (stage === 'callback' ? repliedAt : steps[1]!.at) > now) continue;
    const end = done[stage] && done[stage] <= now ? done[stage] : now;
    if (end >= d.warn) warned.push(stage);
    if (end > d.due) overdue.push(stage);
  }
  const dispatched = answered ? null : steps[1]!.at;
  const seen = (t: Date | null) => (t && t <= now ? t : null);
  const replied = seen(repliedAt);
  const s = u();
  const attempts = closed ? (reached ? (u() < 0.15 ? 2 : 1) : 3) : 0;
  if (closed) taken.splice(-1, 1, ...callbackSteps(waiting, repliedAt, closedAt, attempts, reached));
  return {
    status: last.to,
    dispatchedAt: seen(dispatched),
    acceptedAt: answered ? null : seen(steps[2]!.at),
    repliedAt: replied,
    closedAt: closed ? closedAt : null,
    due: { response: seen(dispatched) ? due.response : null, handling: seen(dispatched) ? due.handling : null, callback: replied ? due.callback : null },
    warned,
    overdue,
    reply: replied ? (answered ? '已当场解答市民咨询。（合成数据）' : '已联系市民并现场核实处理。（合成数据）') : null,
    resolved: closed ? (reached ? true : null) : null,
    satisfaction: closed && reached ? (s < 0.72 ? 'satisfied' : s < 0.92 ? 'basically_satisfied' : 'dissatisfied') : null,
    callbackAttempts: attempts,
    updatedAt: last.at,
    steps: taken,
  };
}

/**
 * The callbacks (回访) that closed a case: the calls not reached, spread evenly between the
 * reply and the close, then the one that reached the citizen, or, after three calls not
 * reached, the hotline's close.
 */
function callbackSteps(from: Status, repliedAt: Date, closedAt: Date, attempts: number, reached: boolean): SyntheticStep[] {
  const failed = reached ? attempts - 1 : attempts;
  const gap = closedAt.getTime() - repliedAt.getTime();
  const out: SyntheticStep[] = [];
  for (let i = 1; i <= failed; i++) out.push({ action: 'callback_failed', from, to: from, at: new Date(repliedAt.getTime() + Math.round((gap * i) / (failed + 1))) });
  out.push({ action: reached ? 'callback' : 'close', from, to: 'closed', at: closedAt });
  return out;
}
