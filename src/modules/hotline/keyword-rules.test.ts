import { describe, expect, it } from 'vitest';
import type { Category } from './catalog.js';
import { keywordRules } from './keyword-rules.js';

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
});
