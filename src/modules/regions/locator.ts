import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import { createSpatialIndex, lonLatProblem, toWgs84, type SpatialIndex } from '../../core/geo/index.js';
import { levelRank, type RegionLevel } from './codes.js';
import { createAddressMatcher, shortForms, type AddressCandidate } from './address.js';
import type { RegionsTables } from './tables.js';

/** A region as the in-memory index knows it: enough to name it and walk up. */
export interface RegionNode {
  code: string;
  name: string;
  nameEn: string | null;
  level: RegionLevel;
  parent: string | null;
}

/** What `locate` answers: the finest region containing the point, and its ancestors up to the province. */
export interface Location {
  lon: number;
  lat: number;
  region: RegionNode | null;
  ancestors: RegionNode[];
  /** Other regions of the same level whose boundary the point lies on (a shared edge). */
  alsoOnBoundaryOf: RegionNode[];
}

interface Cache {
  version: number;
  checkedAt: number;
  index: SpatialIndex;
  nodes: Map<string, RegionNode>;
  matcher: ReturnType<typeof createAddressMatcher>;
}

// How long a copy trusts its index before asking the database whether regions changed.
const recheckMs = 2000;
const caches = new WeakMap<Kernel, Map<string, Promise<Cache>>>();

/** The city's region index, rebuilt from the database whenever its regions version moves. */
async function cacheFor(k: Kernel, cityCode: string): Promise<Cache> {
  let perCity = caches.get(k);
  if (!perCity) caches.set(k, (perCity = new Map()));
  const pending = perCity.get(cityCode);
  if (pending) {
    const cache = await pending;
    if (Date.now() - cache.checkedAt < recheckMs) return cache;
    const version = await readVersion(k, cityCode);
    if (version === cache.version) {
      cache.checkedAt = Date.now();
      return cache;
    }
  }
  const building = build(k, cityCode);
  perCity.set(cityCode, building);
  building.catch(() => perCity.delete(cityCode));
  return building;
}

/** Builds (or checks) the city's index now, so the first question does not wait for it. */
export async function prepareRegions(k: Kernel, cityCode: string): Promise<void> {
  await cacheFor(k, cityCode);
}

/** Drops this copy's index for a city, so the next question rebuilds it. */
export function invalidateRegions(k: Kernel, cityCode: string): void {
  caches.get(k)?.delete(cityCode);
}

async function readVersion(k: Kernel, cityCode: string): Promise<number> {
  const row = await k.db.withTables<RegionsTables>().selectFrom('regions_versions').select('version').where('city_code', '=', cityCode).executeTakeFirst();
  return Number(row?.version ?? 0);
}

async function build(k: Kernel, cityCode: string): Promise<Cache> {
  const db = k.db.withTables<RegionsTables>();
  const version = await readVersion(k, cityCode);
  const rows = await db.selectFrom('regions_regions').select(['code', 'name', 'name_en', 'level', 'parent_code', 'geometry']).where('city_code', '=', cityCode).execute();
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, { code: r.code, name: r.name, nameEn: r.name_en, level: r.level as RegionLevel, parent: r.parent_code }]));
  const index = createSpatialIndex(rows.flatMap((r) => (r.geometry ? [{ id: r.code, geometry: r.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon }] : [])));
  const gazetteer = await db.selectFrom('regions_gazetteer').select(['code', 'name']).where('city_code', '=', cityCode).execute();
  // The city's own districts and cities are address names too, with their short forms.
  const prefix = cityCode.slice(0, 2);
  const ownDivisions = rows.filter((r) => r.code.startsWith(prefix) && (r.level === 'city' || r.level === 'district') && r.name !== '市辖区');
  const names = [
    ...gazetteer.flatMap((g) => (nodes.has(g.code) ? [{ code: g.code, name: g.name, level: nodes.get(g.code)!.level }] : [])),
    ...ownDivisions.flatMap((r) => shortForms(r.name).concat(r.name.endsWith('区') || r.name.endsWith('县') ? [r.name.slice(0, -1)] : []).map((name) => ({ code: r.code, name, level: r.level as RegionLevel }))),
  ];
  const matcher = createAddressMatcher(names, (c) => nodes.get(c)?.parent ?? null);
  k.logger.info({ cityCode, version, regions: nodes.size, boundaries: index.size, addressNames: matcher.size }, 'regions index built');
  return { version, checkedAt: Date.now(), index, nodes, matcher };
}

/** The ancestors of a region, nearest first. */
function ancestorsOf(cache: Cache, code: string): RegionNode[] {
  const out: RegionNode[] = [];
  for (let p = cache.nodes.get(code)?.parent; p; p = cache.nodes.get(p)?.parent) {
    const node = cache.nodes.get(p);
    if (!node) break;
    out.push(node);
  }
  return out;
}

/**
 * The finest region containing a point (WGS-84; `crs` converts GCJ-02 or BD-09 first) and its
 * ancestors. A point on a shared edge belongs to the region with the lower code, and the
 * answer names the other.
 */
export async function locate(k: Kernel, cityCode: string, lon: number, lat: number, crs: 'wgs84' | 'gcj02' | 'bd09' = 'wgs84'): Promise<Location> {
  const problem = lonLatProblem(lon, lat);
  if (problem) throw new AppError('invalid', problem, { field: problem.startsWith('longitude') ? 'lon' : 'lat' });
  const [x, y] = crs === 'wgs84' ? [lon, lat] : toWgs84(lon, lat, crs);
  const cache = await cacheFor(k, cityCode);
  const hits = cache.index
    .containing(x, y)
    .map((code) => cache.nodes.get(code))
    .filter((n): n is RegionNode => n !== undefined)
    .sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.code.localeCompare(b.code));
  const region = hits[0] ?? null;
  if (!region) return { lon: x, lat: y, region: null, ancestors: [], alsoOnBoundaryOf: [] };
  return { lon: x, lat: y, region, ancestors: ancestorsOf(cache, region.code), alsoOnBoundaryOf: hits.filter((h) => h !== region && h.level === region.level) };
}

/** Region candidates for a free-text address, from the city's gazetteer, with their ancestors. */
export async function resolveAddress(k: Kernel, cityCode: string, text: string, { limit = 5 }: { limit?: number } = {}): Promise<(AddressCandidate & { name: string; ancestors: RegionNode[] })[]> {
  if (!text.trim()) throw new AppError('invalid', 'text must not be empty', { field: 'text' });
  const cache = await cacheFor(k, cityCode);
  return cache.matcher.resolve(text, { limit }).map((c) => ({ ...c, name: cache.nodes.get(c.code)?.name ?? c.code, ancestors: ancestorsOf(cache, c.code) }));
}

/** A region and its ancestors from the in-memory index. */
export async function lineage(k: Kernel, cityCode: string, code: string): Promise<{ region: RegionNode; ancestors: RegionNode[] } | null> {
  const cache = await cacheFor(k, cityCode);
  const region = cache.nodes.get(code);
  return region ? { region, ancestors: ancestorsOf(cache, code) } : null;
}
