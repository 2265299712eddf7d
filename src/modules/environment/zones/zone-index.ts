import { AppError } from '../../../core/errors.js';
import { regionPrefix } from '../../../core/auth/jurisdiction.js';
import type { Kernel } from '../../../core/kernel.js';
import { createSpatialIndex, lonLatProblem, type SpatialIndex } from '../../../core/geo/index.js';
import { edb, type Db } from '../tables.js';
import { byStrictness, zoneLevelTable, type SourceKind, type ZoneLevel } from './zone-levels.js';

/** A zone containing a point, as `zonesAt` answers it. */
export interface ZoneHit {
  id: string;
  name: string;
  nameEn: string | null;
  level: ZoneLevel;
  levelName: { zh: string; en: string };
  source: { code: string; name: string; nameEn: string | null; kind: SourceKind };
  /** True when the point is on the zone's boundary rather than strictly inside (it still counts). */
  onBoundary: boolean;
  sample: boolean;
}

type Zone = Omit<ZoneHit, 'onBoundary'> & { regionCodes: string[] };

interface Cache {
  version: number;
  checkedAt: number;
  index: SpatialIndex;
  zones: Map<string, Zone>;
  /** Every zone's districts, or null when some zone names none (then every place may be in one). */
  regionPrefixes: string[] | null;
}

// How long a copy trusts its index before asking the database whether the zones changed.
const recheckMs = 2000;
interface Entry {
  pending: Promise<Cache>;
  ready: Cache | null;
}
const caches = new WeakMap<Kernel, Map<string, Entry>>();

async function readVersion(db: Db, cityCode: string): Promise<number> {
  const row = await edb(db).selectFrom('environment_zone_versions').select('version').where('city_code', '=', cityCode).executeTakeFirst();
  return Number(row?.version ?? 0);
}

async function build(db: Db, cityCode: string): Promise<Cache> {
  const version = await readVersion(db, cityCode);
  const rows = await edb(db).selectFrom('environment_zones').selectAll().where('city_code', '=', cityCode).orderBy('id').execute();
  const zones = new Map<string, Zone>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        nameEn: r.name_en,
        level: r.level,
        levelName: { zh: zoneLevelTable[r.level].zh, en: zoneLevelTable[r.level].en },
        source: { code: r.source_code, name: r.source_name, nameEn: r.source_name_en, kind: r.source_kind },
        sample: r.sample,
        regionCodes: r.region_codes,
      },
    ]),
  );
  const index = createSpatialIndex(rows.map((r) => ({ id: r.id, geometry: r.geometry })));
  const named = rows.every((r) => r.region_codes.length > 0);
  const regionPrefixes = named ? [...new Set(rows.flatMap((r) => r.region_codes.map((c) => regionPrefix(c))))] : null;
  return { version, checkedAt: Date.now(), index, zones, regionPrefixes };
}

/**
 * The city's zone index, rebuilt from the database when the zones version moved (checked at
 * most every two seconds). `db` lets a subscriber read in its own transaction; such a caller
 * never waits on a build running through `k.db`, which on PGlite's one connection would wait
 * for the caller's own transaction: it builds its own instead.
 */
async function cacheFor(k: Kernel, cityCode: string, db: Db = k.db): Promise<Cache> {
  let perCity = caches.get(k);
  if (!perCity) caches.set(k, (perCity = new Map()));
  const entry = perCity.get(cityCode);
  if (entry) {
    const cache = entry.ready ?? (db === k.db ? await entry.pending : null);
    if (cache) {
      if (Date.now() - cache.checkedAt < recheckMs) return cache;
      if ((await readVersion(db, cityCode)) === cache.version) {
        cache.checkedAt = Date.now();
        return cache;
      }
    }
  }
  const fresh: Entry = { pending: build(db, cityCode), ready: null };
  perCity.set(cityCode, fresh);
  fresh.pending.then(
    (c) => void (fresh.ready = c),
    () => void (perCity.get(cityCode) === fresh && perCity.delete(cityCode)),
  );
  return fresh.pending;
}

/** Drops this copy's zone index for a city, so the next question rebuilds it. */
export function invalidateZones(k: Kernel, cityCode: string): void {
  caches.get(k)?.delete(cityCode);
}

/**
 * The drinking-water source protection zones containing a point (WGS-84), its boundary
 * included, strictest level first. Fails with `invalid` naming lon or lat for a bad point.
 */
export async function zonesAt(k: Kernel, cityCode: string, lon: number, lat: number, { db }: { db?: Db } = {}): Promise<ZoneHit[]> {
  const problem = lonLatProblem(lon, lat);
  if (problem) throw new AppError('invalid', problem, { field: problem.startsWith('longitude') ? 'lon' : 'lat' });
  const cache = await cacheFor(k, cityCode, db);
  return cache.index
    .locate(lon, lat)
    .map((hit) => {
      const { regionCodes: _r, ...zone } = cache.zones.get(hit.id)!;
      return { ...zone, onBoundary: hit.onBoundary };
    })
    .sort(byStrictness);
}
