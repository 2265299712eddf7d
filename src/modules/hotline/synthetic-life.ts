import type { WorkingCalendar } from './calendar.js';
import { dueAt, warnAt, type Stage, type Tier } from './deadlines.js';
import type { CaseKind } from './pack-schema.js';
import type { Status } from './workflow.js';

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
/** A deadline and its warning. */
export interface Limit {
  due: Date;
  warn: Date;
}

/** One step of a synthetic case's timeline, as the workflow would have taken it. */
export interface SyntheticStep {
  action: 'receive' | 'answer' | 'dispatch' | 'accept' | 'start' | 'reply' | 'callback_failed' | 'callback' | 'redo' | 'close';
  from: Status | null;
  to: Status;
  at: Date;
  /** The limits the step starts, as the workflow computes them from its time: a dispatch's response and handling, a reply's or an answer's callback, a redo's new handling limit. */
  limits?: Partial<Record<Stage, Limit>>;
  /** A callback's or a redo's: what the citizen said. */
  satisfaction?: Satisfaction;
  /** A close's reason: three calls not reached, or still not solved when called back after a redo. */
  closedAs?: 'not_reached' | 'not_solved';
}

/**
 * The life of a SYNTHETIC case up to a moment: answered at intake or dispatched, accepted,
 * handled and replied to within its limits (mostly), called back and closed; or, when the
 * citizen says at the callback that the problem is not solved, sent back to be redone (重办)
 * and called back again. Pure: the calendar, the tier, the times and a random source in; the
 * columns of the case and the steps of its timeline out.
 */
export interface SyntheticLife {
  status: Status;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  due: Record<Stage, Limit | null>;
  warned: Stage[];
  overdue: Stage[];
  reply: string | null;
  resolved: boolean | null;
  satisfaction: Satisfaction | null;
  callbackAttempts: number;
  /** How often the case was sent back (`redo`): from the office (重办) or after an answer at intake (转派单). */
  redoCount: number;
  /** The last step taken by `now`. */
  updatedAt: Date;
  /** The steps taken by `now`, oldest first: one row version each. */
  steps: SyntheticStep[];
}

const MINUTE = 60_000;

/**
 * The mean share of callbacks reaching the citizen in which the citizen says the problem is
 * not solved (the office's first reply, or an answer at intake at half of it). Beijing's
 * 12345 reports a resolution rate of about 93–96 %.
 */
