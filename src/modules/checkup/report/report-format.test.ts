import { describe, expect, it } from 'vitest';
import type { EvaluatedIndicator } from '../evaluate.js';
import { niceRange } from './report-figures.js';
import { num, rankText, signed, standardText, statusCell, trendCell, valueCell, withUnit } from './report-format.js';
import { shortCode } from './build-report.js';

const indicator = (over: Partial<EvaluatedIndicator>): EvaluatedIndicator => ({
  code: 'X01',
  name: { zh: '完整社区覆盖率', en: 'Complete communities' },
  level: 'community',
  unit: '%',
  kind: 'rate',
  direction: 'higher',
  provider: null,
  value: 87.5,
  source: { origin: 'import', source: '市住建委', sample: false, provider: null, coverage: null, updatedAt: new Date(0) },
  standard: { version: 1, target: 90, lower: null, upper: null, tier: 'national', document: 'doc', verified: true },
  status: 'near',
  gap: -2.5,
  relative: -0.028,
  trend: { previousYear: 2024, previous: 85, change: 2.5, changePct: 2.9, direction: 'improving' },
  series: [],
  rank: { rank: 2, of: 16 },
  ...over,
});

describe('the report’s cells', () => {
  it('writes numbers with a true minus, grouped from ten thousand, units after a space but % on the number', () => {
    expect(num(-1.234, 'zh-CN')).toBe('−1.23');
    expect(num(21819, 'en')).toBe('21,819');
    expect(num(7270, 'en')).toBe('7270');
    expect(signed(2.5, 'en')).toBe('+2.5');
    expect(signed(0, 'en')).toBe('±0');
    expect(withUnit(87.5, '%', 'zh-CN')).toBe('87.5%');
    expect(withUnit(6.67, 'km/km²', 'zh-CN')).toBe('6.67 km/km²');
  });

  it('marks a sample value and shows a missing one as missing, never 0', () => {
    expect(valueCell(indicator({}), 'zh-CN')).toBe('87.5%');
    expect(valueCell(indicator({ source: { ...indicator({}).source!, sample: true } }), 'zh-CN')).toBe('87.5% (样例)');
    expect(valueCell(indicator({ value: null, source: null, status: 'missing' }), 'en')).toEqual({ text: 'missing', tone: 'missing' });
    expect(valueCell(indicator({ value: null, source: null, status: 'no_provider' }), 'zh-CN')).toEqual({ text: '暂无计算模块', tone: 'missing' });
  });

  it('states the standard as a rule with its tier and document number', () => {
    expect(standardText(indicator({}), 'zh-CN', 3)).toBe('≥ 90% (国家) [3]');
    expect(standardText(indicator({ direction: 'lower', unit: 'µg/m³', standard: { ...indicator({}).standard!, target: 35, tier: 'municipal' } }), 'en')).toBe('≤ 35 µg/m³ (municipal)');
    expect(standardText(indicator({ direction: 'within', standard: { ...indicator({}).standard!, target: null, lower: 30, upper: 40, tier: 'provincial' } }), 'en', 1)).toBe('30–40% (provincial) [1]');
    expect(standardText(indicator({ standard: null }), 'en')).toBe('—');
  });

  it('colours the status with its gap, and the trend by the indicator’s direction', () => {
    expect(statusCell(indicator({}), 'zh-CN')).toEqual({ text: '接近 −2.5', tone: 'near' });
    expect(statusCell(indicator({ status: 'met', gap: 3 }), 'en')).toEqual({ text: 'met', tone: 'good' });
    expect(statusCell(indicator({ status: 'not_met', gap: -20 }), 'en')).toEqual({ text: 'not met −20', tone: 'bad' });
    expect(trendCell(indicator({}), 'zh-CN')).toEqual({ text: '+2.5 改善 (2024)', tone: 'good' });
    expect(trendCell(indicator({ trend: { previousYear: 2025, previous: 9, change: -1, changePct: -11, direction: 'worsening' } }), 'en')).toEqual({ text: '−1 worsening (2025)', tone: 'bad' });
    expect(trendCell(indicator({ kind: 'context' }), 'en')).toEqual({ text: '+2.5 (2024)', tone: 'plain' });
    expect(trendCell(indicator({ trend: null }), 'en')).toEqual({ text: '—', tone: 'plain' });
    expect(rankText(indicator({}))).toBe('2/16');
    expect(rankText(indicator({ rank: null }))).toBe('—');
  });

  it('names regions by their short code and gives charts round axis ends', () => {
    expect(shortCode('110000000000')).toBe('110000');
    expect(shortCode('110105000000')).toBe('110105');
    expect(shortCode('110101010000')).toBe('110101010');
    expect(niceRange(6.67, 8)).toEqual([6.5, 8.5, 0.5]);
    expect(niceRange(0, 42)).toEqual([0, 60, 20]);
    expect(niceRange(5, 5)).toEqual([4, 6, 2]);
    expect(niceRange(-3, 2)[0]).toBeLessThan(-3);
  });
});
