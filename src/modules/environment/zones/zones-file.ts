import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { geometryBbox, polygonalParts, type Bbox, type Polygonal } from '../../../core/geo/index.js';
import { areaKinds, sourceKinds, zoneLevels, type AreaKind, type SourceKind, type ZoneLevel } from './zone-levels.js';

/** The pack file of a city's drinking-water source protection zones. */
export const zonesFile = 'environment/water-source-zones.geojson';

const properties = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).nullish(),
  level: z.enum(zoneLevels),
  source: z.strictObject({ code: z.string().min(1).max(64), name: z.string().min(1).max(200), nameEn: z.string().max(200).nullish(), kind: z.enum(sourceKinds) }),
  area: z.enum(areaKinds).default('both'),
  regionCodes: z.array(z.string().regex(/^\d{6}(\d{6})?$/, 'must be a 6- or 12-digit division code')).default([]),
  sample: z.boolean(),
  basis: z.string().max(2000).nullish(),
  approvedBy: z.string().max(500).nullish(),
});

/** The file's shape: a FeatureCollection of Polygon/MultiPolygon features with the zone's properties. */
export const zonesFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  sample: z.boolean().optional(),
  generatedBy: z.string().optional(),
  features: z.array(z.object({ type: z.literal('Feature'), properties, geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }) })),
});

/** One zone as checked from a file, ready to store. */
export interface ZoneInput {
  id: string;
  name: string;
  nameEn: string | null;
  level: ZoneLevel;
  source: { code: string; name: string; nameEn: string | null; kind: SourceKind };
  area: AreaKind;
  regionCodes: string[];
  sample: boolean;
  basis: string | null;
  approvedBy: string | null;
  geometry: Polygonal;
  bbox: Bbox;
}

/**
 * Reads and checks a zones file: the schema, each geometry (closed rings, WGS-84), unique ids,
 * one zone per source, level and area (水域/陆域). Fails with `invalid` naming the file and the feature's field.
 */
export function readZonesFile(raw: unknown, file = zonesFile): ZoneInput[] {
  const parsed = zonesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.');
    throw new AppError('invalid', `${file}: ${at || '(root)'}: ${issue.message}`, { field: `${file}:${at}` });
  }
  const ids = new Set<string>();
  const levels = new Set<string>();
  return parsed.data.features.map((f, i) => {
    const p = f.properties;
    const at = `${file}:features.${i}`;
    if (ids.has(p.id)) throw new AppError('invalid', `${file}: features.${i}.properties.id: ${p.id} is given twice`, { field: `${at}.properties.id` });
    ids.add(p.id);
    const key = `${p.source.code}|${p.level}|${p.area}`;
    if (levels.has(key)) throw new AppError('invalid', `${file}: features.${i}: source ${p.source.code} has two ${p.level} zones of area ${p.area}; draw one (Multi)Polygon per source, level and area`, { field: `${at}.properties.level` });
    levels.add(key);
    const geometry = f.geometry as unknown as Polygonal;
    polygonalParts(geometry, { field: `${at}.geometry` });
    return {
      id: p.id,
      name: p.name,
      nameEn: p.nameEn ?? null,
      level: p.level,
      source: { code: p.source.code, name: p.source.name, nameEn: p.source.nameEn ?? null, kind: p.source.kind },
      area: p.area,
      regionCodes: p.regionCodes.map((c) => c.padEnd(12, '0')),
      sample: p.sample,
      basis: p.basis ?? null,
      approvedBy: p.approvedBy ?? null,
      geometry,
      bbox: geometryBbox(geometry, { field: `${at}.geometry` }),
    };
  });
}
