import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessCase,
  assessmentFileSchema,
  callbackFindings,
  compositeScore,
  figuresOf,
  monthWindow,
  rankUnits,
  responseFindings,
  suspendedThroughout,
  type AssessmentCase,
  type AssessmentEvent,
  type Figures,
  type Finding,
} from './assessment.js';

// November 2026 in Beijing time; "now" is mid-December unless a test says otherwise.
const nov = monthWindow('2026-11', 480);
const asOf = at('12-15T10:00');
function at(s: string): Date {
  return new Date(`2026-${s}:00+08:00`);
}
const A = 'street-a';
const B = 'cgw-b';

type Step = [string, string, string | null, string | null, string | null, Partial<AssessmentEvent>?];
function kase(steps: Step[], { status = 'closed', number = 'N1' }: { status?: string; number?: string } = {}): AssessmentCase {
  const events = steps.map(([when, action, from, to, org, extra]) => ({ at: at(when), action, from, to, org, ...extra }));
  return { id: `case_${number}`, number, regionCode: '110101001', status, events };
}
const dispatch = (when: string, org: string, due: string, action = 'dispatch', from = 'received'): Step => [when, action, from, 'dispatched', org, { responseDueAt: at(due) }];
const accept = (when: string, org: string): Step => [when, 'accept', 'dispatched', 'accepted', org];
const summary = (fs: Finding[]) => fs.map((f) => `${f.rate}:${f.org}:${f.score}:${f.reason}`);

describe('monthWindow', () => {
  it('gives the month in city time as instants', () => {
    expect(nov).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(monthWindow('2026-12', 480).to).toEqual(new Date('2026-12-31T16:00:00Z'));
  });
  it('refuses what is not YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-1', 'november']) expect(() => monthWindow(bad, 480)).toThrow(/month must be YYYY-MM/);
  });
});

