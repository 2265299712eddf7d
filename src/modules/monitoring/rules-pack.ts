import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import { alarmConfigFromPack } from './alarms/config.js';
import type { EscalationConfig } from './alarms/escalation.js';
import type { CaseConfig } from './alarms/open-case.js';
import { parseLifelinesRules, rulesByAssetType, type LifelinesRulesFile } from './rules/pack-schema.js';
import type { RuleConfig } from './rules/rule-schema.js';
import { mdb } from './versions.js';

/**
 * A city's rules as the service uses them: the stored `lifelines/rules.json` (one per city,
 * the same for every copy), its rules per asset type for the engine, and the escalation and
 * case-opening settings for the alarms. Cached per copy and re-read when its version moved.
 */

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

export interface CityRules {
  cityCode: string;
  version: number;
  file: LifelinesRulesFile;
  rules: Record<string, RuleConfig[]>;
  escalation: EscalationConfig;
  cases: CaseConfig;
}

const caches = new WeakMap<Kernel, Map<string, CityRules>>();

/** The stored rules version of each city that has rules. */
export async function ruleVersions(db: Db): Promise<Map<string, number>> {
  const rows = await mdb(db).selectFrom('monitoring_rule_packs').select(['city_code', 'version']).execute();
  return new Map(rows.map((r) => [r.city_code, r.version]));
}

/** The city's rules (null when its pack has none), read through `db` (a transaction's, inside one). */
export async function cityRules(k: Kernel, cityCode: string, db: Db = k.db): Promise<CityRules | null> {
  let perCity = caches.get(k);
  if (!perCity) caches.set(k, (perCity = new Map()));
  const row = await mdb(db).selectFrom('monitoring_rule_packs').select('version').where('city_code', '=', cityCode).executeTakeFirst();
  if (!row) return null;
  const cached = perCity.get(cityCode);
  if (cached?.version === row.version) return cached;
  const full = await mdb(db).selectFrom('monitoring_rule_packs').select(['rules', 'version']).where('city_code', '=', cityCode).executeTakeFirstOrThrow();
  const file = parseLifelinesRules(full.rules);
  const { escalation, cases } = alarmConfigFromPack(file);
  const built: CityRules = { cityCode, version: full.version, file, rules: rulesByAssetType(file), escalation, cases };
  perCity.set(cityCode, built);
  return built;
}
