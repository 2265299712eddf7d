import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { PackLoader } from '../../core/pack.js';
import { reloadRuleEngine } from './engine-runtime.js';
import { rulesCoverage } from './rules-coverage.js';
import { parseLifelinesRules } from './rules/pack-schema.js';
import { mdb } from './versions.js';

/** Where a city pack keeps its monitoring rules (the lifelines pack). */
export const rulesFile = 'lifelines/rules.json';

/**
 * The pack loader of a city's monitoring rules (`lifelines/rules.json`): checked against its
 * schema, against the stored metric catalogue and asset types (every rule's metric exists, in
 * the same unit, on devices of that type) and against the organisations it notifies; stored
 * as one row per city, whose version moves only when the content changed (re-import safe).
 * Once committed, this copy's rule engine for the city is rebuilt; other copies see the new
 * version within seconds.
 */
export const rulesPackLoader: PackLoader = {
  name: 'monitoring.rules',
  after: ['monitoring.catalog', 'monitoring.assets', 'core.orgs'],
  async load({ has, readJson, trx, manifest }): Promise<Record<string, number>> {
    if (!has(rulesFile)) return {};
    const rules = parseLifelinesRules(await readJson(rulesFile), rulesFile);
    const city = manifest.city.code;
    const db = mdb(trx);
    const metrics = await db.selectFrom('monitoring_metrics').select(['name', 'unit', 'unit_aliases']).where('city_code', '=', city).execute();
    const types = await db.selectFrom('monitoring_asset_types').select(['code', 'metrics']).where('city_code', '=', city).execute();
    const problems = rulesCoverage(rules, { metrics: metrics.map((m) => ({ name: m.name, unit: m.unit, unitAliases: m.unit_aliases })), assetTypes: types });
    const blocking = problems.filter((p) => p.code !== 'no_rules');
    if (blocking.length) throw new AppError('invalid', `${rulesFile}: ${blocking[0]!.message}`, { field: `${rulesFile}:assetTypes.${blocking[0]!.assetType}`, details: blocking.slice(0, 20) });
    const offices = [...new Set([rules.escalation.supervisor, ...Object.values(rules.alarmTypes).flatMap((a) => (a.supervisor ? [a.supervisor] : []))])];
    const known = new Set((await trx.selectFrom('core_orgs').select('code').where('city_code', '=', city).where('code', 'in', offices).execute()).map((o) => o.code));
    const missing = offices.find((o) => !known.has(o));
    if (missing) throw new AppError('invalid', `${rulesFile}: office ${missing} is notified on escalation but is not an organisation of the pack (orgs.json)`, { field: `${rulesFile}:escalation.supervisor` });
    const json = JSON.stringify(rules);
    const digest = createHash('sha256').update(json).digest('hex');
    const changed = await sql<{ version: number }>`
      insert into monitoring_rule_packs (city_code, rules, digest, version, imported_at) values (${city}, ${json}::jsonb, ${digest}, 1, now())
      on conflict (city_code) do update set rules = excluded.rules, digest = excluded.digest, version = monitoring_rule_packs.version + 1, imported_at = now()
       where monitoring_rule_packs.digest <> excluded.digest
      returning version`.execute(trx);
    const ruleCount = Object.values(rules.assetTypes).reduce((n, t) => n + t.rules.length, 0);
    return { assetTypes: Object.keys(rules.assetTypes).length, rules: ruleCount, alarmTypes: Object.keys(rules.alarmTypes).length, assetTypesWithoutRules: problems.length, changed: changed.rows.length };
  },
  committed: (k) => reloadRuleEngine(k),
};
