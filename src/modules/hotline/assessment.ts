import { z } from 'zod';
import { AppError } from '../../core/errors.js';

/**
 * The monthly assessment of offices (三率考评) as pure formulas over case timelines: the
 * response rate (响应率), the resolution rate (解决率), the satisfaction rate (满意率) and their
 * weighted composite (综合得分). Timelines in, findings out; no clock, no I/O. Every counted or
 * excluded step becomes a `Finding` naming its case, rate and reason, so that an office can
 * see what pulled its score down and what was left out.
 *
 * Attribution: the office assessed is the office that had the case when the measured step
 * happened — the office a dispatch went to (response), the office whose reply was called back
 * (resolution, satisfaction). Month: a step counts in the month (city time) it happened in;
 * a response counts in the month of its dispatch, whenever the office accepted.
 */

export const rates = ['response', 'resolution', 'satisfaction'] as const;
export type Rate = (typeof rates)[number];

/** Why a step counted as it did, or why it was left out. */
export const reasons = {
  // counted, met
  accepted_in_time: { zh: '时限内签收', en: 'accepted within the response limit' },
  solved: { zh: '市民表示已解决', en: 'the citizen said it is solved' },
  satisfied: { zh: '满意', en: 'satisfied' },
  // counted, missed (in part)
  accepted_late: { zh: '超时签收', en: 'accepted after the response limit' },
  not_accepted: { zh: '超过签收时限未签收', en: 'not accepted by the response limit' },
  disputed_late: { zh: '超过签收时限后退单且被驳回', en: 'disputed after the response limit, and the dispute was rejected' },
  redispatched_late: { zh: '超过签收时限未签收即被改派', en: 'redispatched after the response limit without being accepted' },
  not_solved: { zh: '市民表示未解决', en: 'the citizen said it is not solved' },
  basically_satisfied: { zh: '基本满意', en: 'basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'dissatisfied' },
  // excluded
  merged: { zh: '已并单，按主工单考评', en: 'merged into another case, which is assessed instead' },
  transferred: { zh: '非政府职责已转出', en: 'transferred outside government duty' },
  answered_at_intake: { zh: '热线直接答复，未派单', en: 'answered by the hotline at intake, never with an office' },
  dispute_upheld: { zh: '退单审核通过，派单有误不计本单位', en: 'the dispute was upheld: the dispatch was wrong, not the office' },
  redispatched: { zh: '签收时限内被改派', en: 'redispatched before the response limit' },
  dispute_pending: { zh: '退单审核中', en: 'the dispute awaits review' },
  pending: { zh: '签收时限未到', en: 'the response limit has not passed yet' },
  no_deadline: { zh: '无签收时限', en: 'no response limit recorded' },
  no_satisfaction: { zh: '未评价满意度', en: 'no satisfaction given' },
  suspended_whole_month: { zh: '整月挂起', en: 'suspended for the whole month' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type Reason = keyof typeof reasons;

/** One step of a case's timeline (`hotline_case_events`), as the formulas need it. */
export interface AssessmentEvent {
  at: Date;
  action: string;
  from: string | null;
  to: string | null;
  /** The office that has the case after the step. */
  org: string | null;
  /** For steps that start the response clock (dispatch, redispatch, uphold_dispute, reject_dispute, reopen): its limit. */
  responseDueAt?: Date | null;
  /** For callback and redo: what the citizen said. */
  satisfaction?: string | null;
}

/** A case with its whole timeline, oldest step first. */
export interface AssessmentCase {
  id: string;
  number: string;
  regionCode: string | null;
  /** Its status now: merged and transferred cases are left out of every rate. */
  status: string;
  events: AssessmentEvent[];
}

/** A step that counts for a rate (score 0…1), or one left out of it (score null), and why. */
export interface Finding {
  caseId: string;
  number: string;
  regionCode: string | null;
  /** The office assessed; null for what no office had (answered at intake). */
  org: string | null;
  rate: Rate;
  /** When the step counts: the dispatch (response), the callback (resolution, satisfaction). */
  at: Date;
  /** 1 met, 0 missed, the configured weight for basically satisfied; null when excluded. */
  score: number | null;
  reason: Reason;
  /** The limit and the step it was measured by, when there are any. */
  dueAt?: Date | null;
  eventAt?: Date | null;
}

/** A month in city time, as an interval of instants [from, to). */
export interface Window {
  from: Date;
  to: Date;
}

/** The city's settings: composite weights, the weight of 基本满意, the fewest cases for a rank. */
export interface AssessmentSettings {
  weights: Record<Rate, number>;
  basicallySatisfiedWeight: number;
  minCases: number;
  source: string | null;
}

// Beijing counts 满意 and 基本满意 alike (weight 1); 30/35/35 is citywork's default, not a regulation's.
export const defaultAssessmentSettings: AssessmentSettings = {
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  basicallySatisfiedWeight: 1,
  minCases: 5,
  source: null,
};

/** The schema of a city pack's optional `hotline/assessment.json`. */
export const assessmentFileSchema = z.strictObject({
  /** Where the weights come from: the city's 考评办法, or a note that they are illustrative. */
  source: z.string().min(1),
  notes: z.string().optional(),
  weights: z
    .strictObject({ response: z.number().min(0), resolution: z.number().min(0), satisfaction: z.number().min(0) })
    .refine((w) => w.response + w.resolution + w.satisfaction > 0, 'at least one weight must be above 0'),
  basicallySatisfiedWeight: z.number().min(0).max(1).default(1),
  minCases: z.number().int().min(1).max(10_000).default(5),
});

/** The month `YYYY-MM` in a city's time (a fixed UTC offset, +08:00 for China) as instants. */
export function monthWindow(month: string, utcOffsetMinutes: number): Window {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new AppError('invalid', `month must be YYYY-MM, not ${month}`, { field: 'month' });
  const [year, mon] = [Number(m[1]), Number(m[2])];
  const shift = utcOffsetMinutes * 60_000;
  return { from: new Date(Date.UTC(year, mon - 1, 1) - shift), to: new Date(Date.UTC(year, mon, 1) - shift) };
}

const clockStarts = new Set(['dispatch', 'redispatch', 'uphold_dispute', 'reopen']);

/**
 * Response rate (响应率) of one case: one finding per dispatch to an office within the window.
 * Met when the office accepted by the response limit in force (accepted_at ≤ response_due_at;
 * a rejected dispute restarts the limit). Missed when it accepted late, was not accepted by
 * `asOf` although the limit passed, was redispatched after the limit, or disputed only after
 * the limit. Excluded when the dispute was upheld (the dispatch was wrong, whenever it was
 * disputed), when the hotline redispatched it before the limit, while a dispute awaits review
 * or the limit has not passed yet.
 */
export function responseFindings(c: AssessmentCase, window: Window, { asOf }: { asOf: Date }): Finding[] {
  const out: Finding[] = [];
  let ep: { org: string; start: Date; due: Date | null; disputed: boolean; late: { reason: Reason; at: Date } | null } | null = null;
  const close = (score: number | null, reason: Reason, eventAt: Date | null) => {
    if (ep && inWindow(ep.start, window)) out.push({ ...ref(c, ep.org), rate: 'response', at: ep.start, score, reason, dueAt: ep.due, eventAt });
    ep = null;
  };
  for (const e of c.events) {
    if (clockStarts.has(e.action)) {
      if (ep) {
        if (e.action === 'uphold_dispute') close(null, 'dispute_upheld', e.at);
        else if (ep.late) close(0, ep.late.reason, ep.late.at);
        else if (ep.due && e.at > ep.due) close(0, 'redispatched_late', e.at);
        else close(null, 'redispatched', e.at);
      }
      if (e.to === 'dispatched' && e.org) ep = { org: e.org, start: e.at, due: e.responseDueAt ?? null, disputed: false, late: null };
    } else if (ep && e.action === 'dispute') {
      ep.disputed = true;
      if (ep.due && e.at > ep.due) ep.late = { reason: 'disputed_late', at: e.at };
    } else if (ep && e.action === 'reject_dispute') {
      ep.disputed = false;
      if (!ep.late) ep.due = e.responseDueAt ?? ep.due;
    } else if (ep && e.action === 'accept') {
      if (ep.late) close(0, ep.late.reason, ep.late.at);
      else if (!ep.due) close(null, 'no_deadline', e.at);
      else close(e.at <= ep.due ? 1 : 0, e.at <= ep.due ? 'accepted_in_time' : 'accepted_late', e.at);
    } else if (ep && (e.action === 'merge' || e.action === 'transfer')) {
      close(null, e.action === 'merge' ? 'merged' : 'transferred', e.at);
    }
  }
  if (ep) {
    const open: { late: { reason: Reason; at: Date } | null; disputed: boolean; due: Date | null } = ep;
    if (open.late) close(0, open.late.reason, open.late.at);
    else if (open.disputed) close(null, 'dispute_pending', null);
    else if (!open.due) close(null, 'no_deadline', null);
    else if (open.due < asOf) close(0, 'not_accepted', null);
    else close(null, 'pending', null);
  }
  return out;
}

/**
 * Resolution (解决率) and satisfaction (满意率) of one case: of the callbacks (回访) in the
 * window — `callback` (the citizen says solved, the case closes) or `redo` (not solved, back
 * to the office) — the last one per office counts, for the office that replied. Resolution
 * is 1 for solved, 0 for not solved. Satisfaction is 1 for 满意, `basicallySatisfiedWeight`
 * for 基本满意, 0 for 不满意; a callback without one is excluded. Callbacks of an answer given
 * at intake (from `answered`) have no office and are excluded.
 */
export function callbackFindings(c: AssessmentCase, window: Window, { basicallySatisfiedWeight = 1 }: { basicallySatisfiedWeight?: number } = {}): Finding[] {
  const last = new Map<string | null, AssessmentEvent>();
  for (const e of c.events) {
    if ((e.action !== 'callback' && e.action !== 'redo') || !inWindow(e.at, window)) continue;
    last.set(e.from === 'answered' || !e.org ? null : e.org, e);
  }
  const out: Finding[] = [];
  for (const [org, e] of last) {
    const base = { ...ref(c, org), at: e.at, eventAt: e.at };
    if (org === null) {
      for (const rate of ['resolution', 'satisfaction'] as const) out.push({ ...base, rate, score: null, reason: 'answered_at_intake' });
      continue;
    }
    const solved = e.action === 'callback';
    out.push({ ...base, rate: 'resolution', score: solved ? 1 : 0, reason: solved ? 'solved' : 'not_solved' });
    const s = e.satisfaction;
    if (s === 'satisfied') out.push({ ...base, rate: 'satisfaction', score: 1, reason: 'satisfied' });
    else if (s === 'basically_satisfied') out.push({ ...base, rate: 'satisfaction', score: basicallySatisfiedWeight, reason: 'basically_satisfied' });
    else if (s === 'dissatisfied') out.push({ ...base, rate: 'satisfaction', score: 0, reason: 'dissatisfied' });
    else out.push({ ...base, rate: 'satisfaction', score: null, reason: 'no_satisfaction' });
  }
  return out;
}

/**
 * Whether the case was suspended (挂起) from before the window until after it (or until now):
 * then it is shown to the office it was suspended for as excluded from every rate.
 */
export function suspendedThroughout(c: AssessmentCase, window: Window): { org: string | null; since: Date } | null {
  let since: { org: string | null; at: Date } | null = null;
  for (const e of c.events) {
    if (e.to === 'suspended' && e.from !== 'suspended') since = { org: e.org, at: e.at };
    else if (since && e.from === 'suspended' && e.to !== 'suspended') {
      if (since.at <= window.from && e.at >= window.to) return { org: since.org, since: since.at };
      since = null;
    }
  }
  return since && since.at <= window.from ? { org: since.org, since: since.at } : null;
}

/**
 * Every finding of one case for a window: responses, callbacks, and a whole month suspended.
 * A case now merged (并单) or transferred (转出) has all its findings excluded: a merged case
 * is assessed through the case it was merged into, a transferred one is not government duty.
 */
export function assessCase(c: AssessmentCase, window: Window, { asOf, basicallySatisfiedWeight = 1 }: { asOf: Date; basicallySatisfiedWeight?: number }): Finding[] {
  const findings = [...responseFindings(c, window, { asOf }), ...callbackFindings(c, window, { basicallySatisfiedWeight })];
  const held = suspendedThroughout(c, window);
  if (held) for (const rate of rates) findings.push({ ...ref(c, held.org), rate, at: window.from, score: null, reason: 'suspended_whole_month', eventAt: held.since });
  if (c.status === 'merged' || c.status === 'transferred') {
    const reason: Reason = c.status;
    return findings.map((f) => (f.score === null && (f.reason === 'merged' || f.reason === 'transferred') ? f : { ...f, score: null, reason }));
  }
  return findings;
}

/** One rate of one office or region: numerator over denominator, and what was left out, by reason. */
export interface RateFigure {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, 4 decimals; null without a denominator. */
  rate: number | null;
  excluded: Partial<Record<Reason, number>>;
}

/** The three rates and the composite of a group of findings. */
export interface Figures {
  /** Distinct cases that count in at least one rate. */
  cases: number;
  response: RateFigure;
  resolution: RateFigure;
  satisfaction: RateFigure;
  composite: number | null;
}

/** Sums findings into the three rates and the composite. */
export function figuresOf(findings: readonly Finding[], { weights = defaultAssessmentSettings.weights }: { weights?: Record<Rate, number> } = {}): Figures {
  const fig = (rate: Rate): RateFigure => {
    let numerator = 0;
    let denominator = 0;
    const excluded: Partial<Record<Reason, number>> = {};
    for (const f of findings) {
      if (f.rate !== rate) continue;
      if (f.score === null) excluded[f.reason] = (excluded[f.reason] ?? 0) + 1;
      else {
        numerator += f.score;
        denominator += 1;
      }
    }
    numerator = round(numerator, 4);
    return { numerator, denominator, rate: denominator ? round(numerator / denominator, 4) : null, excluded };
  };
  const [response, resolution, satisfaction] = rates.map(fig) as [RateFigure, RateFigure, RateFigure];
  const cases = new Set(findings.filter((f) => f.score !== null).map((f) => f.caseId)).size;
  return { cases, response, resolution, satisfaction, composite: compositeScore({ response, resolution, satisfaction }, weights) };
}

/**
 * 综合得分 = Σ wᵢ·rateᵢ ÷ Σ wᵢ × 100 over the rates that have a denominator (a rate without
 * cases neither helps nor hurts); 2 decimals; null when no weighted rate has a denominator.
 * With the default weights 30/35/35 and all three rates: 0.30·响应率 + 0.35·解决率 + 0.35·满意率.
 */
export function compositeScore(figures: Record<Rate, Pick<RateFigure, 'numerator' | 'denominator'>>, weights: Record<Rate, number>): number | null {
  let sum = 0;
  let weight = 0;
  for (const rate of rates) {
    const { numerator, denominator } = figures[rate];
    if (!denominator || !weights[rate]) continue;
    sum += weights[rate] * (numerator / denominator);
    weight += weights[rate];
  }
  return weight ? round((sum / weight) * 100, 2) : null;
}

/** A ranked unit: its figures, its rank (null when not ranked) and whether it has too few cases. */
export type Ranked<T> = T & { rank: number | null; fewCases: boolean };

/**
 * Ranks units by composite, best first; equal composites share a rank (1, 1, 3). Units with
 * fewer than `minCases` cases, or no composite, are listed after the ranked ones, flagged, with
 * no rank: a perfect score on two cases is luck, not a first place.
 */
export function rankUnits<T extends { key: string; figures: Figures }>(units: readonly T[], { minCases = defaultAssessmentSettings.minCases }: { minCases?: number } = {}): Ranked<T>[] {
  const score = (u: T) => u.figures.composite ?? -1;
  const order = (a: T, b: T) => score(b) - score(a) || b.figures.cases - a.figures.cases || a.key.localeCompare(b.key);
  const eligible = (u: T) => u.figures.cases >= minCases && u.figures.composite !== null;
  const ranked = units.filter(eligible).sort(order);
  const out: Ranked<T>[] = [];
  ranked.forEach((u, i) => {
    const prev = out[i - 1];
    out.push({ ...u, rank: prev && prev.figures.composite === u.figures.composite ? prev.rank : i + 1, fewCases: false });
  });
  for (const u of units.filter((x) => !eligible(x)).sort(order)) out.push({ ...u, rank: null, fewCases: u.figures.cases < minCases });
  return out;
}

/** The formulas in words, for the API response and the export's readers. */
export function formulasOf(s: AssessmentSettings) {
  const w = s.weights;
  return {
    response: {
      zh: '响应率 = 当月派给本单位、在签收时限内签收的派单数 ÷ 当月派给本单位的派单数（退单被驳回的，时限自驳回时重新起算）',
      en: 'response rate = dispatches to the office in the month that it accepted within the response limit ÷ dispatches to the office in the month (a rejected dispute restarts the limit)',
      numerator: 'accepted_in_time',
      missed: ['accepted_late', 'not_accepted', 'disputed_late', 'redispatched_late'] as Reason[],
      excluded: ['merged', 'transferred', 'dispute_upheld', 'redispatched', 'dispute_pending', 'pending', 'no_deadline', 'suspended_whole_month'] as Reason[],
    },
    resolution: {
      zh: '解决率 = 当月回访中市民表示已解决的工单数 ÷ 当月回访的本单位工单数（同一工单当月多次回访以最后一次为准）',
      en: 'resolution rate = cases of the office called back in the month that the citizen said are solved ÷ cases of the office called back in the month (the last callback of a case in the month counts)',
      numerator: 'solved',
      missed: ['not_solved'] as Reason[],
      excluded: ['merged', 'transferred', 'answered_at_intake', 'suspended_whole_month'] as Reason[],
    },
    satisfaction: {
      zh: `满意率 = (满意数 + ${s.basicallySatisfiedWeight} × 基本满意数) ÷ 当月回访的本单位工单数`,
      en: `satisfaction rate = (satisfied + ${s.basicallySatisfiedWeight} × basically satisfied) ÷ cases of the office called back in the month`,
      numerator: 'satisfied',
      missed: ['basically_satisfied', 'dissatisfied'] as Reason[],
      excluded: ['merged', 'transferred', 'answered_at_intake', 'no_satisfaction', 'suspended_whole_month'] as Reason[],
    },
    composite: {
      zh: `综合得分 = (${w.response} × 响应率 + ${w.resolution} × 解决率 + ${w.satisfaction} × 满意率) ÷ (${w.response} + ${w.resolution} + ${w.satisfaction}) × 100；无分母的比率不计入，其权重也不计入`,
      en: `composite = (${w.response} × response + ${w.resolution} × resolution + ${w.satisfaction} × satisfaction) ÷ (${w.response} + ${w.resolution} + ${w.satisfaction}) × 100; a rate without a denominator is left out with its weight`,
    },
    ranking: {
      zh: `按综合得分从高到低排名，得分相同名次相同；计入工单少于 ${s.minCases} 件的单位列出但不排名`,
      en: `ranked by composite, best first, equal scores share a rank; units with fewer than ${s.minCases} counted cases are listed, flagged, not ranked`,
    },
  };
}

function ref(c: AssessmentCase, org: string | null) {
  return { caseId: c.id, number: c.number, regionCode: c.regionCode, org };
}

function inWindow(at: Date, w: Window): boolean {
  return at >= w.from && at < w.to;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
