import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { PackLoader } from '../../core/pack.js';
import type { CoreTables } from '../../core/db/tables.js';
import { categoriesFileSchema, dispatchFileSchema, hotlineFiles, type Attribute } from './pack-schema.js';
import { coversYear, localDate, parseCalendar, type WorkingCalendar } from './calendar.js';
import { parseDeadlinePolicy, type DeadlinePolicy } from './deadlines.js';
import type { DispatchRule } from './dispatch.js';
import type { HotlineTables } from './tables.js';

/** One node of the taxonomy, with its path of names from the top. */
export interface Category {
  code: string;
  parent: string | null;
  level: number;
  name: string;
  nameEn: string;
  keywords: string[];
  tier: string | null;
  description: string | null;
  attributes: Attribute[];
  /** 城乡建设/市政设施/路灯 */
  path: string;
  pathEn: string;
}

/** Everything the hotline knows of a city's rules, read once and cached until they change. */
export interface Catalog {
  cityCode: string;
  categories: Map<string, Category>;
  rules: DispatchRule[];
  fallback: { withRegion: string; withoutRegion: string };
  transferTargets: { code: string; name: string; nameEn: string; contact?: string }[];
  autoDispatch: boolean;
  policy: DeadlinePolicy;
  calendar: WorkingCalendar;
  stamp: string;
  /** When this copy last compared `stamp` with the stored one (ms since the epoch). */
  checkedAt: number;
}

function parseFile<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown, file: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new AppError('invalid', `${file}: ${field || '(root)'}: ${issue.message}`, { field: `${file}:${field}` });
  }
  return parsed.data;
}

/**
 * The pack loader of the hotline's rules: the taxonomy, the dispatch catalog, the deadline
 * policy and the working calendar. All four files come together; each is checked against
 * the others (a rule's category exists, a tier a category forces exists, an organisation a
 * rule names exists) before anything is written.
 */
