import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { freshDatabase, testDrivers } from '../../../test/support/db.js';
import type { CoreTables } from '../../core/db/tables.js';
import { runMigrations, type MigrationSource } from '../../core/db/migrate.js';
import { coreMigrations } from '../../server.js';
import { loadEngineSnapshot, saveDirtyShards } from './engine-state.js';
import { ruleStateShardOf } from './rule-state-shards.js';
import { createRuleEngine } from './rules/engine.js';
import { unpackState } from './rules/state-codec.js';
import { parseLifelinesRules, rulesByAssetType } from './rules/pack-schema.js';
import { syntheticLoad } from './rules/synthetic-load.js';

const monitoring: MigrationSource = { name: 'monitoring', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };
const pack = parseLifelinesRules(JSON.parse(readFileSync(new URL('../../../packs/beijing/lifelines/rules.json', import.meta.url), 'utf8')));
const { assets, readings } = syntheticLoad({ n: 100 * 4, scale: 1 });
const make = () => createRuleEngine({ rules: rulesByAssetType(pack), assetOf: (id) => assets.get(id) });
const CITY = '110000';
const shardsOf = (ids: Iterable<string>) => [...new Set([...ids].map(ruleStateShardOf))].sort((a, b) => a - b);

// Rows and statements written to the shards table, counted by triggers.
async function countWrites(db: Kysely<CoreTables>): Promise<() => Promise<{ rows: number[]; statements: number }>> {
  await sql`create table rule_state_writes (shard integer)`.execute(db);
  await sql`create function count_rule_state_write() returns trigger language plpgsql as $$
    begin insert into rule_state_writes values (case when tg_level = 'ROW' then new.shard end); return null; end $$`.execute(db);
  await sql`create trigger w_row after insert or update on monitoring_rule_state_shards for each row execute function count_rule_state_write()`.execute(db);
  await sql`create trigger w_statement after insert on monitoring_rule_state_shards for each statement execute function count_rule_state_write()`.execute(db);
  return async () => {
    const { rows } = await sql<{ shard: number | null }>`delete from rule_state_writes returning shard`.execute(db);
    return { rows: rows.flatMap((r) => (r.shard === null ? [] : [r.shard])).sort((a, b) => a - b), statements: rows.filter((r) => r.shard === null).length };
  };
}

