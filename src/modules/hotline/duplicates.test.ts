import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { bboxAround, categoryRelation, cosine, distanceM, duplicateScore, groupDuplicates, rankCandidates, similarities, tfidfVectors, type CandidateSignals } from './duplicates.js';

const lamp = '东华门街道多福巷小区门口的路灯已经坏了一个星期，晚上一片漆黑，老人出门很不方便，希望尽快修好。';
const lampCopy = '您好，多福巷社区门口路灯坏了一个星期，晚上一片漆黑，请求马上修好。';
const noise = '西长安街工地夜里施工噪音很大，凌晨两点还在打桩，严重影响休息。';
const water = '我家从昨天早上开始停水，物业说是管道检修，什么时候能恢复供水？';

describe('distance and box', () => {
  it('measures a degree of latitude as πR/180 and a degree of longitude at 60° as half of it', () => {
    expect(distanceM([116, 0], [116, 1])).toBeCloseTo((Math.PI * 6_371_008.8) / 180, 3);
    expect(distanceM([0, 60], [1, 60])).toBeCloseTo(55_597, -1);
    expect(distanceM([1.5, 0.5], [1.5, 0.5])).toBe(0);
  });

  it('measures 0.0009° of longitude at 0.5° N as about 100 m, as the API tests assume', () => {
    expect(distanceM([1.5, 0.5], [1.5009, 0.5])).toBeCloseTo(100.07, 1);
  });

  it('puts every point within the radius inside the box, the box no wider than needed', () => {
    for (const lat of [0.5, 39.9, 70]) {
      const [w, s, e, n] = bboxAround([116.4, lat], 250);
      for (let a = 0; a < 360; a += 15) {
        const dx = (250 * Math.sin((a * Math.PI) / 180)) / (111_195 * Math.cos((lat * Math.PI) / 180));
        const dy = (250 * Math.cos((a * Math.PI) / 180)) / 111_195;
        const p: [number, number] = [116.4 + dx * 0.999, lat + dy * 0.999];
        expect(p[0]).toBeGreaterThanOrEqual(w);
        expect(p[0]).toBeLessThanOrEqual(e);
        expect(p[1]).toBeGreaterThanOrEqual(s);
        expect(p[1]).toBeLessThanOrEqual(n);
      }
      expect(distanceM([116.4, lat], [e, lat])).toBeCloseTo(250, 0);
      expect(distanceM([116.4, lat], [116.4, n])).toBeCloseTo(250, 3);
    }
  });

  it('refuses a radius that is not positive', () => {
    expect(() => bboxAround([0, 0], 0)).toThrow(/radius must be > 0/);
    expect(() => bboxAround([0, 0], Number.NaN)).toThrow(/radius/);
  });
});

describe('text similarity', () => {
  it('gives 1 for the same text, 0 for texts with no term in common', () => {
    const { vectors } = tfidfVectors([lamp, lamp, 'abc def']);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeCloseTo(1, 12);
    expect(cosine(vectors[0]!, vectors[2]!)).toBe(0);
  });

  it('finds the reworded, shortened copy far more alike than requests about other things', () => {
    const [copy, other, third] = similarities(lamp, [lampCopy, noise, water]);
    expect(copy).toBeGreaterThan(0.3);
    expect(other).toBeLessThan(0.1);
    expect(third).toBeLessThan(0.1);
  });

  it('compares nothing with nothing', () => {
    expect(similarities(lamp, [])).toEqual([]);
  });
});