export const catalogPackLoader: PackLoader = {
  name: 'hotline.catalog',
  after: ['core.orgs', 'regions.divisions'],
  committed: (k, cityCode) => void cache.get(k)?.delete(cityCode),
  async load({ has, readJson, trx, ctx }): Promise<Record<string, number>> {
    const present = Object.entries(hotlineFiles).filter(([key, f]) => key !== 'kb' && has(f));
    if (present.length === 0) return {};
    for (const [key, f] of Object.entries(hotlineFiles)) if (key !== 'kb' && !has(f)) throw new AppError('invalid', `the pack has hotline files but not ${f}`, { field: f });
    const categories = parseFile(categoriesFileSchema, await readJson(hotlineFiles.categories), hotlineFiles.categories).categories;
    const dispatch = parseFile(dispatchFileSchema, await readJson(hotlineFiles.dispatch), hotlineFiles.dispatch);
    const deadlinesRaw = await readJson(hotlineFiles.deadlines);
    const calendarRaw = await readJson(hotlineFiles.calendar);
    const policy = parseDeadlinePolicy(deadlinesRaw);
    parseCalendar(calendarRaw);

    const codes = new Set<string>();
    const tiers = new Set(policy.tiers.map((t) => t.code));
    categories.forEach((c, i) => {
      const field = `${hotlineFiles.categories}:categories.${i}`;
      if (codes.has(c.code)) throw new AppError('invalid', `${hotlineFiles.categories}: categories.${i}.code: ${c.code} is listed twice`, { field: `${field}.code` });
      const parent = c.code.length > 2 ? c.code.slice(0, c.code.length - 2) : null;
      if (parent && !codes.has(parent)) throw new AppError('invalid', `${hotlineFiles.categories}: categories.${i}.code: ${c.code} comes before its parent ${parent}`, { field: `${field}.code` });
      if (c.tier && !tiers.has(c.tier)) throw new AppError('invalid', `${hotlineFiles.categories}: categories.${i}.tier: no deadline tier ${c.tier}`, { field: `${field}.tier` });
      codes.add(c.code);
    });
    const ids = new Set<number>();
    const orgCodes = new Set((await trx.selectFrom('core_orgs').select('code').where('city_code', '=', ctx.cityCode).where('active', '=', true).execute()).map((o) => o.code));
    dispatch.rules.forEach((r, i) => {
      const field = `${hotlineFiles.dispatch}:rules.${i}`;
      if (ids.has(r.id)) throw new AppError('invalid', `${hotlineFiles.dispatch}: rules.${i}.id: rule ${r.id} is listed twice`, { field: `${field}.id` });
      ids.add(r.id);
      if (r.category !== '*' && !codes.has(r.category)) throw new AppError('invalid', `${hotlineFiles.dispatch}: rules.${i}.category: no category ${r.category}`, { field: `${field}.category` });
      if (!r.target.startsWith('@') && !orgCodes.has(r.target)) throw new AppError('invalid', `${hotlineFiles.dispatch}: rules.${i}.target: no organisation ${r.target}`, { field: `${field}.target` });
    });

    const db = trx.withTables<HotlineTables>();
    const now = new Date();
    await db.updateTable('hotline_categories').set({ active: false, updated_at: now }).where('city_code', '=', ctx.cityCode).execute();
    for (let i = 0; i < categories.length; i += 200) {
      await db
        .insertInto('hotline_categories')
        .values(
          categories.slice(i, i + 200).map((c) => ({
            city_code: ctx.cityCode,
            code: c.code,
            parent: c.code.length > 2 ? c.code.slice(0, -2) : null,
            level: c.code.length / 2,
            name: c.name,
            name_en: c.nameEn,
            keywords: c.keywords,
            tier: c.tier ?? null,
            description: c.description ?? null,
            attributes: JSON.stringify(c.attributes),
            active: true,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['city_code', 'code']).doUpdateSet((eb) => ({
            parent: eb.ref('excluded.parent'),
            level: eb.ref('excluded.level'),
            name: eb.ref('excluded.name'),
            name_en: eb.ref('excluded.name_en'),
            keywords: eb.ref('excluded.keywords'),
            tier: eb.ref('excluded.tier'),
            description: eb.ref('excluded.description'),
            attributes: eb.ref('excluded.attributes'),
            active: true,
            updated_at: now,
          })),
        )
        .execute();
    }
    await db.deleteFrom('hotline_dispatch_rules').where('city_code', '=', ctx.cityCode).execute();
    for (let i = 0; i < dispatch.rules.length; i += 500) {
      await db
        .insertInto('hotline_dispatch_rules')
        .values(dispatch.rules.slice(i, i + 500).map((r) => ({ city_code: ctx.cityCode, id: r.id, category: r.category, region: r.region, target: r.target, note: r.note ?? null })))
        .execute();
    }
    const settings = {
      deadlines: JSON.stringify(deadlinesRaw),
      calendar: JSON.stringify(calendarRaw),
      dispatch_fallback: JSON.stringify(dispatch.fallback),
      transfer_targets: JSON.stringify(dispatch.transferTargets),
      auto_dispatch: dispatch.autoDispatch,
      updated_at: now,
    };
    await db
      .insertInto('hotline_settings')
      .values({ city_code: ctx.cityCode, ...settings })
      .onConflict((oc) => oc.column('city_code').doUpdateSet(settings))
      .execute();
    return { categories: categories.length, rules: dispatch.rules.length, tiers: policy.tiers.length, transferTargets: dispatch.transferTargets.length };
  },
};

const cache = new WeakMap<object, Map<string, Catalog>>();

/** How long a copy trusts its cached catalog before it checks the stored stamp again. */
const recheckMs = 2000;

/**
 * The city's catalog, rebuilt when the stored settings changed. A pack imported by this copy
 * drops the cache at once; one imported by another copy is seen within `recheckMs` (the
 * check is one indexed read, made at most that often: intake asks for the catalog every time).
 */
export async function loadCatalog(k: Kernel, cityCode: string, db: Kysely<CoreTables> | Transaction<CoreTables> = k.db): Promise<Catalog> {
  const byCity = cache.get(k) ?? new Map<string, Catalog>();
  cache.set(k, byCity);
  const hit = byCity.get(cityCode);
  if (hit && Date.now() - hit.checkedAt < recheckMs) return hit;
  const h = db.withTables<HotlineTables>();
  const settings = await h.selectFrom('hotline_settings').selectAll().where('city_code', '=', cityCode).executeTakeFirst();
  if (!settings) throw new AppError('unavailable', `city ${cityCode} has no hotline catalog: import a city pack with hotline/ files`);
  const stamp = settings.updated_at.toISOString();
  if (hit && hit.stamp === stamp) {
    hit.checkedAt = Date.now();
    return hit;
  }

  const rows = await h.selectFrom('hotline_categories').selectAll().where('city_code', '=', cityCode).where('active', '=', true).orderBy('code').execute();
  const categories = new Map<string, Category>();
  for (const r of rows) {
    const parent = r.parent ? categories.get(r.parent) : undefined;
    categories.set(r.code, {
      code: r.code,
      parent: r.parent,
      level: r.level,
      name: r.name,
      nameEn: r.name_en,
      keywords: r.keywords,
      tier: r.tier,
      description: r.description,
      attributes: r.attributes as Attribute[],
      path: parent ? `${parent.path}/${r.name}` : r.name,
      pathEn: parent ? `${parent.pathEn} / ${r.name_en}` : r.name_en,
    });
  }
  const rules = await h.selectFrom('hotline_dispatch_rules').select(['id', 'category', 'region', 'target', 'note']).where('city_code', '=', cityCode).orderBy('id').execute();
  const catalog: Catalog = {
    cityCode,
    categories,
    rules,
    fallback: settings.dispatch_fallback,
    transferTargets: settings.transfer_targets,
    autoDispatch: settings.auto_dispatch,
    policy: parseDeadlinePolicy(settings.deadlines),
    calendar: parseCalendar(settings.calendar),
    stamp,
    checkedAt: Date.now(),
  };
  byCity.set(cityCode, catalog);
  // Working-time deadlines in a year the pack lists no holidays for count weekends only.
  const year = Number(localDate(catalog.calendar, k.clock.now()).slice(0, 4));
  const missing = [year, year + 1].filter((y) => !coversYear(catalog.calendar, y));
  if (missing.length) k.logger.warn({ cityCode, years: missing }, 'the working calendar lists no public holidays for these years: working-time deadlines count weekends only; update the pack when the State Council publishes them');
  return catalog;
}

/** A category by code, or the `invalid` error naming the field. */
export function requireCategory(catalog: Catalog, code: string, field = 'category'): Category {
  const c = catalog.categories.get(code);
  if (!c) throw new AppError('invalid', `no category ${code} in this city's taxonomy`, { field });
  return c;
}
