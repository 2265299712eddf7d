import { parse } from 'csv-parse/sync';
import { AppError } from '../../core/errors.js';
import type { RawRow } from './import-rows.js';

export const importFormats = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof importFormats)[number];

// The template's bilingual headers and the plain names people type, by field.
const headerAliases: Record<string, string[]> = {
  code: ['指标代码 code', 'code', '指标代码', 'indicator', 'indicator code'],
  region: ['区划代码 region', 'region', '区划代码', 'region code'],
  year: ['年份 year', 'year', '年份'],
  value: ['数值 value', 'value', '数值', '值'],
  unit: ['单位 unit', 'unit', '单位'],
  source: ['来源 source', 'source', '来源', '数据来源'],
  sample: ['样例值 sample', 'sample', '样例值', '样例'],
  problems: ['问题对象 problems', 'problems', '问题对象', '问题清单'],
};
const fieldOf = new Map(Object.entries(headerAliases).flatMap(([field, names]) => names.map((n) => [n.toLowerCase(), field])));

/** The format of an import file from its name, or from its first bytes (an XLSX is a ZIP). */
export function formatOf(fileName: string | null, bytes: Buffer): ImportFormat {
  if (fileName?.toLowerCase().endsWith('.xlsx')) return 'xlsx';
  if (fileName?.toLowerCase().endsWith('.csv')) return 'csv';
  return bytes.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
}

/**
 * The rows of an import file (CSV in UTF-8, with or without a BOM, or the first sheet of an
 * XLSX), keyed by the template's columns; the header is row 1, so a row's `line` is the
 * spreadsheet's row number. Columns it does not know (names, notes) are ignored.
 */
export async function readImportFile(bytes: Buffer, format: ImportFormat): Promise<RawRow[]> {
  let table: unknown[][];
  if (format === 'csv') {
    try {
      table = parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      throw new AppError('invalid', `the file is not readable CSV: ${(err as Error).message}`, { field: 'file' });
    }
  } else {
    table = await readXlsx(bytes);
  }
  const [header, ...rows] = table;
  if (!header) throw new AppError('invalid', 'the file is empty: it needs a header row and data rows', { field: 'file' });
  const fields = header.map((h) => fieldOf.get(String(h ?? '').trim().replace(/\s+/g, ' ').toLowerCase()) ?? null);
  for (const needed of ['code', 'region', 'year', 'value', 'source']) {
    if (!fields.includes(needed)) throw new AppError('invalid', `the file has no ${needed} column (${headerAliases[needed]![0]}): start from \`citywork checkup template\``, { field: 'file' });
  }
  const out: RawRow[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((v) => v === null || v === undefined || String(v).trim() === '')) return;
    const row: RawRow = { line: i + 2 };
    fields.forEach((f, j) => {
      if (f) (row as unknown as Record<string, unknown>)[f] = cells[j] ?? null;
    });
    out.push(row);
  });
  return out;
}

async function readXlsx(bytes: Buffer): Promise<unknown[][]> {
  // read-excel-file is loaded when an XLSX arrives, not at every start.
  let read: (input: Buffer) => Promise<{ sheet: string; data: unknown[][] }[]>;
  try {
    read = (await import('read-excel-file/node')).default as unknown as typeof read;
  } catch {
    throw new AppError('unavailable', 'reading XLSX needs the read-excel-file package; install it, or import the CSV template', { field: 'file' });
  }
  try {
    const sheets = await read(bytes);
    return sheets[0]?.data ?? [];
  } catch (err) {
    throw new AppError('invalid', `the file is not a readable XLSX workbook: ${(err as Error).message}`, { field: 'file' });
  }
}
