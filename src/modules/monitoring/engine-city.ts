import type { Kernel } from '../../core/kernel.js';
import { lastReportedAt, loadEngineAssets, type EngineAsset } from './engine-assets.js';
import { loadEngineSnapshot } from './engine-state.js';
import type { RuleStateShards } from './rule-state-shards.js';
import { createRuleEngine, type EngineSnapshot, type RuleEngine } from './rules/engine.js';
import { cityRules, ruleVersions, type CityRules } from './rules-pack.js';
import { readRegistryVersion } from './versions.js';

/**
 * The rule engines of one copy, one per city with rules: built from the stored rules, the
 * assets and the saved states; kept in step with the database (a new rules version rebuilds
 * the city's engine from its current states, a changed asset is compiled again).
 */

export interface CityEngine {
  rules: CityRules;
  engine: RuleEngine;
  registryVersion: number;
}

/** The engines of this copy, their assets, and each city's states as saved and as taken since (a save writes them). */
export interface EngineSet {
  cities: Map<string, CityEngine>;
  assets: Map<string, EngineAsset>;
  /** Seeded from the database when the city's first engine is built, never before: a shard is written whole. */
  states: Map<string, RuleStateShards>;
  checkedAt: number;
}

/** An empty set. */
export function emptyEngineSet(): EngineSet {
  return { cities: new Map(), assets: new Map(), states: new Map(), checkedAt: 0 };
}

/** Takes the engine's changed states (all, or those of the `only` assets) into the city's shards, marking them to be written. */
export function collectDirty(set: EngineSet, cityCode: string, only?: Iterable<string>): void {
  const engine = set.cities.get(cityCode)?.engine;
  const shards = set.states.get(cityCode);
  if (engine && shards) shards.put(engine.takeDirty(Infinity, only));
}

/**
 * (Re)builds a city's engine: the saved states come from the engine it replaces (its rules
 * changed), from the states kept since its last engine (its rules came back) or from the
 * database (at start); an asset that reported but has no state starts its no-data clock at
 * its latest reading. Without rules, the city's engine is dropped.
 */
export async function buildCityEngine(k: Kernel, set: EngineSet, cityCode: string): Promise<void> {
  const previous = set.cities.get(cityCode);
  collectDirty(set, cityCode);
  const rules = await cityRules(k, cityCode);
  if (!rules) return void set.cities.delete(cityCode);
  await reloadAssets(k, set, cityCode, null);
  const engine = createRuleEngine({ rules: rules.rules, assetOf: (id) => assetIn(set, cityCode, id) });
  const snapshot = previous ? previous.engine.snapshot() : await savedStates(k, set, cityCode);
  engine.restore(snapshot);
  for (const [assetId, ts] of await lastReportedAt(k.db, cityCode)) if (!snapshot.assets[assetId]) engine.watch(assetId, ts);
  set.cities.set(cityCode, { rules, engine, registryVersion: await readRegistryVersion(k.db, cityCode) });
}

/**
 * Brings the set in step with the database, at most every `everyMs` unless forced: new or
 * changed rules rebuild a city's engine, a moved registry version reloads its assets.
 */
export async function refreshEngines(k: Kernel, set: EngineSet, { force = false, everyMs = 5000 } = {}): Promise<void> {
  const now = Date.now();
  if (!force && now - set.checkedAt < everyMs) return;
  set.checkedAt = now;
  const versions = await ruleVersions(k.db);
  for (const city of set.cities.keys()) if (!versions.has(city)) await buildCityEngine(k, set, city);
  for (const [city, version] of versions) {
    const current = set.cities.get(city);
    if (!current || current.rules.version !== version) {
      await buildCityEngine(k, set, city);
      continue;
    }
    const registry = await readRegistryVersion(k.db, city);
    if (registry !== current.registryVersion) {
      await reloadAssets(k, set, city, current.engine);
      current.registryVersion = registry;
    }
  }
}

async function savedStates(k: Kernel, set: EngineSet, cityCode: string): Promise<EngineSnapshot> {
  const kept = set.states.get(cityCode);
  if (kept) return kept.snapshot();
  const { shards, snapshot } = await loadEngineSnapshot(k.db, cityCode);
  set.states.set(cityCode, shards);
  return snapshot;
}

function assetIn(set: EngineSet, cityCode: string, id: string): EngineAsset | undefined {
  const a = set.assets.get(id);
  return a?.cityCode === cityCode ? a : undefined;
}

// Replaces the city's assets; an asset whose type or properties changed is compiled again.
async function reloadAssets(k: Kernel, set: EngineSet, cityCode: string, engine: RuleEngine | null): Promise<void> {
  const fresh = await loadEngineAssets(k.db, cityCode);
  for (const [id, a] of set.assets) if (a.cityCode === cityCode && !fresh.has(id)) set.assets.delete(id);
  for (const [id, a] of fresh) {
    const old = set.assets.get(id);
    set.assets.set(id, a);
    if (engine && old && old.key !== a.key) engine.forget(id);
  }
}
