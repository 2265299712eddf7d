import type { createCityIndex } from './city-index.js';
import { code12 } from './divisions.js';
import { sourceText } from './stat-sources.js';

/** One record of `attributes.json`: a figure for a region, with its unit and source document. */
export interface Attribute {
  code: string;
  year: number;
  key: string;
  value: number;
  unit: string;
  source: string;
}

type Row = Record<string, string>;

/** What the statistics CSVs hold that becomes attributes. */
export interface StatisticsTables {
  /** beijing_districts.csv */
  districts: Row[];
  /** beijing_district_indicators_long.csv */
  indicators: Row[];
  /** china_city_urban_population_2020.csv */
  cities: Row[];
}

/** The attributes, and every row or figure that was not used, with the reason. */
export interface BuiltAttributes {
  attributes: Attribute[];
  unmatchedCities: { province: string; city: string; why: string }[];
  renamedCities: { province: string; city: string; code: string; why: string }[];
  excluded: { city: string; keys: string[]; why: string }[];
  duplicates: { code: string; year: number; key: string; kept: string; dropped: string }[];
}

// The keys, with the one unit each is given in.
export const ATTRIBUTE_UNITS: Record<string, string> = {
  resident_population: '人', // 常住人口
  urban_town_population: '人', // 城镇常住人口: residents of cities and towns, the numerator of 常住人口城镇化率
  urban_resident_population: '人', // 城区常住人口: urban-core residents, the basis of 国发〔2014〕51号 size classes
  rural_population: '人', // 乡村常住人口
  registered_population: '万人', // 户籍人口, as published (万人)
  area_km2: 'km2', // 土地面积
  gdp: '亿元', // 地区生产总值
};

// beijing_district_indicators_long.csv indicators that are region attributes.
const INDICATOR_KEYS: Record<string, string> = {
  resident_pop_census2020: 'resident_population',
  urban_pop_census2020_城镇人口: 'urban_town_population',
  urban_core_pop_census2020_城区常住人口: 'urban_resident_population',
  rural_pop_census2020: 'rural_population',
  registered_hukou_pop_end2010: 'registered_population',
  registered_hukou_pop_end2019: 'registered_population',
  land_area: 'area_km2',
  land_area_rounded: 'area_km2',
  gdp_2020: 'gdp',
  gdp_2021: 'gdp',
};

const CITY_COLUMNS: Record<string, string> = {
  total_resident_pop_地区人口: 'resident_population',
  towns_pop_城镇人口: 'urban_town_population',
  urban_core_pop_城区常住人口: 'urban_resident_population',
};
const TOTAL = 'total_resident_pop_地区人口';
const TOWNS = 'towns_pop_城镇人口';
const CORE = 'urban_core_pop_城区常住人口';

// Figures of the city table that SOURCES.md flags as probable errors of the source table: left out, not corrected.
const CITY_EXCLUSIONS: { cities: string[]; columns: string[]; why: string }[] = [
  { cities: ['山东|德州市'], columns: [TOTAL], why: 'total 561,194 is below the towns figure; SOURCES.md: probably 5,611,194' },
  { cities: ['安徽|潜山市', '四川|峨眉山市', '甘肃|定西市', '福建|南安市', '宁夏|吴忠市', '吉林|延吉市', '新疆|克拉玛依市', '云南|腾冲市'], columns: [TOTAL, TOWNS], why: 'towns figure exceeds the total (towns_gt_total); which one is wrong is unknown' },
  { cities: ['江西|景德镇市', '江西|乐平市'], columns: [TOTAL, TOWNS, CORE], why: 'the two rows have identical figures: one is a copy of the other' },
  { cities: ['广东|开平市', '广东|鹤山市'], columns: [TOWNS, CORE], why: 'the two rows have identical towns and urban-core figures' },
  { cities: ['宁夏|银川市', '宁夏|石嘴山市', '吉林|辽源市', '吉林|双辽市'], columns: [TOTAL], why: 'total identical to another row' },
  { cities: ['新疆|喀什市'], columns: [TOTAL], why: 'implausible total: 4,496,377 is 喀什地区, not the city' },
  { cities: ['四川|阆中市'], columns: [TOTAL], why: 'implausible total (6,226,267)' },
  { cities: ['广东|湛江市'], columns: [TOWNS, CORE], why: 'implausibly low urban core and towns figures' },
  { cities: ['内蒙古|包头市', '山西|朔州市', '广东|梅州市', '云南|个旧市'], columns: [CORE], why: 'implausibly low urban core' },
];

