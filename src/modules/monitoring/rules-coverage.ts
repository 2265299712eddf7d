import { isAppError } from '../../core/errors.js';
import { compileRule } from './rules/compile.js';
import type { LifelinesRulesFile } from './rules/pack-schema.js';

/**
 * Whether a city's rules and its monitoring catalogue fit together: every asset type of the
 * catalogue has rules, every asset type of the rules is in the catalogue, every metric a rule
 * reads is in the metric catalogue (in the same unit) and reported by that type's devices, and
 * every asset has the properties its rules refer to. Pure: the pack builder, the rules loader
 * and the tests call it.
 */

export interface CoverageProblem {
  /** `no_rules`, `unknown_asset_type`, `unknown_metric`, `unit_mismatch`, `metric_not_on_type`, `missing_property`. */
  code: 'no_rules' | 'unknown_asset_type' | 'unknown_metric' | 'unit_mismatch' | 'metric_not_on_type' | 'missing_property';
  assetType: string;
  message: string;
  ruleId?: string;
  asset?: string;
}

/** The catalogue as the check needs it (the pack's `catalog.json`, or the stored one). */
export interface CoverageCatalog {
  metrics: { name: string; unit: string; unitAliases?: string[] }[];
  assetTypes: { code: string; metrics: string[] }[];
}

/** The problems between a rules file, a catalogue and (optionally) the assets; empty when they fit. */
export function rulesCoverage(rules: LifelinesRulesFile, catalog: CoverageCatalog, assets: { code?: string | null; type: string; properties?: Record<string, unknown> | null }[] = []): CoverageProblem[] {
  const out: CoverageProblem[] = [];
  const metrics = new Map(catalog.metrics.map((m) => [m.name, new Set([m.unit, ...(m.unitAliases ?? [])])]));
  const types = new Map(catalog.assetTypes.map((t) => [t.code, new Set(t.metrics)]));
  for (const t of catalog.assetTypes) {
    if (!rules.assetTypes[t.code]?.rules.length) out.push({ code: 'no_rules', assetType: t.code, message: `asset type ${t.code} has no rules in lifelines/rules.json` });
  }
  for (const [type, t] of Object.entries(rules.assetTypes)) {
    const onType = types.get(type);
    if (!onType) {
      out.push({ code: 'unknown_asset_type', assetType: type, message: `asset type ${type} of the rules is not in the monitoring catalogue` });
      continue;
    }
    for (const [name, m] of Object.entries(t.metrics)) {
      const units = metrics.get(name);
      if (!units) out.push({ code: 'unknown_metric', assetType: type, message: `metric ${name} of ${type} is not in the metric catalogue` });
      else if (!units.has(m.unit)) out.push({ code: 'unit_mismatch', assetType: type, message: `metric ${name} of ${type} is in ${m.unit} in the rules but ${[...units][0]} in the catalogue` });
    }
    for (const rule of t.rules) {
      const read = rule.kind === 'combination' ? rule.conditions.map((c) => c.metric) : [rule.metric];
      for (const m of read) {
        if (m !== undefined && !onType.has(m)) out.push({ code: 'metric_not_on_type', assetType: type, ruleId: rule.id, message: `rule ${type}.${rule.id} reads ${m}, which the catalogue's ${type} devices do not report` });
      }
    }
  }
  for (const a of assets) {
    for (const rule of rules.assetTypes[a.type]?.rules ?? []) {
      try {
        compileRule(rule, { type: a.type, properties: a.properties ?? {} });
      } catch (err) {
        if (!isAppError(err)) throw err;
        out.push({ code: 'missing_property', assetType: a.type, ruleId: rule.id, asset: a.code ?? undefined, message: `asset ${a.code ?? '?'}: ${err.message}` });
      }
    }
  }
  return out;
}
