import { parse } from 'csv-parse/sync';
import { AppError } from '../../../core/errors.js';
import type { RawActivityRow } from './activity-rows.js';

// The bilingual headers and the plain names people type, by field.
const headerAliases: Record<string, string[]> = {
  region: ['region', '区划代码', 'region code', '区划代码 region'],
  year: ['year', '年份', '年份 year'],
  sector: ['sector', '部门', '部门 sector'],
  fuel: ['fuel', '能源品种', '品种', 'energy', '能源品种 fuel'],
  amount: ['amount', '活动水平', '数量', '消费量', '活动水平 amount'],
  unit: ['unit', '单位', '单位 unit'],
  source: ['source', '来源', '数据来源', '来源 source'],
};
const fieldOf = new Map(Object.entries(headerAliases).flatMap(([field, names]) => names.map((n) => [n.toLowerCase(), field])));
export const activityColumns = ['region', 'year', 'sector', 'fuel', 'amount', 'unit'] as const;

/**
 * The rows of an activity CSV (UTF-8, with or without a BOM), keyed by column; the header is
 * line 1, so a row's `line` is the line a spreadsheet shows. Unknown columns are ignored.
 */
export function readActivityCsv(csv: string): RawActivityRow[] {
  let table: string[][];
  try {
    table = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new AppError('invalid', `the file is not readable CSV: ${(err as Error).message}`, { field: 'file' });
  }
  const [header, ...rows] = table;
  if (!header) throw new AppError('invalid', 'the file is empty: it needs a header row (region,year,sector,fuel,amount,unit[,source]) and data rows', { field: 'file' });
  const fields = header.map((h) => fieldOf.get(h.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null);
  for (const needed of activityColumns) {
    if (!fields.includes(needed)) throw new AppError('invalid', `the file has no ${needed} column; the header is region,year,sector,fuel,amount,unit[,source]`, { field: 'file' });
  }
  const out: RawActivityRow[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((v) => v.trim() === '')) return;
    const row: RawActivityRow = { line: i + 2 };
    fields.forEach((f, j) => {
      if (f) (row as unknown as Record<string, unknown>)[f] = cells[j] ?? null;
    });
    out.push(row);
  });
  if (!out.length) throw new AppError('invalid', 'the file has a header but no data rows', { field: 'file' });
  return out;
}
