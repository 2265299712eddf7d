import { AppError } from '../../core/errors.js';
import type { PackLoader } from '../../core/pack.js';
import type { Kernel } from '../../core/kernel.js';
import { catalogFileSchema, monitoringFiles, type CatalogFile } from './pack-schema.js';
import { bumpRegistryVersion, mdb } from './versions.js';

/** A metric as the catalogue defines it: its unit, the spellings of it a device may send, its valid range. */
export interface Metric {
  name: string;
  unit: string;
  unitAliases: string[];
  min: number;
  max: number;
  nameZh: string;
  nameEn: string;
  description: string | null;
}

/** An asset type: what it is called, its shape, and the metrics its devices usually report. */
export interface AssetType {
  code: string;
  name: string;
  nameEn: string;
  geometry: 'point' | 'line' | 'polygon';
  metrics: string[];
  description: string | null;
}

/** Parses a pack file with its schema, naming the file and field at fault. */
export function parsePackFile<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown, file: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new AppError('invalid', `${file}: ${field || '(root)'}: ${issue.message}`, { field: `${file}:${field}` });
}

/** Checks the catalogue's own consistency: names unique, ranges ordered, asset types' metrics defined. */
export function checkCatalog(c: CatalogFile): void {
  const file = monitoringFiles.catalog;
  const names = new Set<string>();
  c.metrics.forEach((m, i) => {
    if (names.has(m.name)) throw new AppError('invalid', `${file}: metrics.${i}.name: ${m.name} is listed twice`, { field: `${file}:metrics.${i}.name` });
    if (!(m.min <= m.max)) throw new AppError('invalid', `${file}: metrics.${i}: min ${m.min} is above max ${m.max}`, { field: `${file}:metrics.${i}.min` });
    names.add(m.name);
  });
  const codes = new Set<string>();
  c.assetTypes.forEach((t, i) => {
    if (codes.has(t.code)) throw new AppError('invalid', `${file}: assetTypes.${i}.code: ${t.code} is listed twice`, { field: `${file}:assetTypes.${i}.code` });
    codes.add(t.code);
    const unknown = t.metrics.find((m) => !names.has(m));
    if (unknown) throw new AppError('invalid', `${file}: assetTypes.${i}.metrics: ${unknown} is not in the metric catalogue`, { field: `${file}:assetTypes.${i}.metrics` });
  });
}

/** The pack loader of the metric catalogue and the asset types (`monitoring/catalog.json`); an upsert. */
export const catalogPackLoader: PackLoader = {
  name: 'monitoring.catalog',
  after: ['core.city'],
  async load({ has, readJson, trx, manifest }): Promise<Record<string, number>> {
    if (!has(monitoringFiles.catalog)) return {};
    const catalog = parsePackFile(catalogFileSchema, await readJson(monitoringFiles.catalog), monitoringFiles.catalog);
    checkCatalog(catalog);
    const city = manifest.city.code;
    const now = new Date();
    await mdb(trx)
      .insertInto('monitoring_metrics')
      .values(catalog.metrics.map((m) => ({ city_code: city, name: m.name, unit: m.unit, unit_aliases: m.unitAliases, min_value: m.min, max_value: m.max, name_zh: m.nameZh, name_en: m.nameEn, description: m.description ?? null, updated_at: now })))
      .onConflict((oc) =>
        oc.columns(['city_code', 'name']).doUpdateSet((eb) => ({
          unit: eb.ref('excluded.unit'),
          unit_aliases: eb.ref('excluded.unit_aliases'),
          min_value: eb.ref('excluded.min_value'),
          max_value: eb.ref('excluded.max_value'),
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          description: eb.ref('excluded.description'),
          updated_at: now,
        })),
      )
      .execute();
    await mdb(trx)
      .insertInto('monitoring_asset_types')
      .values(catalog.assetTypes.map((t) => ({ city_code: city, code: t.code, name: t.name, name_en: t.nameEn, geometry_kind: t.geometry, metrics: t.metrics, description: t.description ?? null, updated_at: now })))
      .onConflict((oc) =>
        oc.columns(['city_code', 'code']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          geometry_kind: eb.ref('excluded.geometry_kind'),
          metrics: eb.ref('excluded.metrics'),
          description: eb.ref('excluded.description'),
          updated_at: now,
        })),
      )
      .execute();
    await bumpRegistryVersion(trx, city);
    return { metrics: catalog.metrics.length, assetTypes: catalog.assetTypes.length };
  },
};

/** The city's metric catalogue and asset types, as stored. */
export async function readCatalog(k: Kernel, cityCode: string): Promise<{ metrics: Metric[]; assetTypes: AssetType[] }> {
  const db = mdb(k.db);
  const metrics = await db.selectFrom('monitoring_metrics').selectAll().where('city_code', '=', cityCode).orderBy('name').execute();
  const types = await db.selectFrom('monitoring_asset_types').selectAll().where('city_code', '=', cityCode).orderBy('code').execute();
  return {
    metrics: metrics.map((m) => ({ name: m.name, unit: m.unit, unitAliases: m.unit_aliases, min: m.min_value, max: m.max_value, nameZh: m.name_zh, nameEn: m.name_en, description: m.description })),
    assetTypes: types.map((t) => ({ code: t.code, name: t.name, nameEn: t.name_en, geometry: t.geometry_kind, metrics: t.metrics, description: t.description })),
  };
}
