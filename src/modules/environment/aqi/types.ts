// The shape every AQI standard's table takes, so that a revised standard is a new table file
// with its effective date and the calculator stays the same.

export const standardIds = ['hj633-2012', 'hj633-2026', 'epa-2024'] as const;
/** An AQI standard citywork implements. */
export type StandardId = (typeof standardIds)[number];

/** The six criteria pollutants both standards index. */
export type Pollutant = 'pm25' | 'pm10' | 'so2' | 'no2' | 'co' | 'o3';

/** One row of a breakpoint table: concentrations cLo…cHi map linearly onto indices iLo…iHi. */
export interface Band {
  cLo: string;
  cHi: string;
  iLo: number;
  iHi: number;
}

/** Where a value outside a field's table sends the reader: to another field of the same pollutant. */
export interface Redirect {
  useInstead: string;
  /** Why, in the standard's words (zh and/or en), for the note. */
  why: string;
}

/** One input field (pollutant × averaging period) with its unit and breakpoint rows. */
export interface FieldSpec {
  pollutant: Pollutant;
  period: '1h' | '8h' | '24h';
  unit: 'µg/m³' | 'mg/m³' | 'ppm' | 'ppb';
  bands: Band[];
  /** US EPA: decimal places a concentration is truncated to before it is looked up. */
  truncateTo?: number;
  /** A value above the top row is not indexed from this field (the sub-index is null). */
  aboveTop?: Redirect;
  /** A value below the first row is not indexed from this field (the sub-index is null). */
  belowBottom?: Redirect;
  /** Said in the notes whenever the field is used. */
  note?: string;
}

/** An AQI category: its level 1–6, index range, names and colour. */
export interface AqiLevel {
  level: 1 | 2 | 3 | 4 | 5 | 6;
  min: number;
  max: number;
  zh: string;
  en: string;
  /** RGB as #RRGGBB, as the standard prints it. */
  color: string;
}

/** What a standard-specific rule may read and change after the sub-indices are computed. */
export interface RuleContext {
  /** Each given field's concentration as looked up (after truncation), as a number. */
  values: Record<string, number>;
  iaqi: Record<string, number | null>;
  notes: string[];
}

/** One AQI standard: the table, the rounding, the levels and the few rules of its text. */
export interface AqiStandard {
  id: StandardId;
  title: { zh: string; en: string };
  /** The document cited, with the table number. */
  citation: string;
  /** First day in force (YYYY-MM-DD). */
  effectiveFrom: string;
  /** First day no longer in force, when a revision replaced it. */
  effectiveUntil?: string;
  /** Whether the table was checked against the standard's own text. */
  verified: boolean;
  /** How the table was checked, or why it could not be. */
  verification: string;
  /** HJ 633: a sub-index is rounded up to an integer; US EPA: to the nearest integer. */
  rounding: 'ceil' | 'half-up';
  /** The AQI a primary pollutant needs to be named (HJ 633: above 50; US EPA: always). */
  primaryAbove: number;
  /** Language of `category` in a result. */
  categoryLanguage: 'zh' | 'en';
  fields: Record<string, FieldSpec>;
  levels: AqiLevel[];
  /** Said in every result computed under this standard. */
  standingNotes?: string[];
  rules?: ((ctx: RuleContext) => void)[];
}

/** The six HJ 633 index steps every row of its table 1 maps onto. */
export const hjIndexSteps = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/** Rows of an HJ 633 table column (concentration limits for IAQI 0, 50, 100 …) as bands. */
export function hjBands(limits: readonly (number | string)[]): Band[] {
  const bands: Band[] = [];
  for (let i = 1; i < limits.length; i++) bands.push({ cLo: String(limits[i - 1]), cHi: String(limits[i]), iLo: hjIndexSteps[i - 1]!, iHi: hjIndexSteps[i]! });
  return bands;
}
