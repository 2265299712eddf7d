import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import type { Actor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Bbox } from '../../core/geo/index.js';
import { assetView, deviceView, type AssetDetail, type AssetView, type DeviceView } from './asset-views.js';
import { mdb } from './versions.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

export interface AssetFilter {
  type?: string;
  /** A region code: assets in it or in any region inside it. */
  region?: string;
  /** Assets whose box meets this one. */
  bbox?: Bbox;
  /** Part of the name or the owner's code. */
  q?: string;
  limit?: number;
  /** The last id of the previous page. */
  after?: string;
}

/** The assets the actor may see (its jurisdiction), filtered, ordered by id, a page at a time. */
export async function listAssets(db: Db, actor: Actor, f: AssetFilter): Promise<{ assets: AssetView[]; next: string | null }> {
  const limit = f.limit ?? 100;
  let q = mdb(db).selectFrom('monitoring_assets').selectAll().where(visibleTo(actor));
  if (f.type) q = q.where('type', '=', f.type);
  if (f.region) q = q.where('region_code', 'like', regionPrefix(f.region) + '%');
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    q = q.where('bbox_east', '>=', w).where('bbox_west', '<=', e).where('bbox_north', '>=', s).where('bbox_south', '<=', n);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('name_en', 'ilike', like), eb('code', 'ilike', like)]));
  }
  if (f.after) q = q.where('id', '>', f.after);
  const rows = await q.orderBy('id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { assets: page.map(assetView), next: rows.length > limit ? page.at(-1)!.id : null };
}

/** Loads an asset the actor may see; `not_found` otherwise (whether or not it exists elsewhere). */
export async function loadVisibleAsset(db: Db, actor: Actor, id: string, { lock = false } = {}) {
  let q = mdb(db).selectFrom('monitoring_assets').selectAll().where('id', '=', id).where(visibleTo(actor));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', `no asset ${id} that you may see`, { field: 'id' });
  return row;
}

/** An asset with its devices, each metric with its unit and latest value. */
export async function getAsset(db: Db, actor: Actor, id: string): Promise<AssetDetail> {
  const asset = await loadVisibleAsset(db, actor, id);
  const devices = await mdb(db).selectFrom('monitoring_devices').selectAll().where('city_code', '=', asset.city_code).where('asset_id', '=', id).orderBy('id').execute();
  const views = await withLatest(db, asset.city_code, devices);
  return { ...assetView(asset), devices: views };
}

/** A device the actor may see (through its asset), with its latest values. */
export async function getDevice(db: Db, actor: Actor, id: string): Promise<DeviceView & { regionCode: string | null }> {
  const row = await mdb(db)
    .selectFrom('monitoring_devices as d')
    .innerJoin('monitoring_assets as a', (j) => j.onRef('a.city_code', '=', 'd.city_code').onRef('a.id', '=', 'd.asset_id'))
    .selectAll('d')
    .select('a.region_code')
    .where('d.id', '=', id)
    .where(visibleTo(actor, { regionColumn: 'a.region_code', cityColumn: 'a.city_code' }))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `no device ${id} that you may see`, { field: 'id' });
  const [view] = await withLatest(db, row.city_code, [row]);
  return { ...view!, regionCode: row.region_code };
}

async function withLatest(db: Db, cityCode: string, devices: Parameters<typeof deviceView>[0][]): Promise<DeviceView[]> {
  if (!devices.length) return [];
  const ids = devices.map((d) => d.id);
  // Each series' newest reading: a backward walk on its device's rows (the readings' key) to the
  // newest that names it — the first row, unless the device stopped reporting that metric.
  const { rows } = await sql<{ device_id: string; metric: string; ts: Date; value: number }>`
    select s.device_id, s.metric, l.ts, l.value
      from monitoring_series s
      join monitoring_devices d on d.city_code = s.city_code and d.id = s.device_id
     cross join lateral (
       select r.ts, r.vals[array_position(r.series, s.id)] as value from monitoring_readings r
        where r.city_code = s.city_code and r.device_num = d.num and s.id = any(r.series)
        order by r.ts desc limit 1) l
     where s.city_code = ${cityCode} and s.device_id = any(${ids})`.execute(db);
  const latest = new Map(rows.map((r) => [`${r.device_id}\u0000${r.metric}`, { ts: new Date(r.ts), value: r.value }]));
  const metrics = [...new Set(devices.flatMap((d) => d.metrics))];
  const units = await mdb(db).selectFrom('monitoring_metrics').select(['name', 'unit']).where('city_code', '=', cityCode).where('name', 'in', metrics.length ? metrics : ['']).execute();
  const unitMap = new Map(units.map((u) => [u.name, u.unit]));
  return devices.map((d) => deviceView(d, unitMap, latest));
}
