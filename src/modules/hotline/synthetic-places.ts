import { AppError } from '../../core/errors.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import { listChildren, locate, normaliseCode } from '../regions/index.js';

/** A district of the city, as the generator samples it: its boundary's box and its share of the calls. */
export interface District {
  /** The significant prefix: `110105`. */
  code: string;
  name: string;
  bbox: [number, number, number, number];
  /** The census resident population, or null where the pack has none. */
  population: number | null;
  share: number;
}

// The figures the regions module keeps per region and year; read here, written only by it.
type RegionFigures = { regions_attributes: { city_code: string; code: string; year: number; key: string; value: number } };

/**
 * The city's districts that have a boundary, each with its share of the calls: its census
 * resident population (`regions_attributes`, key `resident_population`, latest year) over
 * the city's; a district without a figure gets the median of the others; with no figures
 * at all the shares are equal.
 */
export async function cityDistricts(k: Kernel, cityCode: string): Promise<District[]> {
  const found: { code: string; name: string; bbox: [number, number, number, number] }[] = [];
  let frontier = [normaliseCode(cityCode)];
  for (let depth = 0; depth < 3 && frontier.length; depth++) {
    const next: string[] = [];
    for (const code of frontier) {
      for (const child of await listChildren(k.db, cityCode, code)) {
        if (child.level === 'district' && child.bbox) found.push({ code: regionPrefix(child.code), name: child.name, bbox: child.bbox });
        else if (child.level === 'city' || child.level === 'province') next.push(child.code);
      }
    }
    frontier = next;
  }
  if (!found.length) throw new AppError('invalid', `city ${cityCode} has no district with a boundary: import a pack with regions/boundaries.geojson`);
  const rows = await k.db
    .withTables<RegionFigures>()
    .selectFrom('regions_attributes')
    .select(['code', 'year', 'value'])
    .where('city_code', '=', cityCode)
    .where('key', '=', 'resident_population')
    .where(
      'code',
      'in',
      found.map((d) => normaliseCode(d.code)),
    )
    .orderBy('year', 'asc')
    .execute();
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(regionPrefix(r.code), Number(r.value));
  const known = [...latest.values()].filter((v) => v > 0).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)]! : 1;
  const weights = found.map((d) => (latest.get(d.code) ?? 0) > 0 ? latest.get(d.code)! : median);
  const total = weights.reduce((a, b) => a + b, 0);
  return found.map((d, i) => ({ ...d, population: latest.get(d.code) ?? null, share: weights[i]! / total }));
}

/**
 * A random point inside a district: drawn in its box until `locate` puts it in the district
 * (at most `tries` draws; the box centre after that). Returns the finest region there.
 */
export async function pointIn(k: Kernel, cityCode: string, d: District, u: () => number, tries = 64): Promise<{ lon: number; lat: number; region: string }> {
  const [w, s, e, n] = d.bbox;
  for (let i = 0; i < tries; i++) {
    const lon = w + (e - w) * u();
    const lat = s + (n - s) * u();
    const at = await locate(k, cityCode, lon, lat);
    const region = at.region ? regionPrefix(at.region.code) : null;
    if (region?.startsWith(d.code)) return { lon: round6(lon), lat: round6(lat), region };
  }
  return { lon: round6((w + e) / 2), lat: round6((s + n) / 2), region: d.code };
}

/** A random point within `radiusM` of a centre (uniform over the disc), and its finest region. */
export async function pointNear(k: Kernel, cityCode: string, c: { lon: number; lat: number; radiusM: number }, u: () => number): Promise<{ lon: number; lat: number; region: string | null }> {
  const r = c.radiusM * Math.sqrt(u());
  const theta = 2 * Math.PI * u();
  const lat = c.lat + (r * Math.cos(theta)) / metresPerDegree;
  const lon = c.lon + (r * Math.sin(theta)) / (metresPerDegree * Math.cos((c.lat * Math.PI) / 180));
  const at = await locate(k, cityCode, lon, lat);
  return { lon: round6(lon), lat: round6(lat), region: at.region ? regionPrefix(at.region.code) : null };
}

/** Metres in a degree of latitude (and of longitude at the equator), on the WGS-84 mean radius. */
export const metresPerDegree = 111_195;

// Six decimals of a degree are about 0.1 m: finer is noise.
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