// County-level cities of the census table that have since become districts of the same territory.
const BECAME_DISTRICTS: Record<string, string> = { '江苏|海门市': '海门区', '河南|偃师市': '偃师区', '福建|龙海市': '龙海区' };

/** Builds the attributes from the statistics tables, Beijing's own tables taking precedence over the national one. */
export function buildAttributes(tables: StatisticsTables, cityIndex: ReturnType<typeof createCityIndex>): BuiltAttributes {
  const out = new Map<string, Attribute>();
  const result: BuiltAttributes = { attributes: [], unmatchedCities: [], renamedCities: [], excluded: [], duplicates: [] };
  const add = (a: Attribute) => {
    if (ATTRIBUTE_UNITS[a.key] !== a.unit) throw new Error(`${a.code} ${a.key}: unit ${a.unit}, expected ${ATTRIBUTE_UNITS[a.key]}`);
    if (!Number.isFinite(a.value)) throw new Error(`${a.code} ${a.key} ${a.year}: not a number`);
    const id = `${a.code}|${a.year}|${a.key}`;
    const prior = out.get(id);
    if (!prior) out.set(id, a);
    else if (prior.value !== a.value) throw new Error(`${id}: ${prior.value} (${prior.source}) and ${a.value} (${a.source}) disagree`);
    else result.duplicates.push({ code: a.code, year: a.year, key: a.key, kept: prior.source, dropped: a.source });
  };

  for (const r of tables.indicators) {
    const key = INDICATOR_KEYS[r.indicator!];
    if (!key) continue;
    add({ code: code12(r.adcode!), year: Number(r.reference_date!.slice(0, 4)), key, value: Number(r.value), unit: r.unit!, source: sourceText(r.source_id!) });
  }
  for (const r of tables.districts) {
    const code = code12(r.adcode!);
    if (!r.pop_sources!.includes('S01') || !r.pop_sources!.includes('S02')) throw new Error(`${r.name}: population sources are not S01/S02`);
    add({ code, year: 2020, key: 'resident_population', value: Number(r.resident_pop_census2020), unit: '人', source: sourceText('S01;S02') });
    add({ code, year: 2010, key: 'resident_population', value: Number(r.resident_pop_census2010), unit: '人', source: sourceText('S02') });
    add({ code, year: 2000, key: 'resident_population', value: Number(r.resident_pop_census2000), unit: '人', source: sourceText('S02') });
    add({ code, year: 2010, key: 'registered_population', value: Number(r.registered_hukou_pop_end2010_10k), unit: '万人', source: sourceText(r.registered_pop_source_id!) });
    // Areas and GDP come with their reference year from the long table; here they must agree with it.
    if (r.land_area_km2 && !tables.indicators.some((i) => i.adcode === r.adcode && INDICATOR_KEYS[i.indicator!] === 'area_km2' && Number(i.value) === Number(r.land_area_km2))) {
      throw new Error(`${r.name}: land area ${r.land_area_km2} is not in the indicators table`);
    }
  }
  for (const r of tables.cities) {
    const id = `${r.province}|${r.city}`;
    let match = cityIndex.resolve(r.province!, r.city!, r.city_type!);
    const renamed = BECAME_DISTRICTS[id];
    if (match.code === null && renamed) {
      match = cityIndex.resolve(r.province!, renamed, '县级市');
      if (match.code !== null) result.renamedCities.push({ province: r.province!, city: r.city!, code: match.code, why: `now ${renamed}, the same territory` });
    }
    if (match.code === null) {
      result.unmatchedCities.push({ province: r.province!, city: r.city!, why: match.why });
      continue;
    }
    const skip = CITY_EXCLUSIONS.filter((e) => e.cities.includes(id));
    for (const e of skip) result.excluded.push({ city: id, keys: e.columns.map((c) => CITY_COLUMNS[c]!), why: e.why });
    for (const [column, key] of Object.entries(CITY_COLUMNS)) {
      if (!r[column] || skip.some((e) => e.columns.includes(column))) continue;
      add({ code: match.code, year: Number(r.data_date!.slice(0, 4)), key, value: Number(r[column]), unit: '人', source: sourceText(r.source_id!) });
    }
  }
  result.attributes = [...out.values()].sort((a, b) => (a.code !== b.code ? (a.code < b.code ? -1 : 1) : a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.year - b.year));
  return result;
}
