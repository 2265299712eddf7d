import { hjBands, type AqiLevel, type AqiStandard } from './types.js';

// HJ 633-2012 环境空气质量指数（AQI）技术规定（试行）, table 1 (空气质量分指数及对应的污染物项目浓度限值).
// Columns give the concentration limit for IAQI 0, 50, 100, 150, 200, 300, 400, 500.
// µg/m³, CO mg/m³. Notes (1)–(3) of the table are the rules below.
export const hj633Table1 = {
  so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  so2_1h: [0, 150, 500, 650, 800], // (2) above 800 no IAQI; report SO2 from the 24-h value
  no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  no2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
  co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  co_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 160, 215, 265, 800], // (3) above 800 no IAQI; report O3 from the 1-h value
  pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
} as const;

// HJ 633-2012 table 2 (级别、类别) and appendix A (表示颜色, RGB).
export const hj633Levels: AqiLevel[] = [
  { level: 1, min: 0, max: 50, zh: '优', en: 'Excellent', color: '#00E400' },
  { level: 2, min: 51, max: 100, zh: '良', en: 'Good', color: '#FFFF00' },
  { level: 3, min: 101, max: 150, zh: '轻度污染', en: 'Lightly polluted', color: '#FF7E00' },
  { level: 4, min: 151, max: 200, zh: '中度污染', en: 'Moderately polluted', color: '#FF0000' },
  { level: 5, min: 201, max: 300, zh: '重度污染', en: 'Heavily polluted', color: '#99004C' },
  { level: 6, min: 301, max: Number.POSITIVE_INFINITY, zh: '严重污染', en: 'Severely polluted', color: '#7E0023' },
];

const realTimeOnly = (name: string) => `${name} table 1 note (1): 1-h SO2, NO2 and CO limits serve real-time reports only; daily reports use 24-h values (二氧化硫、二氧化氮和一氧化碳的1小时平均浓度限值仅用于实时报)`;
const pmHourly = (name: string) => `${name} 1-h value indexed on the 24-h row (table 1 has no 1-h row for particles; real-time reports index the hourly value on it)`;

/** The HJ 633 fields and their rows, for the 2012 table and the revisions that keep its layout. */
export function hj633Fields(table: Record<keyof typeof hj633Table1, readonly (number | string)[]>, name: string): AqiStandard['fields'] {
  return {
    pm25_24h: { pollutant: 'pm25', period: '24h', unit: 'µg/m³', bands: hjBands(table.pm25_24h) },
    pm25_1h: { pollutant: 'pm25', period: '1h', unit: 'µg/m³', bands: hjBands(table.pm25_24h), note: pmHourly('PM2.5') },
    pm10_24h: { pollutant: 'pm10', period: '24h', unit: 'µg/m³', bands: hjBands(table.pm10_24h) },
    pm10_1h: { pollutant: 'pm10', period: '1h', unit: 'µg/m³', bands: hjBands(table.pm10_24h), note: pmHourly('PM10') },
    so2_24h: { pollutant: 'so2', period: '24h', unit: 'µg/m³', bands: hjBands(table.so2_24h) },
    so2_1h: {
      pollutant: 'so2',
      period: '1h',
      unit: 'µg/m³',
      bands: hjBands(table.so2_1h),
      aboveTop: { useInstead: 'so2_24h', why: `${name} table 1 note (2): above 800 µg/m³ no 1-h sub-index is computed; SO2 is reported by its 24-h sub-index (二氧化硫1小时平均浓度值高于800 µg/m³的，不再进行其空气质量分指数计算，按24小时平均浓度计算的分指数报告)` },
      note: realTimeOnly(name),
    },
    no2_24h: { pollutant: 'no2', period: '24h', unit: 'µg/m³', bands: hjBands(table.no2_24h) },
    no2_1h: { pollutant: 'no2', period: '1h', unit: 'µg/m³', bands: hjBands(table.no2_1h), note: realTimeOnly(name) },
    co_24h: { pollutant: 'co', period: '24h', unit: 'mg/m³', bands: hjBands(table.co_24h) },
    co_1h: { pollutant: 'co', period: '1h', unit: 'mg/m³', bands: hjBands(table.co_1h), note: realTimeOnly(name) },
    o3_1h: { pollutant: 'o3', period: '1h', unit: 'µg/m³', bands: hjBands(table.o3_1h) },
    o3_8h: {
      pollutant: 'o3',
      period: '8h',
      unit: 'µg/m³',
      bands: hjBands(table.o3_8h),
      aboveTop: { useInstead: 'o3_1h', why: `${name} table 1 note (3): above 800 µg/m³ no 8-h sub-index is computed; O3 is reported by its 1-h sub-index (臭氧8小时平均浓度值高于800 µg/m³的，不再进行其空气质量分指数计算，按1小时平均浓度计算的分指数报告)` },
    },
  };
}

/** HJ 633-2012, in force until HJ 633-2026 replaced it on 2026-03-01. */
export const hj633_2012: AqiStandard = {
  id: 'hj633-2012',
  title: { zh: '环境空气质量指数（AQI）技术规定（试行）HJ 633-2012', en: 'Technical Regulation on Ambient Air Quality Index (on trial), HJ 633-2012' },
  citation: 'HJ 633-2012 §4–5, table 1 (IAQI limits), table 2 (levels), appendix A (colours); with GB 3095-2012',
  // Nationwide from 2016-01-01 with GB 3095-2012; Beijing and the other first-phase cities reported by it from 2012–2013.
  effectiveFrom: '2012-02-29',
  effectiveUntil: '2026-03-01',
  verified: true,
  verification:
    'table 1 rows, notes (1)–(3), table 2 levels and appendix A colours agree across every independent reproduction found (the standard text itself was not retrievable); the rounding up of IAQI to an integer (向上进位取整数) is what Chinese monitoring software and AQI libraries state, not read in the standard text',
  rounding: 'ceil',
  primaryAbove: 50,
  categoryLanguage: 'zh',
  fields: hj633Fields(hj633Table1, 'HJ 633-2012'),
  levels: hj633Levels,
};
