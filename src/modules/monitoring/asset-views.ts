import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { MonitoringTables } from './tables.js';

type AssetRow = Selectable<MonitoringTables['monitoring_assets']>;
type DeviceRow = Selectable<MonitoringTables['monitoring_devices']>;

export const assetViewSchema = z.object({
  id: z.string(),
  code: z.string().nullable(),
  type: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  geometry: z.unknown().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  regionCode: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  simulated: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssetView = z.infer<typeof assetViewSchema>;

const latestSchema = z.object({ ts: z.string(), value: z.number() }).nullable();

export const deviceViewSchema = z.object({
  id: z.string(),
  assetId: z.string(),
  model: z.string().nullable(),
  active: z.boolean(),
  simulated: z.boolean(),
  properties: z.record(z.string(), z.unknown()),
  metrics: z.array(z.object({ name: z.string(), unit: z.string().nullable(), latest: latestSchema })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeviceView = z.infer<typeof deviceViewSchema>;

export const assetDetailSchema = assetViewSchema.extend({ devices: z.array(deviceViewSchema) });
export type AssetDetail = z.infer<typeof assetDetailSchema>;

/** The API's view of an asset row. */
export function assetView(r: AssetRow): AssetView {
  return {
    id: r.id,
    code: r.code,
    type: r.type,
    name: r.name,
    nameEn: r.name_en,
    lon: r.lon,
    lat: r.lat,
    geometry: r.geometry ?? null,
    bbox: [r.bbox_west, r.bbox_south, r.bbox_east, r.bbox_north],
    regionCode: r.region_code,
    properties: r.properties ?? {},
    simulated: r.simulated,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The API's view of a device row, with each metric's unit and latest value. */
export function deviceView(r: DeviceRow, units: Map<string, string>, latest: Map<string, { ts: Date; value: number }>): DeviceView {
  return {
    id: r.id,
    assetId: r.asset_id,
    model: r.model,
    active: r.active,
    simulated: r.simulated,
    properties: r.properties ?? {},
    metrics: r.metrics.map((name) => {
      const l = latest.get(`${r.id}\u0000${name}`);
      return { name, unit: units.get(name) ?? null, latest: l ? { ts: l.ts.toISOString(), value: l.value } : null };
    }),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