describe.each(testDrivers())('the rule engine’s saved states (%s)', (driver) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });
  const open = async () => {
    const database = await freshDatabase(driver);
    cleanup.push(() => database.close());
    return database.db;
  };

  it('writes only the shards of changed assets, one row each in one statement, and reads them back', async () => {
    const db = await open();
    await runMigrations(db, [coreMigrations, monitoring]);
    const writes = await countWrites(db);
    const engine = make();
    const { shards, snapshot } = await loadEngineSnapshot(db, CITY);
    expect(snapshot.assets).toEqual({});
    engine.restore(snapshot);

    // Every asset reports: every shard holding one is written, 16 to a statement.
    engine.evaluateBatch(readings.slice(0, 100));
    shards.put(engine.takeDirty());
    const all = shardsOf(assets.keys());
    expect(await saveDirtyShards(db, CITY, shards)).toEqual({ shards: all.length, states: expect.any(Number) });
    expect(await writes()).toEqual({ rows: all, statements: Math.ceil(all.length / 16) });

    // Three report again: their shards only, in one statement.
    const three = new Set([...assets.keys()].filter((_, i) => i % 40 === 7));
    engine.evaluateBatch(readings.slice(100, 400).filter((r) => three.has(r.assetId)));
    shards.put(engine.takeDirty());
    expect(await saveDirtyShards(db, CITY, shards)).toMatchObject({ shards: shardsOf(three).length });
    expect(await writes()).toEqual({ rows: shardsOf(three), statements: 1 });
    expect(await saveDirtyShards(db, CITY, shards)).toEqual({ shards: 0, states: 0 });

    // A restart reads back every state, in its place.
    const again = await loadEngineSnapshot(db, CITY);
    // Read back packed (rules/state-codec.ts), as the engine revives them.
    expect(unpackState(again.snapshot)).toEqual(engine.snapshot());
    expect(Object.keys(again.snapshot.assets)).toHaveLength(100);
    expect(again.shards.dirtyShards()).toBe(0);
  });

  it('keeps the states for the next save when the database refuses them', async () => {
    const db = await open();
    await runMigrations(db, [coreMigrations, monitoring]);
    const engine = make();
    const { shards } = await loadEngineSnapshot(db, CITY);
    engine.evaluateBatch(readings.slice(0, 100));
    shards.put(engine.takeDirty());
    const dirty = shards.dirtyShards();
    await sql`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'away'; end $$`.execute(db);
    await sql`create trigger refuse before insert on monitoring_rule_state_shards for each statement execute function refuse()`.execute(db);
    const failed = await saveDirtyShards(db, CITY, shards);
    expect(failed).toMatchObject({ shards: 0, states: 0, error: expect.objectContaining({ message: expect.stringContaining('away') }) });
    expect(shards.dirtyShards()).toBe(dirty);

    await sql`drop trigger refuse on monitoring_rule_state_shards`.execute(db);
    expect(await saveDirtyShards(db, CITY, shards)).toMatchObject({ shards: dirty });
    expect(unpackState((await loadEngineSnapshot(db, CITY)).snapshot)).toEqual(engine.snapshot());
  });

  it('moves the states saved one row per (asset, rule) into the shards, where the service looks for them', async () => {
    const db = await open();
    // The database as the service before migration 0005 left it.
    const before = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-migrations-'));
    cleanup.push(() => fs.rm(before, { recursive: true, force: true }));
    for (const f of await fs.readdir(monitoring.dir)) if (f < '0005') await fs.copyFile(path.join(monitoring.dir, f), path.join(before, f));
    await runMigrations(db, [coreMigrations, { ...monitoring, dir: before }]);
    const legacy: [city: string, assetId: string, ruleId: string, level: number][] = [
      [CITY, 'ast_gas_adjacent_space_0', 'methane', 0],
      [CITY, 'ast_gas_adjacent_space_0', 'silent', -1],
      [CITY, '朝阳-燃气-001', 'methane', -1],
      [CITY, 'odd "id" \\ with quotes', 'pressure', 1],
      ['310000', 'ast_sh_1', 'methane', -1],
    ];
    const state = (level: number) => ({ sig: 'k3', sentAt: 1_751_335_200_000, state: { level, since: null } });
    for (const [city, assetId, ruleId, level] of legacy)
      await sql`insert into monitoring_rule_state (city_code, asset_id, rule_id, state) values (${city}, ${assetId}, ${ruleId}, ${JSON.stringify(state(level))}::jsonb)`.execute(db);

    await runMigrations(db, [coreMigrations, monitoring]);
    expect((await sql<{ t: string | null }>`select to_regclass('monitoring_rule_state')::text as t`.execute(db)).rows[0]!.t).toBeNull();
    const expected = (city: string) => {
      const out: Record<string, Record<string, ReturnType<typeof state>>> = {};
      for (const [c, assetId, ruleId, level] of legacy) if (c === city) (out[assetId] ??= {})[ruleId] = state(level);
      return out;
    };
    for (const city of [CITY, '310000']) {
      const { shards, snapshot } = await loadEngineSnapshot(db, city);
      expect(snapshot.assets).toEqual(expected(city));
      // Each asset in the shard the service computes: nothing to move at the first save.
      expect(shards.dirtyShards()).toBe(0);
    }
    const rows = await sql<{ shard: number; states: string }>`select shard, states from monitoring_rule_state_shards where city_code = ${CITY} order by shard`.execute(db);
    expect(rows.rows.map((r) => r.shard)).toEqual(shardsOf(Object.keys(expected(CITY))));
  });
});
