import { readFile } from 'node:fs/promises';
import { AppError } from '../../../core/errors.js';
import { parseCsv } from './csv.js';

/** One row of a category taxonomy: a level-1 category and the names below it. */
export interface TaxonomyRow {
  level1: string;
  level2: string;
  level3: string;
}

/** Reads a taxonomy CSV whose first three columns are levels 1, 2 and 3 (一级分类,二级分类,三级分类). */
export async function readTaxonomyCsv(file: string): Promise<TaxonomyRow[]> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`}`, { cause: err, field: 'taxonomy' });
  }
  const rows = parseCsv(data, file);
  rows.shift();
  const out = rows.map(([level1 = '', level2 = '', level3 = '']) => ({ level1: level1.trim(), level2: level2.trim(), level3: level3.trim() }));
  if (!out.length || out.some((r) => !r.level1)) throw new AppError('invalid', `${file} is no taxonomy: every row needs 一级分类,二级分类,三级分类`, { field: 'taxonomy' });
  return out;
}

// "Other" says nothing about a category.
const other = new Set(['其他', '其它']);

/**
 * The taxonomy as pseudo-documents: for each level-2 category of a known label, its name
 * and its level-3 names, to be learnt as a short message of that label.
 */
export function taxonomyDocuments(rows: TaxonomyRow[], labels: string[]): { label: string; text: string }[] {
  const known = new Set(labels);
  const groups = new Map<string, { label: string; names: string[] }>();
  for (const r of rows) {
    if (!known.has(r.level1)) continue;
    const key = `${r.level1}\u0000${r.level2}`;
    const g = groups.get(key) ?? { label: r.level1, names: other.has(r.level2) ? [] : [r.level2] };
    if (!other.has(r.level3)) g.names.push(r.level3);
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.names.length).map((g) => ({ label: g.label, text: g.names.join('，') }));
}
