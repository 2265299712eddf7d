import { stringify } from 'csv-stringify/sync';
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';

/** One column of an export: its header and how a row gives its cell. */
export interface Column<R> {
  key: string;
  header: string;
  value: (row: R) => string | number | Date | boolean | null;
  /** In characters; XLSX only. Derived from the header and the cells when absent. */
  width?: number;
}

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** How a date is written as text; ISO 8601 in UTC by default. */
export type FormatDate = (d: Date) => string;

/**
 * Rows as CSV (RFC 4180 quoting, CRLF) in UTF-8 with a BOM, so Excel opens Chinese text
 * correctly. A text cell starting with = + - @ (or tab/CR) gets a leading apostrophe, so a
 * spreadsheet never runs it as a formula (OWASP CSV injection); numbers stay numbers.
 */
export function toCsv<R>(columns: Column<R>[], rows: Iterable<R>, { formatDate = isoDate }: { formatDate?: FormatDate } = {}): Buffer {
  const records: (string | number | null)[][] = [columns.map((c) => c.header)];
  for (const row of rows) records.push(columns.map((c) => csvCell(c.value(row), formatDate)));
  const text = stringify(records, { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true });
  return Buffer.from(text, 'utf8');
}

/**
 * Rows as an XLSX workbook of one sheet: a bold, frozen header row, column widths, and
 * dates as real Excel dates in `dateFormat` (or as text, when `formatDate` is given).
 * Excel dates carry no zone: `utcOffsetMinutes` (480 for China) shows them in local time.
 */
export async function toXlsx<R>(
  columns: Column<R>[],
  rows: Iterable<R>,
  { sheet = 'Sheet1', dateFormat = 'yyyy-mm-dd hh:mm:ss', utcOffsetMinutes = 0, formatDate }: { sheet?: string; dateFormat?: string; utcOffsetMinutes?: number; formatDate?: FormatDate } = {},
): Promise<Buffer> {
  const widths = columns.map((c) => displayWidth(c.header));
  const data: SheetData = [columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' }))];
  for (const row of rows) {
    data.push(
      columns.map((c, i) => {
        const cell = xlsxCell(c.value(row), { dateFormat, utcOffsetMinutes, formatDate });
        widths[i] = Math.max(widths[i]!, cellWidth(cell, dateFormat));
        return cell;
      }),
    );
  }
  const sheetColumns = columns.map((c, i) => ({ width: c.width ?? Math.min(60, Math.max(8, widths[i]! + 2)) }));
  return writeXlsxFile(data, { sheet: sheetName(sheet), columns: sheetColumns, stickyRowsCount: 1 }).toBuffer();
}

/** The Content-Type of an export format. */
export function exportContentType(format: ExportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

/**
 * A Content-Disposition for a download: an ASCII fallback `filename`, and `filename*` in
 * UTF-8 so Chinese names survive (RFC 6266, RFC 8187).
 */
export function contentDisposition(filename: string): string {
  const name = filename.replace(/[\\/\r\n\t\0]+/g, '_').trim() || 'download';
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const asciiStem = stem.replace(/[^\x20-\x7e]|["%;]/g, '_');
  const asciiExt = ext.replace(/[^\x20-\x7e]|["%;]/g, '_');
  const fallback = /[A-Za-z0-9]/.test(asciiStem) ? asciiStem + asciiExt : `download${asciiExt}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

function isoDate(d: Date): string {
  return d.toISOString();
}

function csvCell(value: string | number | Date | boolean | null | undefined, formatDate: FormatDate): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatDate(value);
  return value;
}

function xlsxCell(
  value: string | number | Date | boolean | null | undefined,
  { dateFormat, utcOffsetMinutes, formatDate }: { dateFormat: string; utcOffsetMinutes: number; formatDate?: FormatDate },
): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? { value, type: Number } : null;
  if (typeof value === 'boolean') return { value, type: Boolean };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    if (formatDate) return { value: formatDate(value), type: String };
    return { value: new Date(value.getTime() + utcOffsetMinutes * 60_000), type: Date, format: dateFormat };
  }
  // A String cell is text to Excel, never a formula: no apostrophe needed here.
  return { value, type: String };
}

function cellWidth(cell: Cell, dateFormat: string): number {
  if (cell === null || cell === undefined || typeof cell !== 'object' || !('value' in cell)) return 0;
  const v = cell.value;
  if (v instanceof Date) return dateFormat.length;
  return typeof v === 'string' ? displayWidth(v) : String(v).length;
}

// East Asian wide characters take two columns.
function displayWidth(text: string): number {
  let width = 0;
  for (const line of text.split('\n')) {
    let w = 0;
    for (const ch of line) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
    width = Math.max(width, w);
  }
  return width;
}

// Excel: at most 31 characters, none of : \ / ? * [ ].
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31).trim() || 'Sheet1';
}

function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
