import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { parseCalendar } from './calendar.js';
import { parseDeadlinePolicy } from './deadlines.js';
import { meanUnsolvedShare, simulateLife, unsolvedShareOf, type SyntheticLife } from './synthetic-life.js';
import { syntheticTimeline, type TimelineEntry } from './synthetic-timeline.js';
import { assessCase, monthWindow, type AssessmentCase } from './assessment.js';
import { transitionOf, type Action, type Status } from './workflow.js';
import { categoryWeights, cumulate, drawIndex, drawKind, seasonFactor } from './synthetic-profile.js';
import type { Category } from './catalog.js';

const pack = (file: string) => JSON.parse(readFileSync(new URL(`../../../packs/beijing/hotline/${file}`, import.meta.url), 'utf8'));
const cal = parseCalendar(pack('calendar.json'));
const policy = parseDeadlinePolicy(pack('deadlines.json'));
const general = policy.tiers.find((t) => t.code === 'general')!;
const now = new Date('2026-11-30T02:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('simulateLife', () => {
  const lives = (days: number, n = 400, kind: 'complaint' | 'inquiry' = 'complaint') => {
    const u = mulberry32(days * 7 + 1);
    return Array.from({ length: n }, () => simulateLife(cal, general, { receivedAt: ago(days), kind, now }, u));
  };

  it('closes most cases a month old, with a callback outcome', () => {
    const old = lives(30);
    const closed = old.filter((l) => l.status === 'closed');
    expect(closed.length / old.length).toBeGreaterThan(0.95);
    // A redo is a callback reaching the citizen, but the workflow counts only callbacks and calls not reached as attempts.
    expect(closed.every((l) => l.closedAt && l.repliedAt && l.closedAt >= l.repliedAt && (l.callbackAttempts > 0 || l.redoCount > 0))).toBe(true);
    expect(closed.filter((l) => l.resolved).length / closed.length).toBeGreaterThan(0.8);
    expect(new Set(closed.map((l) => l.satisfaction))).toEqual(new Set(['satisfied', 'basically_satisfied', 'dissatisfied', null]));
  });

  it('leaves cases of the last hour open, and runs their clocks', () => {
    const fresh = lives(1 / 24);
    expect(fresh.every((l) => l.status !== 'closed')).toBe(true);
    const dispatched = fresh.filter((l) => l.dispatchedAt);
    expect(dispatched.length).toBeGreaterThan(fresh.length / 2);
    expect(dispatched.every((l) => l.due.response && l.due.handling && l.due.handling.due > l.dispatchedAt!)).toBe(true);
  });

  it('takes the steps in order and within the limits, mostly', () => {
    const all = [...lives(3), ...lives(10)];
    for (const l of all) {
      const times = [l.dispatchedAt, l.acceptedAt, l.repliedAt, l.closedAt].filter((t): t is Date => t !== null).map((t) => t.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(l.updatedAt <= now).toBe(true);
    }
    const late = all.filter((l) => l.overdue.includes('handling')).length / all.length;
    expect(late).toBeLessThan(0.1);
  });

  it('answers most inquiries at intake', () => {
    const inquiries = lives(20, 400, 'inquiry');
    expect(inquiries.filter((l) => !l.dispatchedAt).length / inquiries.length).toBeGreaterThan(0.6);
  });

  it('lists the steps taken by now, each a transition of the workflow, ending where the case stands', () => {
    const all = [...lives(1 / 24), ...lives(2), ...lives(10), ...lives(30), ...lives(20, 400, 'inquiry'), ...lives(1 / 24, 200, 'inquiry')];
    for (const l of all) {
      expect(l.steps[0]).toEqual({ action: 'receive', from: null, to: 'received', at: expect.any(Date) });
      for (const [i, step] of l.steps.entries()) {
        if (i === 0) continue;
        const prev = l.steps[i - 1]!;
        expect(step.from).toBe(prev.to);
        expect(step.at >= prev.at).toBe(true);
        expect(transitionOf(step.from as Status, step.action as Action)?.to).toBe(step.to);
      }
      const last = l.steps.at(-1)!;
      expect([last.to, last.at]).toEqual([l.status, l.updatedAt]);
      expect(last.at <= now).toBe(true);
      const at = (action: string) => l.steps.find((s) => s.action === action)?.at ?? null;
      expect([at('dispatch'), at('accept'), at('callback') ?? at('close')]).toEqual([l.dispatchedAt, l.acceptedAt, l.closedAt]);
      // A redo clears the reply's time until the office replies again.
      const replied = l.steps.findLast((s) => ['reply', 'answer', 'redo'].includes(s.action));
      expect(replied?.action === 'redo' ? null : (replied?.at ?? null)).toEqual(l.repliedAt);
      expect(l.redoCount).toBe(l.steps.filter((s) => s.action === 'redo').length);
    }
    // Fresh cases are mid-way; old ones have their whole life, up to three calls not reached and the close, or a redo and more.
    const lengths = all.map((l) => l.steps.length);
    expect(Math.min(...lengths)).toBe(1);
    expect(all.some((l) => l.redoCount > 0)).toBe(true);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
    expect(all.some((l) => l.steps.map((s) => s.action).join() === 'receive,answer,callback')).toBe(true);
  });

  it('calls back until the citizen is reached, or closes after three calls', () => {
    const closed = lives(30, 1000).filter((l) => l.status === 'closed');
    for (const l of closed) {
      const calls = l.steps.filter((s) => s.action.startsWith('callback'));
      const failed = calls.filter((s) => s.action === 'callback_failed').length;
      // Every call counts: those not reached, each redo (reached, not solved) and the last callback.
      expect(l.callbackAttempts).toBe(failed + l.redoCount + (l.resolved ? 1 : 0));
      expect(l.steps.at(-1)!.action).toBe(l.resolved ? 'callback' : 'close');
      // Never reached: three calls, no outcome. Sent back and not solved after: the redo's outcome stands.
      if (l.resolved === null) expect([failed, l.satisfaction, l.redoCount]).toEqual([3, null, 0]);
      if (l.resolved === false) expect([l.redoCount > 0, l.satisfaction]).toEqual([true, l.steps.findLast((s) => s.action === 'redo')!.satisfaction]);
    }
    expect(closed.filter((l) => l.callbackAttempts === 2).length).toBeGreaterThan(0);
    expect(closed.filter((l) => l.resolved === null).length).toBeGreaterThan(0);
    expect(closed.filter((l) => l.resolved === false).length).toBeGreaterThan(0);
  });
});

