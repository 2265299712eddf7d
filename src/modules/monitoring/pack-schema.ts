import { z } from 'zod';

/** Where a city pack keeps the monitoring module's files. */
export const monitoringFiles = { catalog: 'monitoring/catalog.json', assets: 'monitoring/assets.json' } as const;

/** A metric's name: lower-case words joined by `_`, its unit last where it has one (`pressure_mpa`). */
export const metricName = z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'must be lower_snake_case').max(64);

/** A device's own id, as it appears in its MQTT topic: no `/`, `+`, `#` or spaces. */
export const deviceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be 1–64 letters, digits, and . _ : - (no / + # or spaces)');

/** An asset type's code: `gas_pipe`, `rain_gauge`. */
export const assetTypeCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2–40 lower-case letters, digits and _');

export const geometryKinds = ['point', 'line', 'polygon'] as const;

const metricSchema = z.strictObject({
  name: metricName,
  unit: z.string().max(20),
  unitAliases: z.array(z.string().min(1).max(20)).default([]),
  min: z.number(),
  max: z.number(),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  description: z.string().max(2000).optional(),
});

const assetTypeSchema = z.strictObject({
  code: assetTypeCode,
  name: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  geometry: z.enum(geometryKinds).default('point'),
  metrics: z.array(metricName).default([]),
  description: z.string().max(2000).optional(),
});

/** `monitoring/catalog.json`: the metric catalogue (name, unit, valid range) and the asset types. */
export const catalogFileSchema = z.strictObject({
  metrics: z.array(metricSchema).min(1),
  assetTypes: z.array(assetTypeSchema).min(1),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type MetricDef = z.infer<typeof metricSchema>;

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const position = z.tuple([lon, lat]);

/** A line (pipe segment) or polygon (a pumping station's yard), WGS-84. */
export const assetGeometry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Point'), coordinates: position }),
  z.strictObject({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(10_000) }),
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(4).max(10_000)).min(1).max(100) }),
]);

/** A device as a pack or the API declares it: its own id and the metrics it reports. */
export const deviceInput = z.strictObject({
  id: deviceId,
  metrics: z.array(metricName).min(1).max(100),
  model: z.string().max(100).nullish(),
  properties: z.record(z.string(), z.unknown()).optional(),
  active: z.boolean().optional(),
  simulated: z.boolean().optional(),
});
export type DeviceInput = z.infer<typeof deviceInput>;

const packAsset = z.strictObject({
  code: z.string().min(1).max(64),
  type: assetTypeCode,
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).optional(),
  lon,
  lat,
  geometry: assetGeometry.optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  simulated: z.boolean().optional(),
  devices: z.array(deviceInput).default([]),
});

/** `monitoring/assets.json`: the city's monitored assets with their devices. */
export const assetsFileSchema = z.strictObject({
  /** True when every asset of the file is made up (a demo): marks each asset and device. */
  simulated: z.boolean().default(false),
  description: z.string().optional(),
  assets: z.array(packAsset),
});
export type AssetsFile = z.infer<typeof assetsFileSchema>;