describe('response rate (响应率)', () => {
  it('counts an acceptance within the limit, at the limit itself, and not after it', () => {
    expect(summary(responseFindings(kase([dispatch('11-02T10:00', A, '11-02T12:00'), accept('11-02T11:00', A)]), nov, { asOf }))).toEqual([`response:${A}:1:accepted_in_time`]);
    expect(summary(responseFindings(kase([dispatch('11-02T10:00', A, '11-02T12:00'), accept('11-02T12:00', A)]), nov, { asOf }))).toEqual([`response:${A}:1:accepted_in_time`]);
    const late = responseFindings(kase([dispatch('11-02T10:00', A, '11-02T12:00'), accept('11-02T12:01', A)]), nov, { asOf });
    expect(late).toMatchObject([{ org: A, score: 0, reason: 'accepted_late', dueAt: at('11-02T12:00'), eventAt: at('11-02T12:01') }]);
  });

  it('counts a dispatch never accepted as missed once the limit passed, as pending before', () => {
    const c = kase([dispatch('11-30T10:00', A, '11-30T12:00')], { status: 'dispatched' });
    expect(summary(responseFindings(c, nov, { asOf: at('11-30T11:00') }))).toEqual([`response:${A}:null:pending`]);
    expect(summary(responseFindings(c, nov, { asOf: at('11-30T12:01') }))).toEqual([`response:${A}:0:not_accepted`]);
  });

  it('does not hold an upheld dispute against the first office, even a late one; the next office is measured by its own limit', () => {
    const c = kase([
      dispatch('11-02T10:00', A, '11-02T12:00'),
      ['11-02T15:00', 'dispute', 'dispatched', 'disputed', A],
      dispatch('11-02T16:00', B, '11-03T09:30', 'uphold_dispute', 'disputed'),
      accept('11-03T09:00', B),
    ]);
    expect(summary(responseFindings(c, nov, { asOf }))).toEqual([`response:${A}:null:dispute_upheld`, `response:${B}:1:accepted_in_time`]);
  });

  it('restarts the limit on a rejected dispute made in time, and not on one made after the limit', () => {
    const inTime = kase([
      dispatch('11-02T10:00', A, '11-02T12:00'),
      ['11-02T11:00', 'dispute', 'dispatched', 'disputed', A],
      ['11-02T14:00', 'reject_dispute', 'disputed', 'dispatched', A, { responseDueAt: at('11-02T16:00') }],
      accept('11-02T15:00', A),
    ]);
    expect(summary(responseFindings(inTime, nov, { asOf }))).toEqual([`response:${A}:1:accepted_in_time`]);
    const afterLimit = kase([
      dispatch('11-02T10:00', A, '11-02T12:00'),
      ['11-02T13:00', 'dispute', 'dispatched', 'disputed', A],
      ['11-02T14:00', 'reject_dispute', 'disputed', 'dispatched', A, { responseDueAt: at('11-02T16:00') }],
      accept('11-02T15:00', A),
    ]);
    expect(responseFindings(afterLimit, nov, { asOf })).toMatchObject([{ score: 0, reason: 'disputed_late', eventAt: at('11-02T13:00') }]);
  });

  it('leaves a dispute awaiting review out', () => {
    const c = kase([dispatch('11-02T10:00', A, '11-02T12:00'), ['11-02T11:00', 'dispute', 'dispatched', 'disputed', A]], { status: 'disputed' });
    expect(summary(responseFindings(c, nov, { asOf }))).toEqual([`response:${A}:null:dispute_pending`]);
  });

  it('leaves out a redispatch before the limit, and counts one after it against the office that sat on it', () => {
    const early = kase([dispatch('11-02T10:00', A, '11-02T12:00'), dispatch('11-02T11:00', B, '11-02T13:00', 'redispatch', 'dispatched'), accept('11-02T12:30', B)]);
    expect(summary(responseFindings(early, nov, { asOf }))).toEqual([`response:${A}:null:redispatched`, `response:${B}:1:accepted_in_time`]);
    const late = kase([dispatch('11-02T10:00', A, '11-02T12:00'), dispatch('11-02T14:00', B, '11-02T16:00', 'redispatch', 'dispatched'), accept('11-02T15:00', B)]);
    expect(summary(responseFindings(late, nov, { asOf }))).toEqual([`response:${A}:0:redispatched_late`, `response:${B}:1:accepted_in_time`]);
  });

  it('counts a response in the month of its dispatch, and a reopened case as a new dispatch', () => {
    const c = kase([
      dispatch('10-31T16:00', A, '11-02T10:00'),
      accept('11-01T09:00', A),
      ['11-03T10:00', 'reply', 'accepted', 'replied', A],
      ['11-04T10:00', 'callback', 'replied', 'closed', A, { satisfaction: 'satisfied' }],
      ['11-05T10:00', 'reopen', 'closed', 'dispatched', A, { responseDueAt: at('11-05T12:00') }],
      accept('11-05T13:00', A),
    ]);
    expect(summary(responseFindings(c, nov, { asOf }))).toEqual([`response:${A}:0:accepted_late`]);
    expect(summary(responseFindings(c, monthWindow('2026-10', 480), { asOf }))).toEqual([`response:${A}:1:accepted_in_time`]);
  });
});

