import { describe, expect, it } from 'vitest';
import { buildAttributes } from './attributes.js';
import { createCityIndex } from './city-index.js';
import type { Division } from './divisions.js';

const d = (code: string, name: string, level: Division['level']): Division => ({ code, name, nameEn: null, pinyin: '', level, parent: null });
const index = createCityIndex([
  d('110000000000', '北京市', 'province'),
  d('370000000000', '山东省', 'province'),
  d('371400000000', '德州市', 'city'),
  d('320000000000', '江苏省', 'province'),
  d('320614000000', '海门区', 'district'),
]);
const city = (province: string, name: string, type: string, total: string, towns: string, core: string) => ({
  province,
  city: name,
  city_type: type,
  total_resident_pop_地区人口: total,
  towns_pop_城镇人口: towns,
  urban_core_pop_城区常住人口: core,
  data_date: '2020-11-01',
  source_id: 'S10',
});
const tables = {
  districts: [],
  indicators: [{ adcode: '110000', indicator: 'resident_pop_census2020', value: '21893095', unit: '人', reference_date: '2020-11-01', source_id: 'S01;S02' }],
  cities: [
    city('北京', '北京市', '直辖市', '21893095', '19166433', '17751681'),
    city('山东', '德州市', '地级市', '561194', '2990953', '658512'),
    city('江苏', '海门市', '县级市', '1000', '900', '800'),
    city('山西', '临沂市', '地级市', '3976481', '2114457', '666185'),
  ],
};

describe('buildAttributes', () => {
  const built = buildAttributes(tables, index);
  const get = (code: string, key: string) => built.attributes.find((a) => a.code === code && a.key === key);

  it('takes Beijing’s own figure first and keeps the national one only where it adds something', () => {
    expect(get('110000000000', 'resident_population')!.source).toMatch(/第七次全国人口普查公报（第二号）.*\(SOURCES\.md S01\)/);
    expect(built.duplicates).toHaveLength(1);
    expect(get('110000000000', 'urban_resident_population')).toMatchObject({ value: 17751681, unit: '人', year: 2020, source: expect.stringMatching(/S10\)$/) });
  });

  it('leaves out figures SOURCES.md flags as errors and says why', () => {
    expect(get('371400000000', 'resident_population')).toBeUndefined();
    expect(get('371400000000', 'urban_resident_population')!.value).toBe(658512);
    expect(built.excluded).toEqual([{ city: '山东|德州市', keys: ['resident_population'], why: expect.stringMatching(/5,611,194/) }]);
  });

  it('follows a county-level city that became a district, and reports what it cannot match', () => {
    expect(get('320614000000', 'urban_resident_population')!.value).toBe(800);
    expect(built.renamedCities).toEqual([expect.objectContaining({ city: '海门市', code: '320614000000' })]);
    expect(built.unmatchedCities).toEqual([expect.objectContaining({ province: '山西', city: '临沂市' })]);
  });

  it('refuses two sources that disagree on the same figure', () => {
    const clash = { ...tables, cities: [city('北京', '北京市', '直辖市', '21893096', '', '')] };
    expect(() => buildAttributes(clash, index)).toThrow(/disagree/);
  });
});
