import type { Kernel } from '../../core/kernel.js';
import { applySignals } from './alarm-signals.js';
import { buildCityEngine, collectDirty, emptyEngineSet, refreshEngines, type EngineSet } from './engine-city.js';
import { saveDirtyShards } from './engine-state.js';
import { addReadingsHook, type IngestedReading } from './ingest-hooks.js';
import { ruleVersions } from './rules-pack.js';
import type { Reading, Signal } from './rules/types.js';

/**
 * The rule engine live in this copy of the service: fed by the ingest after each committed
 * batch (in commit order), ticked by the leader's scheduler for the clock's rules, its signals
 * applied to the stored alarms, its states saved every few seconds and at stop.
 *
 * Each copy evaluates the readings it ingests; state is per (asset, rule). That is exact with
 * one copy (the embedded default, or one consumer of the external broker). With several copies
 * sharing one MQTT subscription, an asset's readings are spread over them, so a windowed rule
 * sees only one copy's share and the no-data rule ticks on the leader's view; the last copy to
 * save a shard overwrites the others' states of that shard's assets (1/64 of the city).
 * Routing each device to one copy is the next step.
 */

interface EngineRuntime {
  set: EngineSet;
  /** Engine work (readings, ticks, rebuilds) one at a time, in order. */
  queue: Promise<unknown>;
  saving: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  removeHook: () => void;
  forcedAt: number;
  stats: { readings: number; signals: number; raised: number; updated: number; cleared: number; failures: number; evaluateSeconds: number; applySeconds: number; saveSeconds: number; savedStates: number; savedShards: number; lastSavedAt: string | null };
}

const runtimes = new WeakMap<Kernel, EngineRuntime>();

/** How often changed states are written: a crash loses at most this much window state. */
export const saveEveryMs = 5000;
/**
 * A save's work is spread over the period: every saveEveryMs / saveParts (250 ms) one part of
 * the shards (shard mod saveParts) is taken and written, so each is still written every
 * saveEveryMs. Taken at once, a city of 10,000 assets reporting (~12 MB of JSON) held the event
 * loop ~300 ms and left as much garbage every 5 s — the p99 of reading → commit at 50,000
 * readings/s; in fifths, each second's part still kept the loop busy ~100 ms at 80,000/s.
 */
export const saveParts = 20;
/** Assets whose states one slice of a save takes from the engine (as JSON text) before letting other work in. */
const saveSliceAssets = 250;

/** Starts the engines of every city with rules, restoring their saved states, and plugs them into the ingest. */
export async function startRuleEngines(k: Kernel): Promise<void> {
  if (runtimes.has(k)) return;
  const set = emptyEngineSet();
  for (const city of (await ruleVersions(k.db)).keys()) await buildCityEngine(k, set, city);
  set.checkedAt = Date.now();
  const stats = { readings: 0, signals: 0, raised: 0, updated: 0, cleared: 0, failures: 0, evaluateSeconds: 0, applySeconds: 0, saveSeconds: 0, savedStates: 0, savedShards: 0, lastSavedAt: null };
  const rt: EngineRuntime = { set, queue: Promise.resolve(), saving: null, timer: null, removeHook: () => {}, forcedAt: 0, stats };
  runtimes.set(k, rt);
  rt.removeHook = addReadingsHook(k, { name: 'monitoring.rules', onReadings: (readings) => enqueue(rt, () => evaluate(k, rt, readings)) });
  let part = 0;
  rt.timer = setInterval(() => void saveRuleStates(k, { part: part++ % saveParts }), saveEveryMs / saveParts);
  rt.timer.unref();
}

/** Stops taking readings, finishes the engine's work and saves every changed state. */
export async function stopRuleEngines(k: Kernel): Promise<void> {
  const rt = runtimes.get(k);
  if (!rt) return;
  rt.removeHook();
  if (rt.timer) clearInterval(rt.timer);
  await rt.queue;
  await saveRuleStates(k);
  runtimes.delete(k);
}

/** Lets the clock judge every city's rules (no data, windows sliding, nights ending) now; the leader's job. */
export function tickRuleEngines(k: Kernel): Promise<void> {
  const rt = runtimes.get(k);
  if (!rt) return Promise.resolve();
  return enqueue(rt, async () => {
    await refreshEngines(k, rt.set);
    const now = k.clock.now().getTime();
    for (const [city, c] of rt.set.cities) await apply(k, rt, city, c.engine.tick(now));
  });
}

/** Brings this copy's engines in step now (a pack was imported): new rules rebuild the city's engine, changed assets are compiled again. */
export function reloadRuleEngine(k: Kernel): Promise<void> {
  const rt = runtimes.get(k);
  if (!rt) return Promise.resolve();
  return enqueue(rt, () => refreshEngines(k, rt.set, { force: true }));
}

/**
 * Writes the shards holding states changed since the last save (kept for the next try when the
 * database is away): every shard's, or only those of one part (shard mod saveParts = part).
 */
