import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { AssetInfo } from './rules/types.js';
import { mdb } from './versions.js';

/**
 * What the rule engine reads of the assets: each asset's type and properties (which rules
 * apply, the design values they refer to), and when each asset last reported (so its
 * no-data clock runs from there after a start, not from never).
 */

/** An asset as the engine sees it, with its city and a key telling when it changed. */
export interface EngineAsset extends AssetInfo {
  cityCode: string;
  /** Type and properties as JSON: a different key means the rules must be compiled again. */
  key: string;
}

/** The city's assets, by id. */
export async function loadEngineAssets(db: Kysely<CoreTables>, cityCode: string): Promise<Map<string, EngineAsset>> {
  const rows = await mdb(db).selectFrom('monitoring_assets').select(['id', 'type', 'properties']).where('city_code', '=', cityCode).execute();
  return new Map(rows.map((r) => [r.id, { cityCode, type: r.type, properties: r.properties, key: JSON.stringify([r.type, r.properties]) }]));
}

/** The latest reading time of every asset of the city that has reported, epoch ms. */
export async function lastReportedAt(db: Kysely<CoreTables>, cityCode: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ asset_id: string; ts: Date }>`
    select d.asset_id, max(l.ts) as ts
      from monitoring_devices d
     cross join lateral (
       select r.ts from monitoring_readings r
        where r.city_code = d.city_code and r.device_num = d.num
        order by r.ts desc limit 1) l
     where d.city_code = ${cityCode} and d.active
     group by d.asset_id`.execute(db);
  return new Map(rows.map((r) => [r.asset_id, new Date(r.ts).getTime()]));
}
