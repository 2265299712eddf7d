import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { PackLoader } from '../../core/pack.js';
import { findRegion } from '../regions/index.js';
import { parseLibrary } from './indicator-schema.js';
import { c, loadLibrary, writeLibrary } from './library-store.js';
import { validateRows } from './import-rows.js';
import { writeValues } from './values-store.js';

export const libraryFile = 'checkup/indicators.json';
export const valuesFile = 'checkup/values.json';

const problem = z.strictObject({ type: z.string().optional(), id: z.string().min(1), name: z.string().min(1), detail: z.string().optional() });
/** `checkup/values.json`: published figures, each with its source; invented ones marked `sample`. */
export const valuesFileSchema = z.strictObject({
  source: z.string().min(1),
  notes: z.string().optional(),
  values: z.array(
    z.strictObject({
      code: z.string(),
      region: z.string(),
      year: z.number().int(),
      value: z.number().optional(),
      source: z.string().min(1),
      sample: z.boolean().default(false),
      note: z.string().optional(),
      problems: z.array(problem).optional(),
    }),
  ),
});

/** The pack loader of `checkup/indicators.json`: the library, its settings, and new standard versions where the pack changed one. */
export const libraryPackLoader: PackLoader = {
  name: 'checkup.library',
  after: ['core.city'],
  async load({ has, readJson, trx, ctx }): Promise<Record<string, number>> {
    if (!has(libraryFile)) return {};
    return writeLibrary(trx, ctx.cityCode, parseLibrary(await readJson(libraryFile), libraryFile), ctx.actor?.label ?? 'pack');
  },
};

/**
 * The pack loader of `checkup/values.json`, checked row by row as an import is (the first error
 * names its entry); a value an operator imported is not overwritten by the pack's.
 */
export const valuesPackLoader: PackLoader = {
  name: 'checkup.values',
  after: ['checkup.library', 'regions.divisions'],
  async load({ has, readJson, trx, ctx, progress }): Promise<Record<string, number>> {
    if (!has(valuesFile)) return {};
    const parsed = valuesFileSchema.safeParse(await readJson(valuesFile));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      throw new AppError('invalid', `${valuesFile}: ${field || '(root)'}: ${issue.message}`, { field: `${valuesFile}:${field}` });
    }
    const lib = await loadLibrary(trx, ctx.cityCode);
    const entries = parsed.data.values;
    const regions = new Set<string>();
    for (const code of new Set(entries.map((e) => e.region))) {
      if (/^\d{2,12}$/.test(code) && (await findRegion(trx, ctx.cityCode, code.padEnd(12, '0')))) regions.add(code.padEnd(12, '0'));
    }
    const rows = entries.map((e, i) => ({ line: i, code: e.code, region: e.region, year: e.year, value: e.value ?? null, source: e.source, sample: e.sample, problems: e.problems }));
    const { clean, errors } = validateRows(rows, { indicators: lib.byCode, regionExists: (r) => regions.has(r), years: { min: 1949, max: 2200 } });
    if (errors.length) {
      const e = errors[0]!;
      throw new AppError('invalid', `${valuesFile}: values.${e.line}.${e.field}: ${e.message.en}${e.value ? ` (${e.value})` : ''}${errors.length > 1 ? `; and ${errors.length - 1} more` : ''}`, { field: `${valuesFile}:values.${e.line}.${e.field}`, details: { errors } });
    }
    const imported = await c(trx).selectFrom('checkup_values').select(['code', 'region_code', 'year']).where('city_code', '=', ctx.cityCode).where('origin', '=', 'import').execute();
    const keep = new Set(imported.map((r) => `${r.code}|${r.region_code}|${r.year}`));
    const fresh = clean.filter((r) => !keep.has(`${r.code}|${r.regionCode}|${r.year}`));
    const w = await writeValues(trx, ctx.cityCode, fresh, { origin: 'pack' });
    progress(entries.length, entries.length);
    return { values: w.values, problems: w.problems, keptImported: clean.length - fresh.length, samples: fresh.filter((r) => r.sample).length };
  },
};