describe('simulateLife: not solved at the callback (重办)', () => {
  const actions = (l: SyntheticLife) => l.steps.map((s) => s.action).join();
  const draw = (n: number, unsolvedShare: number | undefined, kind: 'complaint' | 'inquiry' = 'complaint', seed = 101) => {
    const u = mulberry32(seed);
    return Array.from({ length: n }, (_, i) => simulateLife(cal, general, { receivedAt: ago(45 + (i % 5)), kind, now, unsolvedShare }, u));
  };
  // The first callback of the office's reply that reached the citizen: a callback (solved) or a redo (not solved).
  const firstOutcome = (l: SyntheticLife) => l.steps.find((s) => (s.action === 'callback' || s.action === 'redo') && s.from === 'replied')?.action;

  it('sends back the share of reached callbacks it is given, the mean by default, and none at 0', () => {
    for (const share of [undefined, 0.04, 0.12]) {
      const outcomes = draw(6000, share).map(firstOutcome).filter((a) => a !== undefined);
      expect(outcomes.length).toBeGreaterThan(5000);
      const redone = outcomes.filter((a) => a === 'redo').length / outcomes.length;
      expect(Math.abs(redone - (share ?? meanUnsolvedShare))).toBeLessThan(0.012);
    }
    expect(draw(2000, 0).some((l) => l.redoCount > 0)).toBe(false);
    expect(draw(2000, 0, 'inquiry').some((l) => l.redoCount > 0)).toBe(false);
  });

  it('varies the share by office and category, deterministically, around the mean', () => {
    const offices = Array.from({ length: 60 }, (_, i) => `1101${String(i).padStart(2, '0')}-jd`);
    const categories = ['010101', '020104', '060401', '060101', '030201', '070301', '080102', '090203'];
    const shares = offices.map((o) => unsolvedShareOf(o, '010101'));
    expect(shares).toEqual(offices.map((o) => unsolvedShareOf(o, '010101')));
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(meanUnsolvedShare * 0.35 * 0.75);
    expect(Math.max(...shares)).toBeLessThanOrEqual(meanUnsolvedShare * 1.65 * 1.25);
    expect(Math.max(...shares) / Math.min(...shares)).toBeGreaterThan(2.5);
    const all = offices.flatMap((o) => categories.map((c) => unsolvedShareOf(o, c)));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(mean).toBeGreaterThan(meanUnsolvedShare * 0.8);
    expect(mean).toBeLessThan(meanUnsolvedShare * 1.2);
    expect(new Set(categories.map((c) => unsolvedShareOf('110101-jd', c))).size).toBe(categories.length);
  });

  it('redoes a case as the workflow does: back to the office in progress with a new handling limit, replied again, called back again, closed', () => {
    const lives = draw(3000, 0.2);
    const redone = lives.filter((l) => l.steps.some((s) => s.action === 'redo' && s.from === 'replied'));
    expect(redone.length).toBeGreaterThan(300);
    for (const l of redone) {
      expect(actions(l)).toMatch(/^receive,dispatch,accept,start,reply,(callback_failed,)?redo,reply,(callback_failed,){0,3}(callback|close)$/);
      const i = l.steps.findIndex((s) => s.action === 'redo');
      const [reply, redo, again] = [l.steps[i - 1]!.action === 'reply' ? l.steps[i - 1]! : l.steps[i - 2]!, l.steps[i]!, l.steps[i + 1]!];
      expect([redo.from, redo.to, again.from, again.to]).toEqual(['replied', 'in_progress', 'in_progress', 'replied']);
      expect(redo.limits!.handling!.due > l.steps.find((s) => s.action === 'dispatch')!.limits!.handling!.due).toBe(true);
      expect(redo.at > reply.at && again.at > redo.at).toBe(true);
      // The row: the redo's handling limit, the second reply's callback limit, one redo.
      expect([l.status, l.redoCount, l.due.handling, l.due.callback, l.repliedAt]).toEqual(['closed', 1, redo.limits!.handling!, again.limits!.callback!, again.at]);
      const last = l.steps.at(-1)!;
      if (last.action === 'callback') expect([l.resolved, l.satisfaction]).toEqual([true, last.satisfaction]);
      else expect([l.resolved, l.satisfaction, last.closedAs]).toEqual([false, redo.satisfaction, expect.stringMatching(/^not_(reached|solved)$/)]);
      expect(l.overdue.includes('callback')).toBe(l.due.callback!.due < last.at);
    }
    // Not solved: mostly dissatisfied. Solved after the redo: mostly satisfied; a third of those reached again.
    const redos = redone.map((l) => l.steps.find((s) => s.action === 'redo')!);
    expect(redos.filter((s) => s.satisfaction === 'dissatisfied').length / redos.length).toBeGreaterThan(0.65);
    const reachedAgain = redone.filter((l) => l.steps.at(-1)!.action === 'callback' || l.steps.at(-1)!.closedAs === 'not_solved');
    const solvedAgain = reachedAgain.filter((l) => l.resolved).length / reachedAgain.length;
    expect(solvedAgain).toBeGreaterThan(0.25);
    expect(solvedAgain).toBeLessThan(0.45);
    // Solved at the first callback: satisfied or basically satisfied, nearly always.
    const solved = lives.filter((l) => l.resolved && l.redoCount === 0);
    expect(solved.filter((l) => l.satisfaction !== 'dissatisfied').length / solved.length).toBeGreaterThan(0.96);
  });

  it('stands where the last step taken left it, between the redo and the second reply; the same for the same seed', () => {
    const live = (seed: number, at = now) => simulateLife(cal, general, { receivedAt: ago(45), kind: 'complaint', now: at, unsolvedShare: 0.3 }, mulberry32(seed));
    const seed = Array.from({ length: 500 }, (_, i) => i + 1).find((i) => live(i).redoCount > 0)!;
    const life = live(seed);
    expect(live(seed)).toEqual(life);
    const redo = life.steps.find((s) => s.action === 'redo')!;
    const cut = new Date(redo.at.getTime() + 60_000);
    const mid = live(seed, cut);
    expect(mid.steps).toEqual(life.steps.filter((s) => s.at <= cut));
    expect(mid).toMatchObject({ status: 'in_progress', repliedAt: null, closedAt: null, resolved: false, satisfaction: redo.satisfaction, redoCount: 1, updatedAt: redo.at });
    expect(mid.due).toMatchObject({ handling: redo.limits!.handling, callback: null });
    // The first reply's text stays until the office replies again; the redo clears its handling and callback flags.
    expect([mid.reply, life.reply]).toEqual(['已联系市民并现场核实处理。（合成数据）', '已重新办理并再次联系市民。（合成数据）']);
    expect(mid.warned.concat(mid.overdue).filter((x) => x !== 'response')).toEqual([]);
  });

  it('dispatches an answer at intake the citizen says did not solve it', () => {
    const lives = draw(4000, 0.2, 'inquiry');
    const sent = lives.filter((l) => l.steps.some((s) => s.action === 'redo' && s.from === 'answered'));
    expect(sent.length).toBeGreaterThan(50);
    for (const l of sent) {
      expect(actions(l)).toMatch(/^receive,answer,(callback_failed,)?redo,dispatch,accept,start,reply,/);
      const redo = l.steps.find((s) => s.action === 'redo')!;
      expect([redo.to, redo.limits]).toEqual(['received', undefined]);
      expect(l.dispatchedAt! > redo.at).toBe(true);
    }
  });
});

