import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { assertLonLat, geometryBbox, polygonalParts, type Bbox, type Polygonal } from '../../../core/geo/index.js';

/** The pack file of a city's parks (optional). */
export const parksFile = 'environment/parks.geojson';

/** A park: a point (an entrance, or the park itself when small) or its area. */
export type ParkGeometry = { type: 'Point'; coordinates: [number, number] } | Polygonal;

/** One park as checked from a file, ready to store. */
export interface ParkInput {
  id: string;
  name: string;
  nameEn: string | null;
  geometry: ParkGeometry;
  bbox: Bbox;
  sample: boolean;
  source: string | null;
}

const feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  properties: z.record(z.string(), z.unknown()).nullable().default({}),
  geometry: z.object({ type: z.enum(['Point', 'Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }),
});
const fileSchema = z.object({ type: z.literal('FeatureCollection'), sample: z.boolean().optional(), features: z.array(feature).max(100_000) });

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Reads and checks a parks GeoJSON (a pack file or an import): Point, Polygon or MultiPolygon
 * features; the id from `properties.id` or the feature's id (else `park-<n>`), the name from
 * `name` or `name:zh`; `sample` from the feature or the collection. Fails with `invalid` naming the field.
 */
export function readParksFile(raw: unknown, file = parksFile): ParkInput[] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.');
    throw new AppError('invalid', `${file}: ${at || '(root)'}: ${issue.message}`, { field: `${file}:${at}` });
  }
  const ids = new Set<string>();
  return parsed.data.features.map((f, i) => {
    const p = f.properties ?? {};
    const at = `${file}:features.${i}`;
    const id = text(p.id) ?? (f.id !== undefined ? String(f.id) : `park-${i + 1}`);
    if (ids.has(id)) throw new AppError('invalid', `${file}: features.${i}: park id ${id} is given twice`, { field: `${at}.properties.id` });
    ids.add(id);
    const geometry = f.geometry as unknown as ParkGeometry;
    let bbox: Bbox;
    if (geometry.type === 'Point') {
      const [lon, lat] = geometry.coordinates;
      assertLonLat(lon, lat, { field: `${at}.geometry` });
      bbox = [lon, lat, lon, lat];
    } else {
      polygonalParts(geometry, { field: `${at}.geometry` });
      bbox = geometryBbox(geometry, { field: `${at}.geometry` });
    }
    const sample = typeof p.sample === 'boolean' ? p.sample : (parsed.data.sample ?? false);
    return { id, name: text(p.name) ?? text(p['name:zh']) ?? id, nameEn: text(p.nameEn) ?? text(p['name:en']), geometry, bbox, sample, source: text(p.source) };
  });
}
