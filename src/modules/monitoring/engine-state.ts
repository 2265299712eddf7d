import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import { restoreRuleStateShards, type RuleStateShards, type RuleStateShardRow } from './rule-state-shards.js';
import type { EngineSnapshot } from './rules/engine.js';
import { mdb } from './versions.js';

/**
 * The rule engine's state in the database: a city's states in 64 shard rows of JSON text
 * (rule-state-shards.ts), the shards holding a changed asset written whole at each save and
 * every row read back at start.
 */

/** Shards a statement writes: a full save of 10,000 assets is 4 statements of ~3 MB. */
const shardsPerStatement = 16;

/** The city's saved states: the engine's snapshot, and the shards a save writes them back to. */
export async function loadEngineSnapshot(db: Kysely<CoreTables>, cityCode: string): Promise<{ shards: RuleStateShards; snapshot: EngineSnapshot }> {
  const rows = await mdb(db)
    .selectFrom('monitoring_rule_state_shards')
    .select(['shard', 'states'])
    .where('city_code', '=', cityCode)
    .orderBy('saved_at')
    .orderBy('shard')
    .execute();
  return restoreRuleStateShards(rows);
}

/**
 * Writes the shards holding changed states, a few to a statement; a shard not written (the
 * database away) is given back for the next save. How many shards and changed states were
 * written, and the error that stopped it.
 */
export async function saveDirtyShards(db: Kysely<CoreTables>, cityCode: string, shards: RuleStateShards): Promise<{ shards: number; states: number; error?: Error }> {
  const taken = shards.takeDirty();
  const done = { shards: 0, states: 0 };
  for (let i = 0; i < taken.length; i += shardsPerStatement) {
    const group = taken.slice(i, i + shardsPerStatement);
    try {
      await writeShards(db, cityCode, group.map((t) => ({ shard: t.shard, states: shards.text(t.shard) })));
    } catch (err) {
      shards.giveBack(taken.slice(i));
      return { ...done, error: err as Error };
    }
    done.shards += group.length;
    for (const t of group) for (const rules of t.changed.values()) done.states += rules;
  }
  return done;
}

// One statement: the texts go as parameters, unparsed by the database (a text column).
async function writeShards(db: Kysely<CoreTables>, cityCode: string, rows: readonly RuleStateShardRow[]): Promise<void> {
  await sql`
    insert into monitoring_rule_state_shards (city_code, shard, states, saved_at)
    values ${sql.join(rows.map((r) => sql`(${cityCode}, ${r.shard}, ${r.states}, now())`))}
    on conflict (city_code, shard) do update set states = excluded.states, saved_at = excluded.saved_at`.execute(db);
}
