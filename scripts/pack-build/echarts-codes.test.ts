import { describe, expect, it } from 'vitest';
import type { Division } from './divisions.js';
import { codeEchartsFeatures } from './echarts-codes.js';
import type { DecodedFeature } from './echarts-decode.js';

const d = (code: string, name: string, level: Division['level']): Division => ({ code, name, nameEn: null, pinyin: '', level, parent: null });
const divisions = new Map(
  [
    d('110000000000', '北京市', 'province'),
    d('110100000000', '市辖区', 'city'),
    d('110101000000', '东城区', 'district'),
    d('500000000000', '重庆市', 'province'),
    d('500100000000', '市辖区', 'city'),
    d('500101000000', '万州区', 'district'),
    d('500200000000', '县', 'city'),
    d('500229000000', '城口县', 'district'),
    d('370100000000', '济南市', 'city'),
    d('650400000000', '吐鲁番市', 'city'),
    d('419001000000', '济源市', 'district'),
  ].map((x) => [x.code, x]),
);
const f = (id: string, name: string): DecodedFeature => ({ id, name, rings: [] });

describe('codeEchartsFeatures', () => {
  const result = codeEchartsFeatures(
    [f('370100', '济南'), f('371200', '莱芜'), f('652100', '吐鲁番'), f('419001', '济源'), f('110000', '北京'), f('500000', '重庆'), f('810000', '香港')],
    divisions,
    ['city', 'district'],
  );

  it('takes the id when it is a division of the wanted level', () => {
    expect(result.coded.find((c) => c.code === '419001000000')).toMatchObject({ level: 'district', sources: [{ name: '济源' }] });
  });

  it('merges an abolished city into the one that absorbed it', () => {
    expect(result.coded.find((c) => c.code === '370100000000')!.sources.map((s) => s.name)).toEqual(['济南', '莱芜']);
  });

  it('matches an old code by name within its province', () => {
    expect(result.coded.find((c) => c.code === '650400000000')!.sources[0]!.id).toBe('652100');
    expect(result.recoded.find((r) => r.id === '652100')!.note).toMatch(/old code/);
  });

  it('gives a municipality’s outline to its 市辖区 only when that holds all its districts', () => {
    expect(result.coded.find((c) => c.code === '110100000000')!.sources[0]!.id).toBe('110000');
    expect(result.skipped.map((s) => s.id)).toEqual(['500000', '810000']);
  });
});
