import { describe, expect, it } from 'vitest';
import { validateRows, type RawRow } from './import-rows.js';

const indicators = new Map<string, any>([
  ['L01', { code: 'L01', unit: '%', kind: 'rate', obtain: { type: 'imported' } }],
  ['L02', { code: 'L02', unit: 'km/km²', kind: 'density', obtain: { type: 'imported' }, plausible: { min: 0, max: 30 } }],
  ['H01', { code: 'H01', unit: '栋', kind: 'count', obtain: { type: 'imported' }, objectType: 'building' }],
  ['S01', { code: 'S01', unit: '%', kind: 'rate', obtain: { type: 'computed', provider: 'hotline.resolution-rate', params: {} } }],
]);
const regions = new Set(['110000000000', '110101000000', '110102000000']);
const ctx = { indicators, regionExists: (c: string) => regions.has(c), years: { min: 2000, max: 2026 } };
const row = (over: Partial<RawRow>, line = 2): RawRow => ({ line, code: 'L01', region: '110101', year: '2025', value: '91.5', unit: '%', source: '区统计局', ...over });
const reasons = (rows: RawRow[]) => validateRows(rows, ctx).errors.map((e) => `${e.line}:${e.field}:${e.reason}`);

describe('import rows', () => {
  it('accepts a good row, canonicalising the region code and units', () => {
    const { clean, errors } = validateRows([row({}), row({ code: 'L02', value: '7.2', unit: 'km/km2' }, 3), row({ value: '88%' }, 4)].map((r, i) => (i === 2 ? { ...r, region: '110102' } : r)), ctx);
    expect(errors).toEqual([]);
    expect(clean[0]).toEqual({ line: 2, code: 'L01', regionCode: '110101000000', year: 2025, value: 91.5, source: '区统计局', sample: false, problems: null });
    expect(clean[1]!.value).toBe(7.2);
    expect(clean[2]!.value).toBe(88);
  });

  it('refuses unknown indicators and regions, computed indicators and bad codes', () => {
    expect(reasons([row({ code: 'X99' })])).toEqual(['2:code:unknown_indicator']);
    expect(reasons([row({ code: 'S01' })])).toEqual(['2:code:computed_indicator']);
    expect(reasons([row({ region: '120101' })])).toEqual(['2:region:unknown_region']);
    expect(reasons([row({ region: '1101011' })])).toEqual(['2:region:bad_region']);
    expect(validateRows([row({ code: 'S01' })], { ...ctx, allowComputed: true }).errors).toEqual([]);
  });

  it('refuses a wrong unit, a non-numeric or implausible value and a bad year', () => {
    expect(reasons([row({ unit: '‰' })])).toEqual(['2:unit:wrong_unit']);
    expect(reasons([row({ value: '九十' })])).toEqual(['2:value:not_numeric']);
    expect(reasons([row({ value: '1,234' })])).toEqual(['2:value:not_numeric']);
    expect(reasons([row({ value: '101' })])).toEqual(['2:value:out_of_range']);
    expect(reasons([row({ value: '-1' })])).toEqual(['2:value:out_of_range']);
    expect(reasons([row({ code: 'L02', unit: '', value: '31' })])).toEqual(['2:value:out_of_range']);
    expect(reasons([row({ year: '1999' })])).toEqual(['2:year:bad_year']);
    expect(reasons([row({ year: '2025.5' })])).toEqual(['2:year:bad_year']);
  });

  it('requires the value, the source and the keys', () => {
    expect(reasons([row({ value: '', source: ' ' })])).toEqual(['2:value:missing', '2:source:missing']);
    expect(reasons([row({ code: '', region: '', year: '' })])).toEqual(['2:code:missing', '2:region:missing', '2:year:missing']);
  });

  it('takes a count from its problem list and checks the two agree', () => {
    const ok = validateRows([row({ code: 'H01', unit: '栋', value: '', problems: 'B1|和平里1号楼; B2|和平里2号楼|外墙脱落' })], ctx);
    expect(ok.errors).toEqual([]);
    expect(ok.clean[0]).toMatchObject({ value: 2, problems: [{ type: 'building', id: 'B1', name: '和平里1号楼' }, { type: 'building', id: 'B2', name: '和平里2号楼', detail: '外墙脱落' }] });
    expect(reasons([row({ code: 'H01', unit: '栋', value: '3', problems: 'B1|一号楼' })])).toEqual(['2:value:count_mismatch']);
    expect(reasons([row({ code: 'H01', unit: '栋', value: '1.5' })])).toEqual(['2:value:not_count']);
    expect(reasons([row({ code: 'H01', unit: '栋', value: '', problems: 'B1' })])).toEqual(['2:problems:bad_problems', '2:value:missing']);
    expect(reasons([row({ code: 'H01', unit: '栋', value: '', problems: 'B1|a;B1|b' })])).toEqual(['2:problems:bad_problems', '2:value:missing']);
    expect(reasons([row({ problems: 'B1|一号楼' })])).toEqual(['2:problems:problems_not_count']);
    // An empty list (the pack's JSON) is a count of 0; a blank cell is no list at all.
    expect(validateRows([row({ code: 'H01', unit: '栋', value: undefined, problems: [] })], ctx).clean[0]).toMatchObject({ value: 0, problems: [] });
    expect(reasons([row({ code: 'H01', unit: '栋', value: '', problems: '—' })])).toEqual(['2:value:missing']);
  });

  it('reports a duplicate with the line it repeats, and every row’s errors at once', () => {
    const errs = validateRows([row({}, 2), row({ value: '80' }, 3), row({ value: 'x' }, 4), row({ region: '9' }, 5)], ctx).errors;
    expect(errs.map((e) => `${e.line}:${e.reason}`)).toEqual(['3:duplicate_row', '4:not_numeric', '5:bad_region']);
    expect(errs[0]!.value).toContain('also line 2');
    expect(errs[0]!.message.zh).toBe('同一指标、区划、年份重复出现');
  });

  it('reads the sample flag in both languages', () => {
    expect(validateRows([row({ sample: '是' })], ctx).clean[0]!.sample).toBe(true);
    expect(validateRows([row({ sample: 'no' })], ctx).clean[0]!.sample).toBe(false);
    expect(reasons([row({ sample: 'maybe' })])).toEqual(['2:sample:bad_sample']);
  });
});
