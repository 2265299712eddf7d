import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { AppError } from '../../../core/errors.js';

/** A citizen's message as the classifier reads it; `label` when the file has one, `reply` the government's answer if any. */
export interface Message {
  title: string;
  text: string;
  label?: string;
  reply?: string;
}

/** Which columns of a message CSV hold what. */
export interface MessageColumns {
  /** The first is the title (weighted more), the others are joined into the text. */
  textColumns?: readonly string[];
  /** The label column; required when given, absent from unlabelled files. */
  labelColumn?: string;
  /** The column of replies, used only where present (答复意见 names the responsible department). */
  replyColumn?: string;
}

/** The columns of the 12345 message board's exports (留言主题 title, 留言详情 text, 一级分类 label, 答复意见 reply). */
export const defaultColumns: { readonly textColumns: readonly string[]; readonly labelColumn: string; readonly replyColumn: string } = { textColumns: ['留言主题', '留言详情'], labelColumn: '一级分类', replyColumn: '答复意见' };

/** Reads the messages of a CSV file (UTF-8, a header row, RFC 4180 quoting). */
export async function readMessageCsv(file: string, columns: MessageColumns = {}): Promise<Message[]> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`}`, { cause: err });
  }
  return parseMessageCsv(data, columns, file);
}

/** Parses message CSV text; `name` says which file in error messages. */
export function parseMessageCsv(data: string | Buffer, { textColumns = [...defaultColumns.textColumns], labelColumn, replyColumn }: MessageColumns = {}, name = 'the CSV'): Message[] {
  if (!textColumns.length) throw new AppError('invalid', 'at least one text column is needed', { field: 'text-columns' });
  const rows = parseCsv(data, name);
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const column = (c: string, field: string) => {
    const i = header.indexOf(c);
    if (i < 0) throw new AppError('invalid', `${name} has no column ${c}; its columns are ${header.join(',') || '(none)'}`, { field });
    return i;
  };
  const text = textColumns.map((c) => column(c, 'text-columns'));
  const label = labelColumn === undefined ? -1 : column(labelColumn, 'label-column');
  const reply = replyColumn === undefined ? -1 : header.indexOf(replyColumn);
  return rows.map((r) => {
    const m: Message = { title: (r[text[0]!] ?? '').trim(), text: text.slice(1).map((i) => (r[i] ?? '').trim()).join('\n') };
    if (label >= 0) m.label = (r[label] ?? '').trim();
    if (reply >= 0 && r[reply]) m.reply = r[reply];
    return m;
  });
}

let parser: typeof import('csv-parse/sync').parse | null = null;

/** The rows of CSV text (RFC 4180, a UTF-8 BOM dropped); `name` says which file in the error. */
export function parseCsv(data: string | Buffer, name: string): string[][] {
  // Loaded on first use: the service, which imports this module, never reads a CSV.
  parser ??= (createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync')).parse;
  try {
    return parser(data, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new AppError('invalid', `${name} is not valid CSV: ${(err as Error).message}`, { cause: err });
  }
}
