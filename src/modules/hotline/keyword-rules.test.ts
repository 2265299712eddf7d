import { describe, expect, it } from 'vitest';
import type { Category } from './catalog.js';
import { keywordRules } from './keyword-rules.js';
import { mulberry32 } from '../../core/geo/seeded-random.js';

const category = (code: string, keywords: string[]): Category => ({ code, parent: null, level: 3, name: code, nameEn: code, keywords, tier: null, description: null, attributes: [], path: code, pathEn: code });

describe('keywordRules', () => {
  const match = keywordRules([category('010101', ['路灯', '路灯不亮']), category('010201', ['施工', '夜间施工']), category('020101', ['停水', 'No Water'])]);

  it('finds a keyword in the title or the description', () => {
    expect(match('路灯坏了', '')).toEqual({ categoryCode: '010101', keyword: '路灯' });
    expect(match(null, '小区从早上开始停水')).toEqual({ categoryCode: '020101', keyword: '停水' });
  });

  it('prefers the longest keyword, then the earliest', () => {
    expect(match(null, '工地施工，路灯不亮')).toEqual({ categoryCode: '010101', keyword: '路灯不亮' });
    expect(match(null, '夜间施工后路灯不亮')).toEqual({ categoryCode: '010201', keyword: '夜间施工' });
    expect(match(null, '门口施工挖断了路灯')).toEqual({ categoryCode: '010201', keyword: '施工' });
  });

  it('ignores case and width, and says nothing when no keyword matches', () => {
    expect(match('ＮＯ water since morning', '')).toEqual({ categoryCode: '020101', keyword: 'No Water' });
    expect(match('噪音扰民', '楼上太吵')).toBeNull();
    expect(keywordRules([])('路灯', '')).toBeNull();
  });

  it('takes one-character keywords, and at one position the lower category code', () => {
    const m = keywordRules([category('030101', ['树']), category('020202', ['井盖']), category('010101', ['井盖'])]);
    expect(m(null, '门口大树倒了')).toEqual({ categoryCode: '030101', keyword: '树' });
    expect(m(null, '大树旁井盖丢了')).toEqual({ categoryCode: '010101', keyword: '井盖' });
  });

  it('answers as looking for every keyword in the whole text would, on random texts', () => {
    // The reference: each keyword searched for in the whole text; longest, then earliest, then lower code.
    const alphabet = [...'路灯不亮施工夜间停水井盖树噪音扰民ab'];
    const random = mulberry32(5);
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const cats = Array.from({ length: 40 }, (_, i) => category(String(100000 + i), Array.from({ length: 3 }, () => pick(1 + Math.floor(random() * 4)))));
    const m = keywordRules(cats);
    const rules = cats.flatMap((c) => c.keywords.map((k) => ({ code: c.code, keyword: k })));
    for (let n = 0; n < 2000; n++) {
      const text = pick(Math.floor(random() * 30));
      let best: { code: string; keyword: string; at: number } | null = null;
      for (const r of rules) {
        const at = `\n${text}`.indexOf(r.keyword);
        if (at < 0) continue;
        if (!best || r.keyword.length > best.keyword.length || (r.keyword.length === best.keyword.length && (at < best.at || (at === best.at && r.code < best.code)))) best = { ...r, at };
      }
      expect(m(null, text), text).toEqual(best ? { categoryCode: best.code, keyword: best.keyword } : null);
    }
  });
});