export const meanUnsolvedShare = 0.07;
/** Answers at intake the citizen says did not solve it, relative to the office's share. */
const answeredFactor = 0.5;
/** Of redone cases whose citizen is reached again, the share now solved; the others are closed as not solved. */
export const solvedAfterRedo = 0.35;
/** Shares of satisfied and basically satisfied (the rest dissatisfied) by what the citizen says. */
const satisfactionShares = {
  solved: [0.78, 0.205],
  solvedAfterRedo: [0.5, 0.35],
  notSolved: [0.05, 0.15],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * The share of callbacks not solved for an office's cases of a category: the mean share
 * times a factor of the office (0.35…1.65) and one of the category (0.75…1.25), drawn from
 * their codes, so that the same office ranks the same in every run and offices differ.
 */
export function unsolvedShareOf(officeCode: string, categoryCode: string | null): number {
  return meanUnsolvedShare * (0.35 + 1.3 * unitOf(`office:${officeCode}`)) * (0.75 + 0.5 * unitOf(`category:${categoryCode ?? ''}`));
}

/** A number in [0, 1) from a string: FNV-1a, then MurmurHash3's finaliser to spread near codes apart. */
function unitOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * How a case received at `receivedAt` stands at `now`, drawn with `u` (uniform in [0, 1)).
 * `unsolvedShare` is the share of reached callbacks of the office's first reply in which the
 * citizen says the problem is not solved (`meanUnsolvedShare` by default; 0: never).
 */
export function simulateLife(cal: WorkingCalendar, tier: Tier, c: { receivedAt: Date; kind: CaseKind; now: Date; unsolvedShare?: number }, u: () => number): SyntheticLife {
  const { receivedAt, now } = c;
  const unsolved = c.unsolvedShare ?? meanUnsolvedShare;
  const at = (t: number) => new Date(Math.round(t));
  const limit = (stage: Stage, from: Date): Limit => {
    const due = dueAt(cal, tier, stage, from);
    return { due, warn: warnAt(cal, tier, stage, from, due) };
  };
  // Most steps land within the limit; a few run late.
  const within = (from: Date, due: Date, lateShare: number) => from.getTime() + (due.getTime() - from.getTime()) * (u() < lateShare ? 1 + u() * 0.5 : 0.05 + 0.85 * u() ** 1.5);
  const expo = (meanMs: number) => -meanMs * Math.log(1 - u());
  const said = (x: number, [satisfied, basically]: readonly [number, number]): Satisfaction => (x < satisfied ? 'satisfied' : x < satisfied + basically ? 'basically_satisfied' : 'dissatisfied');

  const steps: SyntheticStep[] = [{ action: 'receive', from: null, to: 'received', at: receivedAt }];
  const take = (action: SyntheticStep['action'], to: Status, t: Date, extra: Omit<SyntheticStep, 'action' | 'from' | 'to' | 'at'> = {}) => {
    const from = steps[steps.length - 1]!.to;
    steps.push({ action, from, to: action === 'callback_failed' ? from : to, at: t, ...extra });
  };

  // The office's part: dispatched, accepted, started, replied.
  const handle = (from: Date) => {
    const dispatchedAt = at(from.getTime() + expo(20 * MINUTE));
    const response = limit('response', dispatchedAt);
    const handling = limit('handling', dispatchedAt);
    const acceptedAt = at(within(dispatchedAt, response.due, 0.03));
    const startedAt = at(acceptedAt.getTime() + expo(30 * MINUTE));
    const repliedAt = at(Math.max(startedAt.getTime() + 10 * MINUTE, within(dispatchedAt, handling.due, 0.05)));
    take('dispatch', 'dispatched', dispatchedAt, { limits: { response, handling } });
    take('accept', 'accepted', acceptedAt);
    take('start', 'in_progress', startedAt);
    take('reply', 'replied', repliedAt, { limits: { callback: limit('callback', repliedAt) } });
  };

  /**
   * The callbacks (回访) after a reply or an answer: the calls not reached, spread evenly
   * before the last; after three not reached, the hotline's close. Reached, the citizen says
   * it is solved (the callback closes the case) or not: then it is sent back (`redo`), or,
   * after a redo already, closed as not solved. Returns when it was sent back.
   */
  const callBack = (unsolvedShare: number, afterRedo: boolean): Date | null => {
    // The reply or the answer called back, and the callback limit it started.
    const replied = steps[steps.length - 1]!;
    const { to: from, at: repliedAt } = replied;
    const endAt = at(within(repliedAt, replied.limits!.callback!.due, 0.04));
    const reached = u() < 0.9;
    const failed = reached ? (u() < 0.15 ? 1 : 0) : 3;
    const gap = endAt.getTime() - repliedAt.getTime();
    for (let i = 1; i <= failed; i++) take('callback_failed', from, at(repliedAt.getTime() + (gap * i) / (failed + 1)));
    if (!reached) {
      take('close', 'closed', endAt, { closedAs: 'not_reached' });
      return null;
    }
    const x = u();
    const s = u();
    if (afterRedo ? x >= solvedAfterRedo : x < unsolvedShare) {
      if (afterRedo) {
        take('close', 'closed', endAt, { closedAs: 'not_solved' });
        return null;
      }
      // Back to the office with a new handling limit (重办), or, from an answer, to be dispatched.
      take('redo', from === 'replied' ? 'in_progress' : 'received', endAt, { satisfaction: said(s, satisfactionShares.notSolved), ...(from === 'replied' ? { limits: { handling: limit('handling', endAt) } } : {}) });
      return endAt;
    }
    take('callback', 'closed', endAt, { satisfaction: said(s, afterRedo ? satisfactionShares.solvedAfterRedo : satisfactionShares.solved) });
    return null;
  };

  // Answered at intake, or dispatched; an answer the citizen says did not solve it is dispatched after all.
  let withOffice = true;
  if (c.kind === 'inquiry' && u() < 0.7) {
    const answeredAt = at(receivedAt.getTime() + expo(4 * MINUTE));
    take('answer', 'answered', answeredAt, { limits: { callback: limit('callback', answeredAt) } });
    const sentBack = callBack(unsolved * answeredFactor, false);
    if (sentBack) handle(sentBack);
    else withOffice = false;
  } else {
    handle(receivedAt);
  }
  const redoneAt = withOffice ? callBack(unsolved, false) : null;
  if (redoneAt) {
    // The office replies again within the new limit; the citizen is called back once more.
    const again = at(Math.max(redoneAt.getTime() + 10 * MINUTE, within(redoneAt, steps[steps.length - 1]!.limits!.handling!.due, 0.05)));
    take('reply', 'replied', again, { limits: { callback: limit('callback', again) } });
    callBack(unsolved, true);
  }

  return replay(
    steps.filter((s) => s.at <= now),
    now,
  );
}

/** The statuses in which each limit runs (as the deadline scan reads them). */
const runsIn: Record<Stage, readonly Status[]> = {
  response: ['dispatched'],
  handling: ['dispatched', 'accepted', 'in_progress', 'extension_requested', 'suspension_requested'],
  callback: ['replied', 'answered'],
};
const stages: Stage[] = ['response', 'handling', 'callback'];

const replies = {
  answer: '已当场解答市民咨询。（合成数据）',
  reply: '已联系市民并现场核实处理。（合成数据）',
  again: '已重新办理并再次联系市民。（合成数据）',
};

/**
 * The case's columns after the steps taken, as the workflow (`applyAction` in cases.ts)
 * sets them step by step, with the warnings and escalations the deadline scan would have
 * flagged while a limit ran in the case's status, up to `now`.
 */
function replay(steps: SyntheticStep[], now: Date): SyntheticLife {
  const due: SyntheticLife['due'] = { response: null, handling: null, callback: null };
  let warned: Stage[] = [];
  let overdue: Stage[] = [];
  const life = { dispatchedAt: null as Date | null, acceptedAt: null as Date | null, repliedAt: null as Date | null, closedAt: null as Date | null, reply: null as string | null, resolved: null as boolean | null, satisfaction: null as Satisfaction | null, callbackAttempts: 0, redoCount: 0 };
  const scan = (status: Status, until: Date) => {
    for (const stage of stages) {
      const d = due[stage];
      if (!d || !runsIn[stage].includes(status)) continue;
      if (until >= d.warn && !warned.includes(stage)) warned.push(stage);
      if (until > d.due && !overdue.includes(stage)) overdue.push(stage);
    }
  };
  let redone = false;
  for (const [i, s] of steps.entries()) {
    if (i > 0) scan(steps[i - 1]!.to, s.at);
    switch (s.action) {
      case 'answer':
        Object.assign(life, { reply: replies.answer, repliedAt: s.at });
        due.callback = s.limits!.callback!;
        break;
      case 'dispatch':
        Object.assign(life, { dispatchedAt: s.at, acceptedAt: null });
        Object.assign(due, { response: s.limits!.response!, handling: s.limits!.handling!, callback: null });
        warned = [];
        overdue = [];
        break;
      case 'accept':
        life.acceptedAt = s.at;
        break;
      case 'reply':
        Object.assign(life, { reply: redone ? replies.again : replies.reply, repliedAt: s.at });
        due.callback = s.limits!.callback!;
        break;
      case 'callback':
        Object.assign(life, { resolved: true, satisfaction: s.satisfaction!, closedAt: s.at, callbackAttempts: life.callbackAttempts + 1 });
        break;
      case 'callback_failed':
        life.callbackAttempts++;
        break;
      case 'redo':
        Object.assign(life, { resolved: false, satisfaction: s.satisfaction!, redoCount: life.redoCount + 1, callbackAttempts: life.callbackAttempts + 1, repliedAt: null });
        due.callback = null;
        if (s.from === 'replied') {
          redone = true;
          due.handling = s.limits!.handling!;
          warned = warned.filter((x) => x !== 'handling' && x !== 'callback');
          overdue = overdue.filter((x) => x !== 'handling' && x !== 'callback');
        }
        break;
      case 'close':
        life.closedAt = s.at;
        break;
    }
  }
  const last = steps[steps.length - 1]!;
  scan(last.to, now);
  return { status: last.to, ...life, due, warned, overdue, updatedAt: last.at, steps };
}
