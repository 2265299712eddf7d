import type { Severity } from './types.js';

/**
 * The rainstorm warning signals (暴雨预警信号) of the China Meteorological Administration,
 * as rolling-window rainfall sums. The official text (CMA Order No. 16, 2007, 《气象灾害预警
 * 信号发布与传播办法》, annex) is a forecast criterion — "12小时内降雨量将达50毫米以上，或者已达
 * 50毫米以上且降雨可能持续" — issued by a meteorological office for an area. A gauge can only
 * observe: the rule raises on the observed part ("已达"), without the "rain likely to continue"
 * judgement and without forecasts, at one gauge; 以上 is read as "at least" (≥), as in
 * Chinese legal usage where 以上 includes the number itself. It is a local indicator that
 * the official signal may be due, not the signal itself.
 */

export const rainstormLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export type RainstormLevel = (typeof rainstormLevels)[number];

export interface RainstormCriterion {
  level: RainstormLevel;
  windowHours: number;
  mm: number;
  zh: string;
  en: string;
}

// CMA Order No. 16 (2007), annex, 暴雨预警信号 (一)–(四)
export const cmaRainstormTable: readonly RainstormCriterion[] = [
  { level: 'blue', windowHours: 12, mm: 50, zh: '暴雨蓝色预警信号', en: 'Rainstorm blue signal' },
  { level: 'yellow', windowHours: 6, mm: 50, zh: '暴雨黄色预警信号', en: 'Rainstorm yellow signal' },
  { level: 'orange', windowHours: 3, mm: 50, zh: '暴雨橙色预警信号', en: 'Rainstorm orange signal' },
  { level: 'red', windowHours: 3, mm: 100, zh: '暴雨红色预警信号', en: 'Rainstorm red signal' },
];

/** The highest CMA level met by observed sums over the last 3, 6 and 12 hours (mm), or null. */
export function cmaRainstormLevel(sumsMm: { h3: number; h6: number; h12: number }): RainstormLevel | null {
  const byWindow: Record<number, number> = { 3: sumsMm.h3, 6: sumsMm.h6, 12: sumsMm.h12 };
  let found: RainstormLevel | null = null;
  for (const c of cmaRainstormTable) if (byWindow[c.windowHours]! >= c.mm) found = c.level;
  return found;
}

/** The CMA table as the levels of a `window-sum` rule, with the severity given to each colour. */
export function cmaRainstormRuleLevels(severityOf: Record<RainstormLevel, Severity>) {
  return cmaRainstormTable.map((c) => ({
    level: c.level,
    name: { zh: c.zh, en: c.en },
    severity: severityOf[c.level],
    windowMinutes: c.windowHours * 60,
    raise: c.mm,
    source: { cite: 'CMA Order No. 16 (2007), annex, 暴雨预警信号', verified: true, note: 'observed part of the criterion only (已达…以上); no forecast, no "rain likely to continue"' },
  }));
}
