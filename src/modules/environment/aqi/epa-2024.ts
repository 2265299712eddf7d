import type { AqiLevel, AqiStandard, Band, RuleContext } from './types.js';

// US EPA, Technical Assistance Document for the Reporting of Daily Air Quality – the Air
// Quality Index (AQI), EPA-454/B-24-002, May 2024, table of AQI breakpoints; 40 CFR 58
// appendix G as revised 2024-05-06. Rows: [Clow, Chigh, Ilow, Ihigh]; Hazardous is one 301–500 band.
const rows = (...r: [string, string, number, number][]): Band[] => r.map(([cLo, cHi, iLo, iHi]) => ({ cLo, cHi, iLo, iHi }));

export const epa2024Table = {
  o3_8h: rows(['0.000', '0.054', 0, 50], ['0.055', '0.070', 51, 100], ['0.071', '0.085', 101, 150], ['0.086', '0.105', 151, 200], ['0.106', '0.200', 201, 300]), // ppm
  o3_1h: rows(['0.125', '0.164', 101, 150], ['0.165', '0.204', 151, 200], ['0.205', '0.404', 201, 300], ['0.405', '0.604', 301, 500]), // ppm
  pm25_24h: rows(['0.0', '9.0', 0, 50], ['9.1', '35.4', 51, 100], ['35.5', '55.4', 101, 150], ['55.5', '125.4', 151, 200], ['125.5', '225.4', 201, 300], ['225.5', '325.4', 301, 500]), // µg/m³
  pm10_24h: rows(['0', '54', 0, 50], ['55', '154', 51, 100], ['155', '254', 101, 150], ['255', '354', 151, 200], ['355', '424', 201, 300], ['425', '604', 301, 500]), // µg/m³
  co_8h: rows(['0.0', '4.4', 0, 50], ['4.5', '9.4', 51, 100], ['9.5', '12.4', 101, 150], ['12.5', '15.4', 151, 200], ['15.5', '30.4', 201, 300], ['30.5', '50.4', 301, 500]), // ppm
  so2_1h: rows(['0', '35', 0, 50], ['36', '75', 51, 100], ['76', '185', 101, 150], ['186', '304', 151, 200]), // ppb
  so2_24h: rows(['305', '604', 201, 300], ['605', '1004', 301, 500]), // ppb
  no2_1h: rows(['0', '53', 0, 50], ['54', '100', 51, 100], ['101', '360', 101, 150], ['361', '649', 151, 200], ['650', '1249', 201, 300], ['1250', '2049', 301, 500]), // ppb
};

// The TAD's table of categories: descriptors and colours (RGB; purple 143,63,151, maroon 126,0,35).
export const epaLevels: AqiLevel[] = [
  { level: 1, min: 0, max: 50, zh: '良好', en: 'Good', color: '#00E400' },
  { level: 2, min: 51, max: 100, zh: '中等', en: 'Moderate', color: '#FFFF00' },
  { level: 3, min: 101, max: 150, zh: '对敏感人群不健康', en: 'Unhealthy for Sensitive Groups', color: '#FF7E00' },
  { level: 4, min: 151, max: 200, zh: '不健康', en: 'Unhealthy', color: '#FF0000' },
  { level: 5, min: 201, max: 300, zh: '非常不健康', en: 'Very Unhealthy', color: '#8F3F97' },
  { level: 6, min: 301, max: Number.POSITIVE_INFINITY, zh: '危险', en: 'Hazardous', color: '#7E0023' },
];

// TAD footnote: 1-h SO2 values do not define AQI values of 200 or more; those come from the
// 24-h value. A 1-h value above 304 ppb already means an SO2 index of at least 200, so when the
// 24-h value is below the 24-h table (< 305 ppb) the SO2 index is 200 (AirNow/AQS practice).
function so2AtLeast200({ values, iaqi, notes }: RuleContext) {
  const hour = values.so2_1h;
  const day = values.so2_24h;
  if (hour === undefined || day === undefined || hour <= 304 || day >= 305) return;
  iaqi.so2_24h = 200;
  // The 200 replaces the "report so2_1h instead" said for the 24-h value a moment ago.
  const stale = notes.findIndex((n) => n.startsWith('so2_24h ') && n.includes('no sub-index'));
  if (stale >= 0) notes.splice(stale, 1);
  notes.push(`so2_24h ${day} ppb is below the 24-h table (305 ppb) while so2_1h is above 304 ppb: SO2 index 200 (1-h SO2 above 304 ppb is at least 200; the 24-h value indexes only 201 and up)`);
}

/** US EPA AQI with the 2024 PM2.5 revision (in force from 2024-05-06). */
export const epa2024: AqiStandard = {
  id: 'epa-2024',
  title: { zh: '美国环保署空气质量指数（2024年修订）', en: 'US EPA Air Quality Index (2024 revision)' },
  citation: 'US EPA, Technical Assistance Document for the Reporting of Daily Air Quality – the AQI, EPA-454/B-24-002 (May 2024), breakpoint table and equation 1; 40 CFR 58 appendix G',
  effectiveFrom: '2024-05-06',
  verified: true,
  verification: 'breakpoints as in the May 2024 TAD and the 2024 PM NAAQS AQI fact sheet; PM2.5 9.0/35.4/55.4/125.4/225.4/325.4 and the merged 301–500 Hazardous band checked against several independent 2024 implementations',
  rounding: 'half-up',
  primaryAbove: -1,
  categoryLanguage: 'en',
  fields: {
    pm25_24h: { pollutant: 'pm25', period: '24h', unit: 'µg/m³', bands: epa2024Table.pm25_24h, truncateTo: 1 },
    pm10_24h: { pollutant: 'pm10', period: '24h', unit: 'µg/m³', bands: epa2024Table.pm10_24h, truncateTo: 0 },
    o3_8h: {
      pollutant: 'o3',
      period: '8h',
      unit: 'ppm',
      bands: epa2024Table.o3_8h,
      truncateTo: 3,
      aboveTop: { useInstead: 'o3_1h', why: 'TAD: 8-hour O3 values do not define AQI values of 301 or more; those are calculated with 1-hour O3 concentrations' },
    },
    o3_1h: {
      pollutant: 'o3',
      period: '1h',
      unit: 'ppm',
      bands: epa2024Table.o3_1h,
      truncateTo: 3,
      belowBottom: { useInstead: 'o3_8h', why: 'TAD: the 1-hour O3 table starts at 0.125 ppm (AQI 101); below it O3 is indexed from the 8-hour value only' },
    },
    co_8h: { pollutant: 'co', period: '8h', unit: 'ppm', bands: epa2024Table.co_8h, truncateTo: 1 },
    so2_1h: {
      pollutant: 'so2',
      period: '1h',
      unit: 'ppb',
      bands: epa2024Table.so2_1h,
      truncateTo: 0,
      aboveTop: { useInstead: 'so2_24h', why: 'TAD: 1-hour SO2 values do not define AQI values of 200 or more; those are calculated with 24-hour SO2 concentrations' },
    },
    so2_24h: {
      pollutant: 'so2',
      period: '24h',
      unit: 'ppb',
      bands: epa2024Table.so2_24h,
      truncateTo: 0,
      belowBottom: { useInstead: 'so2_1h', why: 'TAD: the 24-hour SO2 table starts at 305 ppb (AQI 201); below it SO2 is indexed from the 1-hour value' },
    },
    no2_1h: { pollutant: 'no2', period: '1h', unit: 'ppb', bands: epa2024Table.no2_1h, truncateTo: 0 },
  },
  levels: epaLevels,
  rules: [so2AtLeast200],
};