export async function saveRuleStates(k: Kernel, { part }: { part?: number } = {}): Promise<void> {
  const rt = runtimes.get(k);
  if (!rt) return;
  while (rt.saving) await rt.saving;
  rt.saving = (async () => {
    const started = performance.now();
    for (const city of new Set([...rt.set.states.keys(), ...rt.set.cities.keys()])) {
      // A slice of assets at a time: taking them all at once held the event loop for a
      // quarter of a second every save on a city of 10,000 assets reporting. Only the assets
      // dirty when the save began: those changed meanwhile wait for the next.
      const shards = rt.set.states.get(city);
      const engine = rt.set.cities.get(city)?.engine;
      if (engine && shards) {
        const ids = part === undefined ? engine.dirtyIds() : engine.dirtyIds().filter((id) => shards.shardOf(id) % saveParts === part);
        for (let i = 0; i < ids.length; i += saveSliceAssets) {
          if (i) await new Promise((resolve) => setImmediate(resolve));
          collectDirty(rt.set, city, ids.slice(i, i + saveSliceAssets));
        }
      }
      if (!shards?.dirtyShards()) continue;
      const saved = await saveDirtyShards(k.db, city, shards);
      rt.stats.savedStates += saved.states;
      rt.stats.savedShards += saved.shards;
      if (saved.shards) rt.stats.lastSavedAt = new Date().toISOString();
      if (saved.error) k.logger.warn({ err: saved.error.message, shards: shards.dirtyShards(), states: shards.unsavedStates() }, 'rule-engine states not saved; retrying');
    }
    rt.stats.saveSeconds += (performance.now() - started) / 1000;
  })();
  await rt.saving;
  rt.saving = null;
}

/** Resolves once the readings handed to the engine so far have been judged and their alarms written (tests, benchmarks). */
export async function ruleEnginesSettled(k: Kernel): Promise<void> {
  const rt = runtimes.get(k);
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const q = rt?.queue;
    await q;
    if (!rt || q === rt.queue) return;
  }
}

/** What `/readyz` shows of the engines: cities, assets, counters, last save. */
export function ruleEngineSummary(k: Kernel): Record<string, unknown> | null {
  const rt = runtimes.get(k);
  if (!rt) return null;
  const unsaved = [...rt.set.states.values()].reduce((n, shards) => n + shards.unsavedStates(), 0);
  const cities = Object.fromEntries([...rt.set.cities].map(([city, c]) => [city, { rulesVersion: c.rules.version, ...c.engine.stats() }]));
  const ms = (s: number) => Math.round(s * 1000) / 1000;
  return { cities, assets: rt.set.assets.size, ...rt.stats, evaluateSeconds: ms(rt.stats.evaluateSeconds), applySeconds: ms(rt.stats.applySeconds), saveSeconds: ms(rt.stats.saveSeconds), unsavedStates: unsaved };
}

function enqueue(rt: EngineRuntime, work: () => Promise<void>): Promise<void> {
  const next = rt.queue.then(work);
  rt.queue = next.catch(() => {});
  return next;
}

async function evaluate(k: Kernel, rt: EngineRuntime, readings: readonly IngestedReading[]): Promise<void> {
  await refreshEngines(k, rt.set);
  let byCity = route(rt, readings);
  // An asset registered since the last refresh: look again now, at most once a second.
  if (byCity.unknown && Date.now() - rt.forcedAt > 1000) {
    rt.forcedAt = Date.now();
    await refreshEngines(k, rt.set, { force: true });
    byCity = route(rt, readings);
  }
  rt.stats.readings += readings.length;
  for (const [city, list] of byCity.cities) {
    const started = performance.now();
    const signals = rt.set.cities.get(city)!.engine.evaluateBatch(list);
    rt.stats.evaluateSeconds += (performance.now() - started) / 1000;
    await apply(k, rt, city, signals);
  }
}

function route(rt: EngineRuntime, readings: readonly IngestedReading[]): { cities: Map<string, Reading[]>; unknown: boolean } {
  const cities = new Map<string, Reading[]>();
  let unknown = false;
  for (const r of readings) {
    const city = rt.set.assets.get(r.assetId)?.cityCode;
    if (!city || !rt.set.cities.has(city)) {
      unknown ||= !city;
      continue;
    }
    let list = cities.get(city);
    if (!list) cities.set(city, (list = []));
    list.push(r);
  }
  return { cities, unknown };
}

// A few tries: a lost raise heals at the rule's next update, a lost clear does not.
async function apply(k: Kernel, rt: EngineRuntime, city: string, signals: Signal[]): Promise<void> {
  if (!signals.length) return;
  const escalation = rt.set.cities.get(city)!.rules.escalation;
  const started = performance.now();
  rt.stats.signals += signals.length;
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await applySignals(k, city, signals, escalation);
      rt.stats.raised += out.raised;
      rt.stats.updated += out.updated;
      rt.stats.cleared += out.cleared;
      break;
    } catch (err) {
      if (attempt < 3) {
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      rt.stats.failures++;
      k.logger.error({ err: (err as Error).message, city, signals: signals.length }, 'alarm signals could not be applied');
      break;
    }
  }
  rt.stats.applySeconds += (performance.now() - started) / 1000;
}
