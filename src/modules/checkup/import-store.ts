import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { c, loadLibrary } from './library-store.js';
import { readImportFile, formatOf, type ImportFormat } from './import-file.js';
import { rowReasons, validateRows, type RawRow, type RowError } from './import-rows.js';
import { existingRegions } from './region-tree.js';
import { writeValues } from './values-store.js';

/** What an import did, row by row. */
export interface ImportReport {
  /** The import's record (`imp_…`); null for a dry run. */
  id: string | null;
  status: 'applied' | 'partial' | 'rejected' | 'checked';
  rows: number;
  applied: number;
  errors: RowError[];
  problems: number;
}

/** How to import: all or nothing (the default), or the good rows only; a dry run checks and writes nothing. */
export interface ImportOptions {
  fileName?: string | null;
  format?: ImportFormat;
  partial?: boolean;
  dryRun?: boolean;
}

/**
 * Imports indicator values from a filled-in template (CSV or XLSX). Every row is checked first
 * and every error reported with its row, field and reason. By default a file with any bad row
 * changes nothing (the import is recorded as rejected, with its errors, and the call fails);
 * `partial` applies the good rows and reports the rest; either way the good rows go in one
 * transaction with the import's record and audit entry.
 */
export async function importValues(k: Kernel, ctx: RequestContext, bytes: Buffer, o: ImportOptions = {}): Promise<ImportReport> {
  k.policy.check(ctx.actor, { action: 'checkup.value.import' });
  const format = o.format ?? formatOf(o.fileName ?? null, bytes);
  const raw = await readImportFile(bytes, format);
  if (!raw.length) throw new AppError('invalid', 'the file has a header but no data rows', { field: 'file' });
  return importRows(k, ctx, raw, { ...o, format });
}

/** Checks and imports rows already read from a file (the CLI and API read files; tests may pass rows). */
export async function importRows(k: Kernel, ctx: RequestContext, raw: RawRow[], o: ImportOptions & { format: ImportFormat }): Promise<ImportReport> {
  k.policy.check(ctx.actor, { action: 'checkup.value.import' });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const codes = raw.map((r) => String(r.region ?? '').trim()).filter((r) => /^\d+$/.test(r) && [2, 4, 6, 9, 12].includes(r.length)).map((r) => r.padEnd(12, '0'));
  const regions = await existingRegions(k, ctx.cityCode, codes);
  const { clean, errors } = validateRows(raw, { indicators: lib.byCode, regionExists: (code) => regions.has(code), years: { min: 1949, max: k.clock.now().getUTCFullYear() + 1 } });
  // Imports write inside a user's jurisdiction only.
  for (const r of clean) k.policy.check(ctx.actor, { action: 'checkup.value.import', regionCode: r.regionCode });
  const base = { rows: raw.length, errors, problems: 0 };
  if (o.dryRun) return { id: null, status: 'checked', applied: 0, ...base };
  const id = newId('imp', k.clock.now());
  if (errors.length && !o.partial) {
    await record(k, ctx, id, o, raw.length, 0, errors, 'checkup.import.rejected');
    const report: ImportReport = { id, status: 'rejected', applied: 0, ...base };
    throw new AppError('invalid', `${errors.length} error(s) in ${new Set(errors.map((e) => e.line)).size} of ${raw.length} rows; nothing was imported`, { field: 'file', details: report });
  }
  try {
    const written = await k.transaction(async (trx) => {
      await c(trx).insertInto('checkup_imports').values({ id, city_code: ctx.cityCode, file_name: o.fileName ?? null, format: o.format, rows: raw.length, applied: clean.length, errors: JSON.stringify(errors), actor_label: ctx.actor?.label ?? 'anonymous', created_at: k.clock.now() }).execute();
      const w = await writeValues(trx, ctx.cityCode, clean, { origin: 'import', importId: id });
      await writeAudit(trx, ctx, { action: 'checkup.values.imported', resourceType: 'checkup_import', resourceId: id, after: { file: o.fileName ?? null, format: o.format, rows: raw.length, applied: clean.length, refused: errors.length, problems: w.problems } });
      return w;
    });
    return { id, status: errors.length ? 'partial' : 'applied', applied: clean.length, ...base, problems: written.problems };
  } catch (err) {
    // Something only the database could tell (a problem already in a project): nothing stays, the refusal is recorded.
    if (err instanceof AppError && err.kind === 'conflict') {
      const line = (err.details as { line?: number } | undefined)?.line ?? 0;
      const e: RowError = { line, field: 'problems', reason: 'problem_in_project', message: rowReasons.problem_in_project, value: err.message };
      await record(k, ctx, id, o, raw.length, 0, [...errors, e], 'checkup.import.rejected');
      throw new AppError('conflict', `${err.message}; nothing was imported`, { field: 'file', details: { id, status: 'rejected', rows: raw.length, applied: 0, errors: [...errors, e], problems: 0 } });
    }
    throw err;
  }
}

async function record(k: Kernel, ctx: RequestContext, id: string, o: ImportOptions & { format: ImportFormat }, rows: number, applied: number, errors: RowError[], action: string): Promise<void> {
  await k.transaction(async (trx) => {
    await c(trx).insertInto('checkup_imports').values({ id, city_code: ctx.cityCode, file_name: o.fileName ?? null, format: o.format, rows, applied, errors: JSON.stringify(errors), actor_label: ctx.actor?.label ?? 'anonymous', created_at: k.clock.now() }).execute();
    await writeAudit(trx, ctx, { action, resourceType: 'checkup_import', resourceId: id, after: { file: o.fileName ?? null, rows, refused: new Set(errors.map((e) => e.line)).size, errors: errors.slice(0, 50).map((e) => `${e.line}:${e.field}:${e.reason}`) } });
  });
}
