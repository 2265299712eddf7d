import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { EngineSnapshot, SavedRuleState } from './rules/engine.js';
import { mdb } from './versions.js';

/**
 * The rule engine's state in the database: one JSON row per (asset, rule), written in
 * batches of what changed (`takeDirty`) and read back whole at start (`restore`).
 */

/** One (asset, rule) state to save, as JSON text. */
export interface StateRow {
  assetId: string;
  ruleId: string;
  state: string;
}

const chunk = 2000;

/** The city's saved states, as the engine restores them. */
export async function loadEngineSnapshot(db: Kysely<CoreTables>, cityCode: string): Promise<EngineSnapshot> {
  const rows = await mdb(db).selectFrom('monitoring_rule_state').select(['asset_id', 'rule_id', 'state']).where('city_code', '=', cityCode).execute();
  const assets: EngineSnapshot['assets'] = {};
  for (const r of rows) (assets[r.asset_id] ??= {})[r.rule_id] = r.state as SavedRuleState;
  return { version: 1, assets };
}

/** Upserts states, a few thousand per statement; resolves with how many were written. */
export async function saveEngineStates(db: Kysely<CoreTables>, cityCode: string, rows: readonly StateRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += chunk) {
    // The states are JSON text already: only the ids are quoted here.
    const json = `[${rows
      .slice(i, i + chunk)
      .map((r) => `{"asset_id":${JSON.stringify(r.assetId)},"rule_id":${JSON.stringify(r.ruleId)},"state":${r.state}}`)
      .join(',')}]`;
    await sql`
      insert into monitoring_rule_state (city_code, asset_id, rule_id, state, saved_at)
      select ${cityCode}, r.asset_id, r.rule_id, r.state, now() from jsonb_to_recordset(${json}::jsonb) as r(asset_id text, rule_id text, state jsonb)
      on conflict (city_code, asset_id, rule_id) do update set state = excluded.state, saved_at = excluded.saved_at`.execute(db);
  }
  return rows.length;
}