describe('resolution (解决率) and satisfaction (满意率)', () => {
  const replied: Step[] = [dispatch('11-02T10:00', A, '11-02T12:00'), accept('11-02T11:00', A), ['11-03T10:00', 'reply', 'accepted', 'replied', A]];

  it('scores solved and satisfied 1, not solved and dissatisfied 0, basically satisfied by its weight', () => {
    const ok = kase([...replied, ['11-04T10:00', 'callback', 'replied', 'closed', A, { satisfaction: 'satisfied' }]]);
    expect(summary(callbackFindings(ok, nov))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:1:satisfied`]);
    const redo = kase([...replied, ['11-04T10:00', 'redo', 'replied', 'in_progress', A, { satisfaction: 'dissatisfied' }]], { status: 'in_progress' });
    expect(summary(callbackFindings(redo, nov))).toEqual([`resolution:${A}:0:not_solved`, `satisfaction:${A}:0:dissatisfied`]);
    const basic = kase([...replied, ['11-04T10:00', 'callback', 'replied', 'closed', A, { satisfaction: 'basically_satisfied' }]]);
    expect(summary(callbackFindings(basic, nov))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:1:basically_satisfied`]);
    expect(summary(callbackFindings(basic, nov, { basicallySatisfiedWeight: 0.8 }))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:0.8:basically_satisfied`]);
  });

  it('counts the last callback of the month per office; one in the next month counts there', () => {
    const c = kase([
      ...replied,
      ['11-04T10:00', 'redo', 'replied', 'in_progress', A, { satisfaction: 'dissatisfied' }],
      ['11-10T10:00', 'reply', 'in_progress', 'replied', A],
      ['11-11T10:00', 'callback', 'replied', 'closed', A, { satisfaction: 'satisfied' }],
    ]);
    expect(summary(callbackFindings(c, nov))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:1:satisfied`]);
    const across = kase([
      ...replied,
      ['11-30T10:00', 'redo', 'replied', 'in_progress', A, { satisfaction: 'dissatisfied' }],
      ['12-02T10:00', 'reply', 'in_progress', 'replied', A],
      ['12-03T10:00', 'callback', 'replied', 'closed', A, { satisfaction: 'satisfied' }],
    ]);
    expect(summary(callbackFindings(across, nov))).toEqual([`resolution:${A}:0:not_solved`, `satisfaction:${A}:0:dissatisfied`]);
    expect(summary(callbackFindings(across, monthWindow('2026-12', 480)))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:1:satisfied`]);
  });

  it('leaves out the callback of an answer given at intake: no office had it', () => {
    const c = kase([
      ['11-02T10:00', 'receive', null, 'received', null],
      ['11-02T10:00', 'answer', 'received', 'answered', null],
      ['11-03T10:00', 'callback', 'answered', 'closed', null, { satisfaction: 'satisfied' }],
    ]);
    expect(summary(callbackFindings(c, nov))).toEqual(['resolution:null:null:answered_at_intake', 'satisfaction:null:null:answered_at_intake']);
  });

  it('leaves out a satisfaction not given', () => {
    const c = kase([...replied, ['11-04T10:00', 'callback', 'replied', 'closed', A, { satisfaction: null }]]);
    expect(summary(callbackFindings(c, nov))).toEqual([`resolution:${A}:1:solved`, `satisfaction:${A}:null:no_satisfaction`]);
  });
});

describe('exclusions of whole cases', () => {
  it('leaves merged and transferred cases out of every rate', () => {
    const merged = kase([dispatch('11-02T10:00', A, '11-02T12:00'), accept('11-02T13:00', A), ['11-02T14:00', 'merge', 'accepted', 'merged', A]], { status: 'merged' });
    expect(summary(assessCase(merged, nov, { asOf }))).toEqual([`response:${A}:null:merged`]);
    const transferred = kase([dispatch('11-02T10:00', A, '11-02T12:00'), ['11-02T11:00', 'transfer', 'dispatched', 'transferred', A]], { status: 'transferred' });
    expect(summary(assessCase(transferred, nov, { asOf }))).toEqual([`response:${A}:null:transferred`]);
  });

  it('shows a case suspended the whole month to its office as left out, and not one suspended for part of it', () => {
    const steps: Step[] = [
      dispatch('10-10T10:00', A, '10-10T12:00'),
      accept('10-10T11:00', A),
      ['10-12T10:00', 'request_suspension', 'accepted', 'suspension_requested', A],
      ['10-13T10:00', 'approve_suspension', 'suspension_requested', 'suspended', A],
    ];
    const still = kase(steps, { status: 'suspended' });
    expect(suspendedThroughout(still, nov)).toEqual({ org: A, since: at('10-13T10:00') });
    expect(summary(assessCase(still, nov, { asOf }))).toEqual(['response', 'resolution', 'satisfaction'].map((r) => `${r}:${A}:null:suspended_whole_month`));
    const resumedAfter = kase([...steps, ['12-02T10:00', 'resume', 'suspended', 'in_progress', A]], { status: 'in_progress' });
    expect(suspendedThroughout(resumedAfter, nov)).not.toBeNull();
    const resumedWithin = kase([...steps, ['11-20T10:00', 'resume', 'suspended', 'in_progress', A]], { status: 'in_progress' });
    expect(suspendedThroughout(resumedWithin, nov)).toBeNull();
  });
});

describe('figures, composite and ranking', () => {
  const f = (rate: Finding['rate'], score: number | null, caseId = 'c1', reason: Finding['reason'] = 'solved'): Finding => ({ caseId, number: caseId, regionCode: null, org: A, rate, at: at('11-02T10:00'), score, reason });

  it('sums numerators and denominators and counts exclusions by reason', () => {
    const fig = figuresOf([f('response', 1, 'c1'), f('response', 0, 'c2'), f('response', 1, 'c3'), f('response', null, 'c4', 'dispute_upheld'), f('resolution', 1, 'c1'), f('satisfaction', 0.8, 'c1'), f('satisfaction', 1, 'c2')]);
    expect(fig.cases).toBe(3);
    expect(fig.response).toEqual({ numerator: 2, denominator: 3, rate: 0.6667, excluded: { dispute_upheld: 1 } });
    expect(fig.satisfaction).toEqual({ numerator: 1.8, denominator: 2, rate: 0.9, excluded: {} });
    // (30 × 2/3 + 35 × 1 + 35 × 0.9) ÷ 100 × 100
    expect(fig.composite).toBe(86.5);
  });

  it('weighs the composite 30/35/35 and leaves out a rate without cases, with its weight', () => {
    const w = { response: 30, resolution: 35, satisfaction: 35 };
    expect(compositeScore({ response: { numerator: 4, denominator: 5 }, resolution: { numerator: 3, denominator: 4 }, satisfaction: { numerator: 2, denominator: 4 } }, w)).toBe(67.75);
    expect(compositeScore({ response: { numerator: 4, denominator: 5 }, resolution: { numerator: 0, denominator: 0 }, satisfaction: { numerator: 0, denominator: 0 } }, w)).toBe(80);
    expect(compositeScore({ response: { numerator: 0, denominator: 0 }, resolution: { numerator: 0, denominator: 0 }, satisfaction: { numerator: 0, denominator: 0 } }, w)).toBeNull();
  });

  it('ranks by composite, ties share a rank, and lists units with too few cases after, flagged and unranked', () => {
    const unit = (key: string, composite: number | null, cases: number) => ({ key, figures: { cases, composite } as Figures });
    const ranked = rankUnits([unit('d', 100, 2), unit('a', 80, 10), unit('b', 90, 6), unit('c', 80, 5), unit('e', null, 0)], { minCases: 5 });
    expect(ranked.map((u) => [u.key, u.rank, u.fewCases])).toEqual([
      ['b', 1, false],
      ['a', 2, false],
      ['c', 2, false],
      ['d', null, true],
      ['e', null, true],
    ]);
  });
});

describe('hotline/assessment.json', () => {
  it('fills the defaults and refuses weights that are all zero', () => {
    const parsed = assessmentFileSchema.parse({ source: 'x', weights: { response: 30, resolution: 35, satisfaction: 35 } });
    expect(parsed).toMatchObject({ basicallySatisfiedWeight: 1, minCases: 5 });
    expect(assessmentFileSchema.safeParse({ source: 'x', weights: { response: 0, resolution: 0, satisfaction: 0 } }).success).toBe(false);
  });

  it('reads the Beijing pack’s file: 30/35/35, 基本满意 counted as satisfied', () => {
    const raw = JSON.parse(readFileSync(new URL('../../../packs/beijing/hotline/assessment.json', import.meta.url), 'utf8')) as unknown;
    expect(assessmentFileSchema.parse(raw)).toMatchObject({ weights: { response: 30, resolution: 35, satisfaction: 35 }, basicallySatisfiedWeight: 1, minCases: 5 });
  });
});
