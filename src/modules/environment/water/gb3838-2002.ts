// GB 3838-2002 地表水环境质量标准, table 1 (地表水环境质量标准基本项目标准限值): the limit of
// each basic item for classes I, II, III, IV, V. mg/L unless noted. `max`: the class holds while
// the value is ≤ its limit; `min` (dissolved oxygen): while it is ≥ its limit; `range` (pH).
// Item 1, water temperature, is narrative (人为造成的环境水温变化应限制在：周平均最大温升≤1，
// 周平均最大温降≤2) and cannot be classed from one value.

/** One basic item of table 1. */
export interface WaterItem {
  no: number;
  zh: string;
  en: string;
  unit: string;
  kind: 'max' | 'min' | 'range';
  /** Limits for classes I–V (for `range`: [low, high], the same for all classes). */
  limits: readonly number[];
  /** Total phosphorus: the lakes-and-reservoirs column (湖、库). */
  lakeLimits?: readonly number[];
  /** Total nitrogen: table 1 gives it for lakes and reservoirs only. */
  lakesOnly?: boolean;
}

export const gb3838Table1: Record<string, WaterItem> = {
  ph: { no: 2, zh: 'pH值', en: 'pH', unit: 'dimensionless', kind: 'range', limits: [6, 9] },
  do: { no: 3, zh: '溶解氧', en: 'Dissolved oxygen', unit: 'mg/L', kind: 'min', limits: [7.5, 6, 5, 3, 2] }, // I: 饱和率90%（或7.5）
  codmn: { no: 4, zh: '高锰酸盐指数', en: 'Permanganate index (CODMn)', unit: 'mg/L', kind: 'max', limits: [2, 4, 6, 10, 15] },
  cod: { no: 5, zh: '化学需氧量', en: 'Chemical oxygen demand (COD)', unit: 'mg/L', kind: 'max', limits: [15, 15, 20, 30, 40] },
  bod5: { no: 6, zh: '五日生化需氧量', en: 'Five-day biochemical oxygen demand (BOD5)', unit: 'mg/L', kind: 'max', limits: [3, 3, 4, 6, 10] },
  nh3n: { no: 7, zh: '氨氮', en: 'Ammonia nitrogen (NH3-N)', unit: 'mg/L', kind: 'max', limits: [0.15, 0.5, 1.0, 1.5, 2.0] },
  tp: { no: 8, zh: '总磷（以P计）', en: 'Total phosphorus (as P)', unit: 'mg/L', kind: 'max', limits: [0.02, 0.1, 0.2, 0.3, 0.4], lakeLimits: [0.01, 0.025, 0.05, 0.1, 0.2] },
  tn: { no: 9, zh: '总氮（湖、库，以N计）', en: 'Total nitrogen (lakes and reservoirs, as N)', unit: 'mg/L', kind: 'max', limits: [0.2, 0.5, 1.0, 1.5, 2.0], lakesOnly: true },
  cu: { no: 10, zh: '铜', en: 'Copper', unit: 'mg/L', kind: 'max', limits: [0.01, 1.0, 1.0, 1.0, 1.0] },
  zn: { no: 11, zh: '锌', en: 'Zinc', unit: 'mg/L', kind: 'max', limits: [0.05, 1.0, 1.0, 2.0, 2.0] },
  fluoride: { no: 12, zh: '氟化物（以F⁻计）', en: 'Fluoride (as F⁻)', unit: 'mg/L', kind: 'max', limits: [1.0, 1.0, 1.0, 1.5, 1.5] },
  se: { no: 13, zh: '硒', en: 'Selenium', unit: 'mg/L', kind: 'max', limits: [0.01, 0.01, 0.01, 0.02, 0.02] },
  as: { no: 14, zh: '砷', en: 'Arsenic', unit: 'mg/L', kind: 'max', limits: [0.05, 0.05, 0.05, 0.1, 0.1] },
  hg: { no: 15, zh: '汞', en: 'Mercury', unit: 'mg/L', kind: 'max', limits: [0.00005, 0.00005, 0.0001, 0.001, 0.001] },
  cd: { no: 16, zh: '镉', en: 'Cadmium', unit: 'mg/L', kind: 'max', limits: [0.001, 0.005, 0.005, 0.005, 0.01] },
  cr6: { no: 17, zh: '铬（六价）', en: 'Chromium (hexavalent)', unit: 'mg/L', kind: 'max', limits: [0.01, 0.05, 0.05, 0.05, 0.1] },
  pb: { no: 18, zh: '铅', en: 'Lead', unit: 'mg/L', kind: 'max', limits: [0.01, 0.01, 0.05, 0.05, 0.1] },
  cyanide: { no: 19, zh: '氰化物', en: 'Cyanide', unit: 'mg/L', kind: 'max', limits: [0.005, 0.05, 0.2, 0.2, 0.2] },
  phenol: { no: 20, zh: '挥发酚', en: 'Volatile phenol', unit: 'mg/L', kind: 'max', limits: [0.002, 0.002, 0.005, 0.01, 0.1] },
  petroleum: { no: 21, zh: '石油类', en: 'Petroleum', unit: 'mg/L', kind: 'max', limits: [0.05, 0.05, 0.05, 0.5, 1.0] },
  las: { no: 22, zh: '阴离子表面活性剂', en: 'Anionic surfactant (LAS)', unit: 'mg/L', kind: 'max', limits: [0.2, 0.2, 0.2, 0.3, 0.3] },
  sulfide: { no: 23, zh: '硫化物', en: 'Sulphide', unit: 'mg/L', kind: 'max', limits: [0.05, 0.1, 0.2, 0.5, 1.0] },
  fecal_coliform: { no: 24, zh: '粪大肠菌群', en: 'Faecal coliform', unit: 'count/L (个/L)', kind: 'max', limits: [200, 2000, 10000, 20000, 40000] },
};

/** Item 1 of table 1, accepted and skipped: its limit is a change in temperature, not a value. */
export const narrativeItems = { water_temp: { no: 1, zh: '水温', en: 'Water temperature', unit: '℃' } } as const;

/** The six outcomes of a class: I–V and worse than V. */
export const waterClasses = ['I', 'II', 'III', 'IV', 'V', '劣V'] as const;
export type WaterClass = (typeof waterClasses)[number];

export const waterClassLabels: Record<WaterClass, { zh: string; en: string }> = {
  I: { zh: 'Ⅰ类', en: 'Class I' },
  II: { zh: 'Ⅱ类', en: 'Class II' },
  III: { zh: 'Ⅲ类', en: 'Class III' },
  IV: { zh: 'Ⅳ类', en: 'Class IV' },
  V: { zh: 'Ⅴ类', en: 'Class V' },
  劣V: { zh: '劣Ⅴ类', en: 'Worse than class V' },
};
