import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { parseCalendar } from './calendar.js';
import { parseDeadlinePolicy } from './deadlines.js';
import { simulateLife } from './synthetic-life.js';
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
