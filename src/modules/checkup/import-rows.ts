import type { IndicatorProblem } from '../../core/module.js';
import { canonicalUnit, plausibleRange } from './plausible.js';
import type { IndicatorDefinition } from './indicator-schema.js';

/** A row as a file or the pack gives it: text cells, or numbers where a spreadsheet had them. */
export interface RawRow {
  /** Where the row is: the spreadsheet's row number (the header is row 1), or the list position. */
  line: number;
  code?: unknown;
  region?: unknown;
  year?: unknown;
  value?: unknown;
  unit?: unknown;
  source?: unknown;
  sample?: unknown;
  /** Count indicators: `id|name[|detail]` items separated by `;`, or a list of objects. */
  problems?: unknown;
}

/** A row that passed every check, ready to store. */
export interface CleanRow {
  line: number;
  code: string;
  regionCode: string;
  year: number;
  value: number;
  source: string;
  sample: boolean;
  /** Count indicators only: the objects the value counts. */
  problems: IndicatorProblem[] | null;
}

export const rowReasons = {
  missing: { zh: '必填项为空', en: 'required, but empty' },
  unknown_indicator: { zh: '指标代码不在指标库中', en: 'no indicator with this code in the library' },
  computed_indicator: { zh: '该指标由平台计算，不能导入', en: 'this indicator is computed by the platform, not imported' },
  bad_region: { zh: '区划代码应为 2、4、6、9 或 12 位数字', en: 'a region code is 2, 4, 6, 9 or 12 digits' },
  unknown_region: { zh: '区划代码不存在', en: 'no region with this code' },
  bad_year: { zh: '年份无效', en: 'not a valid year' },
  wrong_unit: { zh: '单位与指标的单位不符', en: 'the unit differs from the indicator’s unit' },
  not_numeric: { zh: '数值不是数字', en: 'the value is not a number' },
  out_of_range: { zh: '数值超出合理范围', en: 'the value lies outside the plausible range' },
  not_count: { zh: '问题数应为非负整数', en: 'a count of problems is a whole number ≥ 0' },
  count_mismatch: { zh: '问题数与所列问题对象的个数不符', en: 'the count differs from the number of problem objects listed' },
  bad_problems: { zh: '问题对象格式应为“编号|名称[|说明]”，以分号分隔', en: 'problem objects are written id|name[|detail], separated by ;' },
  problems_not_count: { zh: '只有问题清单类指标可以列出问题对象', en: 'only count indicators list problem objects' },
  duplicate_row: { zh: '同一指标、区划、年份重复出现', en: 'the same indicator, region and year appear twice' },
  bad_sample: { zh: '“样例值”应为 是/否', en: 'sample is yes or no' },
  problem_in_project: { zh: '该问题对象已纳入更新项目，不能被新数据移除', en: 'the problem object is part of a renewal project and cannot be dropped by new data' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type RowReason = keyof typeof rowReasons;

/** Why a row was refused: where, which field, why (in both languages), and the value as given. */
export interface RowError {
  line: number;
  field: string;
  reason: RowReason;
  message: { zh: string; en: string };
  value: string | null;
}

/** What checking rows needs to know: the library, the regions that exist, the years allowed, the object type of each count. */
export interface RowContext {
  indicators: ReadonlyMap<string, Pick<IndicatorDefinition, 'code' | 'unit' | 'kind' | 'obtain' | 'plausible' | 'objectType'>>;
  regionExists: (canonicalCode: string) => boolean;
  years: { min: number; max: number };
  /** Whether computed indicators may be given values (the pack's sample figures may not: false). */
  allowComputed?: boolean;
}

const yes = new Set(['true', '1', 'yes', 'y', '是', '样例']);
const no = new Set(['false', '0', 'no', 'n', '否', '', 'null', 'undefined']);

/**
 * Checks rows one by one and collects every error with its line, field and reason: unknown
 * indicator or region, bad year, wrong unit, non-numeric or implausible value, a count that
 * does not match its problem list, a duplicate, a missing source. Pure: the caller looks the
 * regions up first.
 */
export function validateRows(rows: readonly RawRow[], ctx: RowContext): { clean: CleanRow[]; errors: RowError[] } {
  const clean: CleanRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const found: RowError[] = [];
    const fail = (field: string, reason: RowReason, value: unknown) => found.push({ line: r.line, field, reason, message: rowReasons[reason], value: value === undefined || value === null ? null : String(value) });
    const code = cell(r.code);
    const def = code ? ctx.indicators.get(code) : undefined;
    if (!code) fail('code', 'missing', r.code);
    else if (!def) fail('code', 'unknown_indicator', code);
    else if (def.obtain.type === 'computed' && !ctx.allowComputed) fail('code', 'computed_indicator', code);

    const regionText = cell(r.region);
    let regionCode: string | null = null;
    if (!regionText) fail('region', 'missing', r.region);
    else if (!/^\d+$/.test(regionText) || ![2, 4, 6, 9, 12].includes(regionText.length)) fail('region', 'bad_region', regionText);
    else if (!ctx.regionExists((regionCode = regionText.padEnd(12, '0')))) fail('region', 'unknown_region', regionText);

    const yearText = cell(r.year);
    const year = Number(yearText);
    if (!yearText) fail('year', 'missing', r.year);
    else if (!/^\d{4}$/.test(yearText) || year < ctx.years.min || year > ctx.years.max) fail('year', 'bad_year', yearText);

    const unit = cell(r.unit);
    if (def && unit && canonicalUnit(unit) !== canonicalUnit(def.unit)) fail('unit', 'wrong_unit', `${unit} (expected ${def.unit})`);

    const problems = parseProblems(r.problems, def?.objectType ?? 'object');
    if (problems === 'bad') fail('problems', 'bad_problems', r.problems);
    else if (problems && def && def.kind !== 'count') fail('problems', 'problems_not_count', r.problems);

    const valueText = cell(r.value);
    let value: number | null = null;
    if (def) {
      const listed = def.kind === 'count' && Array.isArray(problems) ? problems : null;
      if (!valueText && !(def.kind === 'count' && listed)) fail('value', 'missing', r.value);
      else if (valueText) {
        value = toNumber(valueText, canonicalUnit(def.unit) === '%');
        const range = plausibleRange(def);
        if (value === null) fail('value', 'not_numeric', valueText);
        else if (def.kind === 'count' && (!Number.isInteger(value) || value < 0)) fail('value', 'not_count', valueText);
        else if (value < range.min || value > range.max) fail('value', 'out_of_range', `${valueText} (plausible ${range.min}…${range.max} ${def.unit})`);
        else if (listed && listed.length !== value) fail('value', 'count_mismatch', `${valueText} ≠ ${listed.length}`);
      } else value = listed!.length;
    }

    const source = cell(r.source);
    if (!source) fail('source', 'missing', r.source);
    const sampleText = cell(r.sample).toLowerCase();
    if (!yes.has(sampleText) && !no.has(sampleText)) fail('sample', 'bad_sample', r.sample);

    if (!found.length) {
      const key = `${code}|${regionCode}|${year}`;
      const first = seen.get(key);
      if (first !== undefined) fail('code', 'duplicate_row', `${code} ${regionText} ${year} (also line ${first})`);
      else seen.set(key, r.line);
    }
    if (found.length) errors.push(...found);
    else clean.push({ line: r.line, code, regionCode: regionCode!, year, value: value!, source, sample: yes.has(sampleText), problems: def!.kind === 'count' ? (Array.isArray(problems) ? problems : null) : null });
  }
  return { clean, errors };
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v).trim();
}

