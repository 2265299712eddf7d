import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { parseCalendar } from './calendar.js';
import { parseDeadlinePolicy } from './deadlines.js';
import { simulateLife } from './synthetic-life.js';
import { syntheticTimeline } from './synthetic-timeline.js';
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
    expect(closed.every((l) => l.closedAt && l.repliedAt && l.closedAt >= l.repliedAt && l.callbackAttempts > 0)).toBe(true);
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
      expect(at('reply') ?? at('answer')).toEqual(l.repliedAt);
    }
    // Fresh cases are mid-way; old ones have their whole life, up to three calls not reached and the close.
    const lengths = all.map((l) => l.steps.length);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([1, 9]);
    expect(all.some((l) => l.steps.map((s) => s.action).join() === 'receive,answer,callback')).toBe(true);
  });

  it('calls back until the citizen is reached, or closes after three calls', () => {
    const closed = lives(30, 1000).filter((l) => l.status === 'closed');
    for (const l of closed) {
      const calls = l.steps.filter((s) => s.action.startsWith('callback'));
      const failed = calls.filter((s) => s.action === 'callback_failed').length;
      expect(l.callbackAttempts).toBe(l.resolved ? failed + 1 : failed);
      expect(l.steps.at(-1)!.action).toBe(l.resolved ? 'callback' : 'close');
      if (!l.resolved) expect([failed, l.satisfaction]).toEqual([3, null]);
    }
    expect(closed.filter((l) => l.callbackAttempts === 2).length).toBeGreaterThan(0);
    expect(closed.filter((l) => !l.resolved).length).toBeGreaterThan(0);
  });
});

describe('syntheticTimeline', () => {
  const c = { channel: 'phone', tier: 'general', tierReason: 'deadline rule 6: any case → general', proposedOrg: '110105-cgw', proposedReason: 'catalog rule 2', locationSource: 'point' };
  const office = { code: '110105-cgw', name: '朝阳区城市管理委员会' };
  const life = simulateLife(cal, general, { receivedAt: ago(30), kind: 'complaint', now }, mulberry32(11));

  it('records each step as the workflow does: the dispatch with its limits, the callback with what the citizen said', () => {
    const timeline = syntheticTimeline({ ...c, responseDueAt: life.due.response!.due.toISOString(), handlingDueAt: life.due.handling!.due.toISOString() }, life, office, { seed: 7 });
    expect(timeline.map((e) => e.action)).toEqual(life.steps.map((s) => s.action));
    expect(timeline.every((e) => e.data.synthetic === true)).toBe(true);
    const [receive, dispatch, accept] = timeline;
    expect(receive).toMatchObject({ org: null, actorLabel: 'synthetic operator', note: expect.stringContaining('seed 7'), data: { channel: 'phone', tier: 'general', proposal: 'catalog rule 2', location: 'point' } });
    expect(dispatch).toMatchObject({ org: office.code, actorLabel: 'synthetic operator', data: { org: office.code, orgName: office.name, overridden: false, responseDue: life.due.response!.due.toISOString() } });
    expect(accept).toMatchObject({ org: office.code, actorLabel: office.name, from: 'dispatched', to: 'accepted' });
    const last = timeline.at(-1)!;
    if (life.resolved) expect(last).toMatchObject({ action: 'callback', actorLabel: 'synthetic operator', data: { resolved: true, satisfaction: life.satisfaction } });
    else expect(last).toMatchObject({ action: 'close', note: expect.stringContaining('三次') });
  });

  it('numbers the calls not reached, and leaves an answer at intake without an office', () => {
    const u = mulberry32(5);
    const many = Array.from({ length: 300 }, () => simulateLife(cal, general, { receivedAt: ago(30), kind: 'inquiry', now }, u));
    const answered = many.find((l) => l.steps[1]?.action === 'answer')!;
    expect(syntheticTimeline({ ...c, responseDueAt: null, handlingDueAt: null }, answered, null, { seed: 1 }).every((e) => e.org === null && e.actorLabel === 'synthetic operator')).toBe(true);
    const unreached = many.find((l) => l.dispatchedAt && l.status === 'closed' && !l.resolved)!;
    const calls = syntheticTimeline({ ...c, responseDueAt: null, handlingDueAt: null }, unreached, office, { seed: 1 }).filter((e) => e.action === 'callback_failed');
    expect(calls.map((e) => e.data.attempt)).toEqual([1, 2, 3]);
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