describe('syntheticTimeline', () => {
  const c = { channel: 'phone', tier: 'general', tierReason: 'deadline rule 6: any case → general', proposedOrg: '110105-cgw', proposedReason: 'catalog rule 2', locationSource: 'point' };
  const office = { code: '110105-cgw', name: '朝阳区城市管理委员会' };
  const life = simulateLife(cal, general, { receivedAt: ago(30), kind: 'complaint', now }, mulberry32(11));
  const redone = (from: 'replied' | 'answered', kind: 'complaint' | 'inquiry' = 'complaint') => {
    const u = mulberry32(21);
    for (;;) {
      const l = simulateLife(cal, general, { receivedAt: ago(45), kind, now, unsolvedShare: 0.3 }, u);
      if (l.steps.some((s) => s.action === 'redo' && s.from === from) && l.status === 'closed') return l;
    }
  };
  // The timeline as the assessment reads it back from hotline_case_events (assessment-store's readMonth).
  const assessed = (timeline: TimelineEntry[], window = monthWindow('2026-10', 480)) => {
    const kase: AssessmentCase = {
      id: 'case_1',
      number: 'N1',
      regionCode: null,
      status: 'closed',
      events: timeline.map((e) => ({ at: new Date(e.at), action: e.action, from: e.from, to: e.to, org: e.org, responseDueAt: typeof e.data.responseDue === 'string' ? new Date(e.data.responseDue) : null, satisfaction: typeof e.data.satisfaction === 'string' ? e.data.satisfaction : null })),
    };
    return assessCase(kase, window, { asOf: now }).map((f) => `${f.rate}:${f.org}:${f.score}:${f.reason}`);
  };

  it('records each step as the workflow does: the dispatch with its limits, the callback with what the citizen said', () => {
    const timeline = syntheticTimeline(c, life, office, { seed: 7 });
    expect(timeline.map((e) => e.action)).toEqual(life.steps.map((s) => s.action));
    expect(timeline.every((e) => e.data.synthetic === true)).toBe(true);
    const [receive, dispatch, accept] = timeline;
    expect(receive).toMatchObject({ org: null, actorLabel: 'synthetic operator', note: expect.stringContaining('seed 7'), data: { channel: 'phone', tier: 'general', proposal: 'catalog rule 2', location: 'point' } });
    expect(dispatch).toMatchObject({ org: office.code, actorLabel: 'synthetic operator', data: { org: office.code, orgName: office.name, overridden: false, responseDue: life.due.response!.due.toISOString(), handlingDue: life.due.handling!.due.toISOString() } });
    expect(accept).toMatchObject({ org: office.code, actorLabel: office.name, from: 'dispatched', to: 'accepted' });
    const last = timeline.at(-1)!;
    if (life.resolved) expect(last).toMatchObject({ action: 'callback', actorLabel: 'synthetic operator', data: { resolved: true, satisfaction: life.satisfaction } });
    else expect(last).toMatchObject({ action: 'close', note: expect.stringContaining('三次') });
  });

  it('numbers the calls not reached, and leaves an answer at intake without an office', () => {
    const u = mulberry32(5);
    const many = Array.from({ length: 300 }, () => simulateLife(cal, general, { receivedAt: ago(30), kind: 'inquiry', now }, u));
    const answered = many.find((l) => l.steps[1]?.action === 'answer' && !l.dispatchedAt)!;
    expect(syntheticTimeline(c, answered, null, { seed: 1 }).every((e) => e.org === null && e.actorLabel === 'synthetic operator')).toBe(true);
    const unreached = many.find((l) => l.dispatchedAt && l.status === 'closed' && l.resolved === null)!;
    const calls = syntheticTimeline(c, unreached, office, { seed: 1 }).filter((e) => e.action === 'callback_failed');
    expect(calls.map((e) => e.data.attempt)).toEqual([1, 2, 3]);
  });

  it('records a redo as the workflow does: what the citizen said, the new handling limit, by the hotline; the office replies again', () => {
    const l = redone('replied');
    const timeline = syntheticTimeline(c, l, office, { seed: 1 });
    const i = timeline.findIndex((e) => e.action === 'redo');
    const redo = l.steps[i]!;
    expect(timeline[i]).toEqual({
      at: redo.at.toISOString(),
      action: 'redo',
      from: 'replied',
      to: 'in_progress',
      org: office.code,
      actorLabel: 'synthetic operator',
      note: expect.stringContaining('未解决'),
      data: { synthetic: true, resolved: false, satisfaction: redo.satisfaction, channel: 'phone', handlingDue: redo.limits!.handling!.due.toISOString() },
    });
    expect(timeline[i + 1]).toMatchObject({ action: 'reply', from: 'in_progress', to: 'replied', org: office.code, actorLabel: office.name });
    // The dispatch keeps the first handling limit; the row has the redo's.
    expect(timeline[1]!.data.handlingDue).not.toBe(timeline[i]!.data.handlingDue);
    expect(l.due.handling!.due.toISOString()).toBe(timeline[i]!.data.handlingDue);
    // Calls not reached are numbered over the whole case, as callback_attempts counts them (redos and callbacks are calls too).
    let calls = 0;
    const numbered = timeline.flatMap((e) => (['callback', 'redo', 'callback_failed'].includes(e.action) ? [{ action: e.action, n: ++calls, attempt: e.data.attempt }] : []));
    for (const x of numbered.filter((y) => y.action === 'callback_failed')) expect(x.attempt).toBe(x.n);
    const last = timeline.at(-1)!;
    if (l.resolved) expect(last).toMatchObject({ action: 'callback', data: { resolved: true, satisfaction: l.satisfaction } });
    else expect(last).toMatchObject({ action: 'close', note: expect.stringMatching(/三次|仍表示未解决/) });
  });

  it('puts the office on the steps from the dispatch on, for an answer at intake sent to an office', () => {
    const l = redone('answered', 'inquiry');
    const timeline = syntheticTimeline(c, l, office, { seed: 1 });
    const d = timeline.findIndex((e) => e.action === 'dispatch');
    expect(timeline.slice(0, d).every((e) => e.org === null && e.actorLabel === 'synthetic operator')).toBe(true);
    expect(timeline.slice(d).every((e) => e.org === office.code)).toBe(true);
    expect(timeline[d - 1]).toMatchObject({ action: 'redo', from: 'answered', to: 'received', note: expect.stringContaining('转派单'), data: { resolved: false, channel: 'phone' } });
    expect(timeline[d - 1]!.data).not.toHaveProperty('handlingDue');
  });

  it('is assessed as a real case: the last callback of the month per office counts, a redo as not solved', () => {
    // Every callback and redo in one window: a redo solved at the second callback counts as solved, one closed still not solved as not solved.
    const all = { from: ago(400), to: now };
    const u = mulberry32(33);
    const outcomes = { solved: 0, notSolved: 0 };
    for (let n = 0; n < 3000 && (outcomes.solved < 5 || outcomes.notSolved < 5); n++) {
      const l = simulateLife(cal, general, { receivedAt: ago(45), kind: 'complaint', now, unsolvedShare: 0.3 }, u);
      if (!l.redoCount || l.status !== 'closed') continue;
      const timeline = syntheticTimeline(c, l, office, { seed: 1 });
      const redo = l.steps.find((s) => s.action === 'redo')!;
      const findings = assessed(timeline, all);
      expect(findings.filter((f) => f.startsWith('response:'))).toHaveLength(1);
      if (l.resolved) {
        outcomes.solved++;
        expect(findings.filter((f) => !f.startsWith('response:'))).toEqual([`resolution:${office.code}:1:solved`, `satisfaction:${office.code}:${l.satisfaction === 'dissatisfied' ? 0 : 1}:${l.satisfaction}`]);
      } else {
        outcomes.notSolved++;
        expect(findings.filter((f) => !f.startsWith('response:'))).toEqual([`resolution:${office.code}:0:not_solved`, `satisfaction:${office.code}:${redo.satisfaction === 'dissatisfied' ? 0 : 1}:${redo.satisfaction}`]);
      }
      // A month ending between the redo and the second callback counts the redo: not solved.
      const second = l.steps.findLast((s) => s.action === 'callback' || s.action === 'close')!;
      if (second.at.getTime() > redo.at.getTime() + 1) {
        expect(assessed(timeline, { from: all.from, to: new Date(redo.at.getTime() + 1) }).filter((f) => f.startsWith('resolution:'))).toEqual([`resolution:${office.code}:0:not_solved`]);
      }
    }
    expect(outcomes.solved).toBeGreaterThanOrEqual(5);
    expect(outcomes.notSolved).toBeGreaterThanOrEqual(5);
  });
});

