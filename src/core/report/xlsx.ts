import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { cellText, type ReportDocument } from './document.js';

/** The report's tables as a workbook: one sheet per table, named after its section (numbers as numbers). */
export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const sheets: { data: SheetData; sheet: string; stickyRowsCount: number }[] = [];
  const names: string[] = [];
  for (const s of doc.sections) {
    for (const b of s.blocks) {
      if (b.kind !== 'table') continue;
      const sheet = sheetName(b.title ?? s.heading, names);
      names.push(sheet);
      sheets.push({
        sheet,
        stickyRowsCount: 1,
        data: [b.columns.map((c) => ({ value: c.label, type: String, fontWeight: 'bold' as const })), ...b.rows.map((r) => r.map((c) => cellOf(cellText(c))))],
      });
    }
  }
  if (!sheets.length) sheets.push({ sheet: 'report', stickyRowsCount: 0, data: [[{ value: doc.title, type: String }]] });
  return writeXlsxFile(sheets).toBuffer();
}

// A figure stays a number in the workbook ("95.2" → 95.2; "95.2%" stays text, with its unit).
function cellOf(text: string) {
  return /^-?\d+(\.\d+)?$/.test(text) ? { value: Number(text), type: Number } : { value: text, type: String };
}

// Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
function sheetName(title: string, taken: string[]): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28).trim() || 'sheet';
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base} ${i}`;
  return name;
}
