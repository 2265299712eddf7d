import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { PackLoader } from '../../core/pack.js';
import { caseKinds } from './pack-schema.js';
import type { ProactiveTables } from './proactive-tables.js';
import type { HotlineTables } from './tables.js';

/**
 * Proactive governance (未诉先办): a place where the same problem keeps being reported
 * becomes a task for its street office before the next call. This file holds the rule —
 * at least `minCases` cases of one category within `radiusM` metres in `windowDays` days —
 * its pack file, and the pure search for such places.
 */

/** The pack file that tunes the rule; without it the defaults apply. */
export const proactiveFile = 'hotline/proactive.json';

/** The schema of `hotline/proactive.json`: every field optional, with the defaults below. */
export const proactiveFileSchema = z.strictObject({
  generatedBy: z.string().optional(),
  notes: z.string().optional(),
  minCases: z.number().int().min(2).max(1000).default(3),
  radiusM: z.number().positive().max(5000).default(200),
  windowDays: z.number().int().min(1).max(366).default(30),
  /** Category codes or prefixes the rule watches; empty for every category. */
  categories: z.array(z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits')).default([]),
  /** Kinds of request that say nothing about a place (an inquiry), left out. */
  excludeKinds: z.array(z.enum(caseKinds)).default(['inquiry']),
});
export type ProactiveSettings = z.infer<typeof proactiveFileSchema>;

/** The rule with no pack file: 3 cases of a category within 200 m in 30 days. */
export const defaultProactiveSettings: ProactiveSettings = proactiveFileSchema.parse({});

/** Checks a `proactive.json`, naming the field at fault. */
export function parseProactiveSettings(raw: unknown): ProactiveSettings {
  const parsed = proactiveFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = [...issue.path, ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [])].map(String).join('.');
    throw new AppError('invalid', `${proactiveFile}: ${field || '(root)'}: ${issue.message}`, { field: `${proactiveFile}:${field}` });
  }
  return parsed.data;
}

/** The pack loader of `hotline/proactive.json`, after the catalog, whose categories it names. */
export const proactivePackLoader: PackLoader = {
  name: 'hotline.proactive',
  after: ['hotline.catalog'],
  async load({ has, readJson, trx, ctx }): Promise<Record<string, number>> {
    if (!has(proactiveFile)) return {};
    const settings = parseProactiveSettings(await readJson(proactiveFile));
    const known = new Set((await trx.withTables<HotlineTables>().selectFrom('hotline_categories').select('code').where('city_code', '=', ctx.cityCode).where('active', '=', true).execute()).map((r) => r.code));
    settings.categories.forEach((c, i) => {
      if (!known.has(c)) throw new AppError('invalid', `${proactiveFile}: categories.${i}: no category ${c}`, { field: `${proactiveFile}:categories.${i}` });
    });
    const json = JSON.stringify(settings);
    await trx
      .withTables<ProactiveTables>()
      .insertInto('hotline_proactive_settings')
      .values({ city_code: ctx.cityCode, settings: json })
      .onConflict((oc) => oc.column('city_code').doUpdateSet({ settings: json, updated_at: new Date() }))
      .execute();
    return { proactiveRules: 1 };
  },
};

/** A case as the search for recurring places needs it. */
export interface PlaceCase {
  id: string;
  category: string;
  lon: number;
  lat: number;
  region: string | null;
  at: Date;
}

/** A place where one category recurs: the centre of its cases and the cases. */
export interface RecurringPlace {
  category: string;
  lon: number;
  lat: number;
  radiusM: number;
  /** The region most of its cases are in. */
  region: string | null;
  caseIds: string[];
}

const metresPerDegree = 111_195;

/**
 * Places where at least `minCases` cases of one category lie within `radiusM` of one of
 * them. Greedy and deterministic: the case with the most such neighbours first (ties by
 * time, then id) takes its neighbours not yet taken; a case belongs to one place at most.
 */
export function recurringPlaces(cases: readonly PlaceCase[], { minCases = 3, radiusM = 200 }: { minCases?: number; radiusM?: number } = {}): RecurringPlace[] {
  if (radiusM <= 0) throw new AppError('invalid', 'radiusM must be > 0', { field: 'radiusM' });
  const byCategory = new Map<string, PlaceCase[]>();
  for (const c of cases) {
    const list = byCategory.get(c.category);
    if (list) list.push(c);
    else byCategory.set(c.category, [c]);
  }
  const out: RecurringPlace[] = [];
  for (const [category, list] of [...byCategory].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (list.length < minCases) continue;
    // Metres on a plane tangent at the category's mean latitude: exact enough at a few hundred metres.
    const cosLat = Math.cos(((list.reduce((s, c) => s + c.lat, 0) / list.length) * Math.PI) / 180);
    const xy = list.map((c) => [c.lon * metresPerDegree * cosLat, c.lat * metresPerDegree] as const);
    const grid = new Map<string, number[]>();
    const cellOf = (x: number, y: number) => `${Math.floor(x / radiusM)},${Math.floor(y / radiusM)}`;
    xy.forEach(([x, y], i) => {
      const key = cellOf(x, y);
      const bucket = grid.get(key);
      if (bucket) bucket.push(i);
      else grid.set(key, [i]);
    });
    const near = xy.map(([x, y]) => {
      const gx = Math.floor(x / radiusM);
      const gy = Math.floor(y / radiusM);
      const found: number[] = [];
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? []) if (Math.hypot(xy[j]![0] - x, xy[j]![1] - y) <= radiusM) found.push(j);
      return found;
    });
    const order = list.map((_, i) => i).sort((a, b) => near[b]!.length - near[a]!.length || list[a]!.at.getTime() - list[b]!.at.getTime() || (list[a]!.id < list[b]!.id ? -1 : 1));
    const taken = new Set<number>();
    for (const seed of order) {
      if (taken.has(seed) || near[seed]!.length < minCases) continue;
      const members = near[seed]!.filter((j) => !taken.has(j));
      if (members.length < minCases) continue;
      members.forEach((j) => taken.add(j));
      const group = members.map((j) => list[j]!);
      const regions = new Map<string, number>();
      for (const c of group) if (c.region) regions.set(c.region, (regions.get(c.region) ?? 0) + 1);
      out.push({
        category,
        lon: group.reduce((s, c) => s + c.lon, 0) / group.length,
        lat: group.reduce((s, c) => s + c.lat, 0) / group.length,
        radiusM,
        region: [...regions].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]))[0]?.[0] ?? null,
        caseIds: group.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1)).map((c) => c.id),
      });
    }
  }
  return out;
}