describe('the synthetic profile', () => {
  const cat = (code: string, path: string): Category => ({ code, parent: code.length > 2 ? code.slice(0, -2) : null, level: code.length / 2, name: path.split('/').at(-1)!, nameEn: code, keywords: [], tier: null, description: null, attributes: [], path, pathEn: path });
  const taxonomy = [cat('06', '水电气热'), cat('0604', '水电气热/供暖'), cat('060401', '水电气热/供暖/暖气不热'), cat('0601', '水电气热/供水'), cat('060101', '水电气热/供水/停水'), cat('02', '环境保护'), cat('0201', '环境保护/噪声污染'), cat('020104', '环境保护/噪声污染/邻里噪声')];

  it('draws leaves only, heating in winter and noise in summer', () => {
    const jan = Object.fromEntries(categoryWeights(taxonomy, 1).map((w) => [w.code, w.weight]));
    const jul = Object.fromEntries(categoryWeights(taxonomy, 7).map((w) => [w.code, w.weight]));
    expect(Object.keys(jan).sort()).toEqual(['020104', '060101', '060401']);
    expect(jan['060401']! / jul['060401']!).toBeGreaterThan(10);
    expect(jul['020104']! / jan['020104']!).toBeGreaterThan(2);
    expect(seasonFactor('城乡建设/市政设施/路灯不亮', 5)).toBe(1);
  });

  it('asks about services and complains about places', () => {
    const u = mulberry32(3);
    const kinds = (path: string) => Array.from({ length: 1000 }, () => drawKind(path, u()));
    expect(kinds('劳动和社会保障/社会保险/养老保险').filter((k) => k === 'inquiry').length).toBeGreaterThan(450);
    expect(kinds('环境保护/噪声污染/邻里噪声').filter((k) => k === 'complaint').length).toBeGreaterThan(350);
  });

  it('draws indices in proportion to their weights', () => {
    const table = cumulate([1, 0, 3]);
    const u = mulberry32(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[drawIndex(table, u())]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4);
  });
});
