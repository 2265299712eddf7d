import { promises as fs } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, testDrivers } from '../support/db.js';
import type { TestService } from '../support/service.js';
import { bearer, seedToken } from '../support/http.js';
import { createManualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { systemContext } from '../../src/core/context.js';
import { createLogger } from '../../src/core/logger.js';
import { generateSecrets } from '../../src/core/secrets.js';
import { createService, type Service } from '../../src/server.js';
import { ruleEnginesSettled, ruleStateShardOf, saveParts, saveRuleStates } from '../../src/modules/monitoring/index.js';
import { alarmModules, importAlarmsPack, tempDataDir } from './monitoring-alarms-support.js';

const MIN = 60_000;

// The service stopped and started again on the same database and data directory: the rule
// engine's window state is saved at stop and restored at start, and the alarm it raised is
// found again (updated, never duplicated).
describe.each(testDrivers())('the rule engine across a restart (%s)', (driver) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it('keeps a condition’s running duration across the restart, and raises one alarm however often it restarts', async () => {
    const database = await freshDatabase(driver);
    const dataDir = await tempDataDir();
    cleanup.push(() => database.close(), () => fs.rm(dataDir, { recursive: true, force: true }));
    const secrets = generateSecrets();
    const clock = createManualClock('2026-07-01T02:00:00Z');
    const T0 = clock.now().getTime();
    const config = loadConfig({ env: {}, flags: { dataDir, databaseUrl: database.url, ...secrets, logLevel: 'silent' } });
    const open = () => createService({ config, modules: alarmModules, database, clock, background: false, logger: createLogger({ level: 'silent' }) });
    const asTest = (svc: Service): TestService => ({ ...svc, config, system: systemContext(config.cityCode, 'test'), close: () => svc.stop() });

    let svc = await open();
    await importAlarmsPack(asTest(svc));
    const engineer = bearer(await seedToken(asTest(svc), { roles: ['engineer'] }));
    const methane = async (minutes: number, value: number) => {
      clock.set(new Date(T0 + minutes * MIN));
      const res = await svc.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers: engineer, payload: { device: 'ch4-dc', ts: clock.now().toISOString(), readings: [{ metric: 'methane_pct_lel', value }] } });
      expect(res.json(), res.body).toMatchObject({ accepted: 1 });
      await ruleEnginesSettled(svc.kernel);
    };
    const alarms = async () => (await sql<{ id: string; state: string; count: number }>`select id, state, count from monitoring_alarms order by created_at`.execute(svc.kernel.db)).rows;

    // Above 20 %LEL since minute 0; the rule wants 60 s of it. Stopped at 30 s.
    await methane(0, 22);
    await methane(0.5, 23);
    await svc.stop();
    const saved = await sql<{ states: string }>`select states from monitoring_rule_state_shards`.execute(database.db);
    expect(saved.rows.flatMap((r) => Object.values(JSON.parse(r.states) as Record<string, object>).flatMap((rules) => Object.keys(rules))).sort()).toEqual(['methane', 'silent']);

    // One reading after the restart completes the 60 s: without the saved state it would start counting afresh.
    svc = await open();
    await methane(1.2, 23);
    expect(await alarms()).toEqual([{ id: expect.stringMatching(/^alm_/), state: 'ACTIVE_UNACK', count: 1 }]);
    await svc.stop();

    // Again: the alarm is found and updated when the rule repeats itself (every 300 s), not raised twice.
    svc = await open();
    await methane(2, 24);
    await methane(6.5, 24);
    expect(await alarms()).toEqual([{ id: expect.stringMatching(/^alm_/), state: 'ACTIVE_UNACK', count: 2 }]);

    // The periodic save goes a part of the shards at a time (shard mod saveParts): the changed asset's
    // state waits for its own part, and is written then.
    const asset = (await sql<{ asset_id: string }>`select asset_id from monitoring_devices where id = 'ch4-dc'`.execute(svc.kernel.db)).rows[0]!.asset_id;
    const shard = ruleStateShardOf(asset);
    const savedAt = async () => (await sql<{ saved_at: Date }>`select saved_at from monitoring_rule_state_shards where shard = ${shard}`.execute(svc.kernel.db)).rows[0]?.saved_at?.getTime();
    const before = await savedAt();
    await methane(7, 25);
    await saveRuleStates(svc.kernel, { part: (shard + 1) % saveParts });
    expect(await savedAt()).toBe(before);
    await saveRuleStates(svc.kernel, { part: shard % saveParts });
    expect(await savedAt()).toBeGreaterThan(before ?? 0);
    await svc.stop();
  });
});
