import type { ColumnType, Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { PackLoader } from '../../core/pack.js';
import { hotlineFiles } from './pack-schema.js';
import type { HotlineTables } from './tables.js';

/**
 * How far and how long back the city looks for an open case that is the same request
 * (重复诉求), per category prefix: the pack's optional `hotline/duplicates.json`, its table,
 * and the rule for one category.
 */

/** The table of duplicate settings, as Kysely sees it. */
export type DuplicatesTables = {
  hotline_duplicate_rules: {
    city_code: string;
    /** A category code or its prefix; `*` for the city's default. */
    category: string;
    radius_m: number;
    window_days: number;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
};

/** Where the settings are in a city pack. */
export const duplicatesFile = 'hotline/duplicates.json';

/** Without a pack file: 250 m around the place, the last 7 days. */
export const duplicateDefaults = { radiusM: 250, windowDays: 7 } as const;

const radiusM = z.number().positive().max(50_000, 'must be at most 50000 m');
const windowDays = z.number().int().min(1).max(365);

/** `hotline/duplicates.json`: the city's default radius and window, and those of categories that differ. */
export const duplicatesFileSchema = z.strictObject({
  generatedBy: z.string().optional(),
  radiusM: radiusM.default(duplicateDefaults.radiusM),
  windowDays: windowDays.default(duplicateDefaults.windowDays),
  /** The longest matching prefix wins: `0101` covers every category under it unless a longer code is listed. */
  categories: z
    .array(z.strictObject({ category: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits'), radiusM, windowDays: windowDays.optional(), note: z.string().optional() }))
    .default([]),
});
export type DuplicatesFile = z.infer<typeof duplicatesFileSchema>;

/** The radius and window that apply to one category. */
export interface DuplicateRule {
  radiusM: number;
  windowDays: number;
  /** The prefix the rule came from: a category code, `*` for the city's default, null for the built-in default. */
  from: string | null;
}

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
const tables = (db: Db) => db.withTables<HotlineTables & DuplicatesTables>();

/** The rule for a category (or for a request without one): the longest listed prefix, else the city's default. */
export async function duplicateRule(db: Db, cityCode: string, category: string | null): Promise<DuplicateRule> {
  const rows = await tables(db).selectFrom('hotline_duplicate_rules').select(['category', 'radius_m', 'window_days']).where('city_code', '=', cityCode).execute();
  const fits = rows.filter((r) => r.category === '*' || (category !== null && category.startsWith(r.category)));
  const best = fits.sort((a, b) => (b.category === '*' ? 0 : b.category.length) - (a.category === '*' ? 0 : a.category.length))[0];
  return best ? { radiusM: best.radius_m, windowDays: best.window_days, from: best.category } : { ...duplicateDefaults, from: null };
}

/**
 * The pack loader of `hotline/duplicates.json`. A pack with hotline files but without this
 * one puts the city back on the defaults; a pack without hotline files leaves it alone.
 */
export const duplicatesPackLoader: PackLoader = {
  name: 'hotline.duplicates',
  after: ['hotline.catalog'],
  async load({ has, readJson, trx, ctx }): Promise<Record<string, number>> {
    if (!has(duplicatesFile) && !has(hotlineFiles.categories)) return {};
    const db = tables(trx);
    const file = has(duplicatesFile) ? parse(await readJson(duplicatesFile)) : null;
    if (file) {
      const known = new Set((await db.selectFrom('hotline_categories').select('code').where('city_code', '=', ctx.cityCode).where('active', '=', true).execute()).map((c) => c.code));
      const seen = new Set<string>();
      file.categories.forEach((c, i) => {
        const field = `categories.${i}.category`;
        if (!known.has(c.category)) fail(field, `no category ${c.category} in the city's taxonomy`);
        if (seen.has(c.category)) fail(field, `${c.category} is listed twice`);
        seen.add(c.category);
      });
    }
    await db.deleteFrom('hotline_duplicate_rules').where('city_code', '=', ctx.cityCode).execute();
    if (!file) return { duplicateRules: 0 };
    const now = new Date();
    const rows = [{ category: '*', radius_m: file.radiusM, window_days: file.windowDays }, ...file.categories.map((c) => ({ category: c.category, radius_m: c.radiusM, window_days: c.windowDays ?? file.windowDays }))];
    await db
      .insertInto('hotline_duplicate_rules')
      .values(rows.map((r) => ({ city_code: ctx.cityCode, ...r, updated_at: now })))
      .execute();
    return { duplicateRules: rows.length };
  },
};

function parse(raw: unknown): DuplicatesFile {
  const parsed = duplicatesFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
  return fail(path.join('.'), issue.message);
}

function fail(field: string, message: string): never {
  throw new AppError('invalid', `${duplicatesFile}: ${field || '(root)'}: ${message}`, { field: `${duplicatesFile}:${field}` });
}
