import { hj633Fields, hj633Levels, hj633Table1 } from './hj633-2012.js';
import type { AqiStandard } from './types.js';

// HJ 633-2026 环境空气质量指数（AQI）技术规定, the table of IAQI limits. It revises only the
// particle rows (更新了AQI中PM2.5和PM10的分级浓度限值, MEE announcement with GB 3095-2026,
// February 2026); every other row is the 2012 one. µg/m³.
export const hj633_2026Table = {
  ...hj633Table1,
  pm25_24h: [0, 35, 60, 115, 150, 250, 350, 500],
  pm10_24h: [0, 50, 120, 250, 350, 420, 500, 600],
} as const;

const unverified =
  'HJ 633-2026 table unverified: its effective date (2026-03-01) and that only the PM2.5 and PM10 limits changed are confirmed by the MEE announcement as reported (Xinhua, People’s Daily, 2026-02-24/26); the limits 35/60/115/150/250/350/500 (PM2.5) and 50/120/250/350/420/500/600 (PM10) agree with three independent implementations but were not read in the standard text';

/** HJ 633-2026, in force from 2026-03-01. */
export const hj633_2026: AqiStandard = {
  id: 'hj633-2026',
  title: { zh: '环境空气质量指数（AQI）技术规定 HJ 633-2026', en: 'Technical Regulation on Ambient Air Quality Index, HJ 633-2026' },
  citation: 'HJ 633-2026, table of IAQI limits (PM2.5 and PM10 rows revised; the rest as HJ 633-2012 table 1); with GB 3095-2026',
  effectiveFrom: '2026-03-01',
  verified: false,
  verification: unverified,
  rounding: 'ceil',
  primaryAbove: 50,
  categoryLanguage: 'zh',
  fields: hj633Fields(hj633_2026Table, 'HJ 633-2026'),
  levels: hj633Levels,
  standingNotes: [unverified],
};