describe('ranking', () => {
  it('relates categories: the same, under the same level-2 parent or an ancestor, any without one, else none', () => {
    const table: [string | null, string | null, string | null][] = [
      ['010101', '010101', 'same'],
      ['010101', '010102', 'sibling'],
      ['010101', '0101', 'sibling'],
      ['0101', '01', 'sibling'],
      ['010101', null, 'any'],
      [null, '020101', 'any'],
      ['010101', '010201', null],
      ['010101', '020101', null],
    ];
    for (const [a, b, want] of table) expect(categoryRelation(a, b), `${a} ~ ${b}`).toBe(want);
  });

  it('scores text 0.6, closeness 0.25 and category 0.15', () => {
    expect(duplicateScore({ similarity: 1, distanceM: 0, radiusM: 250, relation: 'same' })).toBeCloseTo(1, 12);
    expect(duplicateScore({ similarity: 0.5, distanceM: 125, radiusM: 250, relation: 'sibling' })).toBeCloseTo(0.3 + 0.125 + 0.075, 12);
    expect(duplicateScore({ similarity: 0.5, distanceM: null, radiusM: 250, relation: 'any' })).toBeCloseTo(0.3 + 0.075, 12);
    expect(duplicateScore({ similarity: 0, distanceM: 400, radiusM: 250, relation: 'same' })).toBeCloseTo(0.15, 12);
  });

  it('keeps the candidates at or above the threshold, best first, at most the limit', () => {
    const c = (id: string, s: Partial<CandidateSignals>) => ({ id, similarity: 0, distanceM: null, radiusM: 250, relation: 'same' as const, ...s });
    const all = [c('far-unlike', { distanceM: 240 }), c('copy', { similarity: 0.9, distanceM: 100 }), c('same-spot', { distanceM: 0 }), c('text', { similarity: 0.5 }), c('text-near', { similarity: 0.5, distanceM: 0, relation: 'any' }), c('text-far', { similarity: 0.5, distanceM: 250, relation: 'any' })];
    expect(rankCandidates(all).map((r) => [r.id, r.score])).toEqual([
      ['copy', 0.84],
      ['text-near', 0.625],
      ['text', 0.45],
      ['same-spot', 0.4],
      ['text-far', 0.375],
    ]);
    expect(rankCandidates(all, { limit: 2 }).map((r) => r.id)).toEqual(['copy', 'text-near']);
    expect(rankCandidates(all, { minScore: 0.1 }).map((r) => r.id).at(-1)).toBe('far-unlike');
  });

  it('puts the nearer of two equal scores first, then keeps the order given', () => {
    const c = (id: string, distanceM: number | null) => ({ id, similarity: 0.5, distanceM, radiusM: 250, relation: 'same' as const });
    expect(rankCandidates([c('none', null), c('280', 280), c('260', 260), c('none-2', null)]).map((r) => r.id)).toEqual(['260', '280', 'none', 'none-2']);
  });
});

describe('grouping', () => {
  it('groups copies with their originals, transitively, and leaves the rest alone', () => {
    const { groups, pairs } = groupDuplicates(
      [
        { id: 'a', text: lamp },
        { id: 'b', text: noise },
        { id: 'c', text: lampCopy },
        { id: 'd', text: water },
        { id: 'e', text: `尊敬的领导：${noise}` },
        { id: 'f', text: `${noise}请尽快处理。` },
      ],
      { threshold: 0.3 },
    );
    expect(groups).toEqual([['b', 'e', 'f'], ['a', 'c']]);
    expect(pairs.every((p) => p.similarity >= 0.3)).toBe(true);
  });

  it('finds every pair that comparing all pairs finds, when every term may propose pairs', () => {
    const random = mulberry32(11);
    const phrases = ['路灯不亮', '井盖丢失', '施工噪音', '小区停水', '垃圾没人清运', '油烟扰民', '占道经营', '违章停车', '电梯故障', '暖气不热', '楼道堆物', '树木倒伏'];
    const places = ['东华门街道', '多福巷', '西长安街', '建外街道', '光华路', '永安里', '北太平庄', '卢沟桥'];
    const texts = Array.from({ length: 300 }, () => {
      const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)]!;
      return Array.from({ length: 2 + Math.floor(random() * 3) }, () => `${pick(places)}${pick(phrases)}`).join('，');
    });
    const messages = texts.map((text, i) => ({ id: `m${i}`, text }));
    const { vectors } = tfidfVectors(texts);
    for (const threshold of [0.5, 0.8]) {
      const all = new Set<string>();
      for (let i = 0; i < texts.length; i++) for (let j = 0; j < i; j++) if (cosine(vectors[i]!, vectors[j]!) >= threshold) all.add(`m${j}~m${i}`);
      const found = new Set(groupDuplicates(messages, { threshold, maxDfShare: 1 }).pairs.map((p) => `${p.a}~${p.b}`));
      expect(found, `threshold ${threshold}`).toEqual(all);
      expect(all.size).toBeGreaterThan(0);
      // Where every term is common only pairs made of common terms are left: the blocking skips them.
      const blocked = groupDuplicates(messages, { threshold, maxDfShare: 0.02 }).pairs;
      expect(blocked.every((p) => all.has(`${p.a}~${p.b}`))).toBe(true);
    }
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(() => groupDuplicates([], { threshold: 0 })).toThrow(/threshold/);
    expect(() => groupDuplicates([], { threshold: 1.5 })).toThrow(/threshold/);
    expect(groupDuplicates([])).toEqual({ groups: [], pairs: [] });
  });
});
