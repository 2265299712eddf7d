import { describe, expect, it } from 'vitest';
import { buildDivisions, code12, divisionProblems, type ChinaDivisionData } from './divisions.js';

const data: ChinaDivisionData = {
  provinces: [
    { code: '11', name: '北京市' },
    { code: '44', name: '广东省' },
  ],
  cities: [
    { code: '1101', name: '市辖区', provinceCode: '11' },
    { code: '4419', name: '东莞市', provinceCode: '44' },
  ],
  areas: [
    { code: '110101', name: '东城区', cityCode: '1101', provinceCode: '11' },
    { code: '441900', name: '东莞市', cityCode: '4419', provinceCode: '44' },
  ],
  streets: [
    { code: '110101008', name: '建国门街道', areaCode: '110101', cityCode: '1101', provinceCode: '11' },
    { code: '441900003', name: '东城街道', areaCode: '441900', cityCode: '4419', provinceCode: '44' },
  ],
  villages: [{ code: '110101008001', name: '崇内社区居委会', streetCode: '110101008', areaCode: '110101', cityCode: '1101', provinceCode: '11' }],
};

describe('buildDivisions', () => {
  it('pads codes to 12 digits, keeps the 市辖区 level and names Beijing and its districts in English', () => {
    const { regions } = buildDivisions(data);
    expect(regions.slice(0, 5)).toEqual([
      { code: '110000000000', name: '北京市', nameEn: 'Beijing', pinyin: 'beijing', level: 'province', parent: null },
      { code: '110100000000', name: '市辖区', nameEn: null, pinyin: 'shixiaqu', level: 'city', parent: '110000000000' },
      { code: '110101000000', name: '东城区', nameEn: 'Dongcheng District', pinyin: 'dongcheng', level: 'district', parent: '110100000000' },
      { code: '110101008000', name: '建国门街道', nameEn: null, pinyin: 'jianguomen', level: 'township', parent: '110101000000' },
      { code: '110101008001', name: '崇内社区居委会', nameEn: null, pinyin: 'chongneishequjuweihui', level: 'community', parent: '110101008000' },
    ]);
  });

  it('goes below districts only in the provinces asked for', () => {
    const { regions } = buildDivisions(data, { fullDepth: ['11'] });
    expect(regions.some((r) => r.code === '441900003000')).toBe(false);
  });

  it('leaves out a county-level record with its city’s code and hangs its townships from the city', () => {
    const { regions, dropped } = buildDivisions(data, { fullDepth: ['11', '44'] });
    expect(dropped.map((d) => d.code)).toEqual(['441900']);
    expect(regions.filter((r) => r.code === '441900000000')).toEqual([expect.objectContaining({ level: 'city' })]);
    expect(regions.find((r) => r.code === '441900003000')!.parent).toBe('441900000000');
    expect(divisionProblems(regions)).toEqual([]);
  });
});

describe('code12', () => {
  it('pads 2, 4, 6 and 9 digits and refuses anything else', () => {
    expect(['11', '1101', '110101', '110101008', '110101008001'].map(code12)).toEqual(['110000000000', '110100000000', '110101000000', '110101008000', '110101008001']);
    expect(() => code12('110')).toThrow(/not an NBS/);
  });
});

describe('divisionProblems', () => {
  it('finds repeated codes, unknown parents, wrong prefixes and codes of the wrong level', () => {
    const problems = divisionProblems([
      { code: '110000000000', name: '北京市', nameEn: null, pinyin: '', level: 'province', parent: null },
      { code: '110000000000', name: '北京市', nameEn: null, pinyin: '', level: 'province', parent: null },
      { code: '120100000000', name: '市辖区', nameEn: null, pinyin: '', level: 'city', parent: '110000000000' },
      { code: '120101000000', name: '和平区', nameEn: null, pinyin: '', level: 'district', parent: '120199000000' },
      { code: '110101000000', name: '东城区', nameEn: null, pinyin: '', level: 'district', parent: '110100000000' },
      { code: '110100000000', name: 'x', nameEn: null, pinyin: '', level: 'district', parent: '110000000000' },
    ]);
    expect(problems.join('\n')).toMatch(/110000000000 appears twice/);
    expect(problems.join('\n')).toMatch(/120100000000 .*prefix/);
    expect(problems.join('\n')).toMatch(/110101000000 \(东城区\): does not start/);
    expect(problems.join('\n')).toMatch(/110100000000 \(x\) is not a district code/);
    expect(problems.join('\n')).toMatch(/120101000000 .*parent 120199000000 is unknown/);
  });
});