// Plain decimals only ("1,5" could be a thousands separator or a decimal comma): a trailing % for percent units.
function toNumber(text: string, percent: boolean): number | null {
  const t = percent ? text.replace(/[%％]$/, '').trim() : text;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function parseProblems(v: unknown, type: string): IndicatorProblem[] | null | 'bad' {
  if (v === undefined || v === null) return null;
  // A list (the pack's JSON) says exactly which objects, an empty one none; a blank cell says nothing.
  if (Array.isArray(v)) {
    const ok = v.every((p) => p && typeof p === 'object' && typeof (p as IndicatorProblem).id === 'string' && typeof (p as IndicatorProblem).name === 'string');
    return ok ? (v as IndicatorProblem[]).map((p) => ({ type: p.type ?? type, id: p.id.trim(), name: p.name.trim(), ...(p.detail ? { detail: p.detail } : {}) })) : 'bad';
  }
  if (/^\s*[-—–]?\s*$/.test(String(v))) return null;
  const items = String(v)
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: IndicatorProblem[] = [];
  for (const item of items) {
    const [id, name, ...rest] = item.split('|').map((s) => s.trim());
    if (!id || !name) return 'bad';
    out.push({ type, id, name, ...(rest.length ? { detail: rest.join('|') } : {}) });
  }
  const ids = new Set(out.map((p) => p.id));
  return ids.size === out.length ? out : 'bad';
}
