import { createHash } from 'node:crypto';
import type { DirtyAsset, EngineSnapshot, SavedRuleState } from './rules/engine.js';

/**
 * A city's saved rule states, held as the rows they are saved in: each asset's states as the
 * JSON text taken from the engine when they changed, grouped into shards by a hash of the
 * asset's id. A save writes the shards that hold a changed asset, each as one row, its text
 * the join of its assets' texts — so what a save serialises is what changed, not the city.
 */

/**
 * How many shards a city's states are spread over. Every asset of a reporting city is
 * dirty at each save, and then all shards are written: 64 rows instead of one per (asset, rule),
 * ~190 KB each at 10,000 assets. When few assets changed, each one rewrites its shard, 1/64 of
 * the city. Changing it moves assets between rows: write a migration that re-shards them.
 */
export const ruleStateShards = 64;

/** The shard of an asset's states: the first byte of the SHA-256 of its id (UTF-8), mod 64 — as migration 0005 computes it in SQL. */
export function ruleStateShardOf(assetId: string): number {
  return createHash('sha256').update(assetId, 'utf8').digest()[0]! % ruleStateShards;
}

/** One stored row: a shard's states as the JSON text `{"<asset id>": {"<rule id>": state}}`. */
export interface RuleStateShardRow {
  shard: number;
  states: string;
}

/** A shard taken to be written, and how many changed (asset, rule) states it carries. */
export interface TakenShard {
  shard: number;
  changed: Map<string, number>;
}

/**
 * The states of stored rows (oldest first: an asset found in two rows keeps the later one's)
 * and the engine snapshot they restore. An asset found in another shard than its hash's marks
 * both shards to be written again, so the rows come right at the next save.
 */
export function restoreRuleStateShards(rows: readonly RuleStateShardRow[]): { shards: RuleStateShards; snapshot: EngineSnapshot } {
  const shards = createRuleStateShards();
  const assets: EngineSnapshot['assets'] = {};
  for (const row of rows) {
    const states = JSON.parse(row.states) as Record<string, Record<string, SavedRuleState>>;
    for (const [assetId, rules] of Object.entries(states)) {
      assets[assetId] = rules;
      const shard = shards.keep(assetId, JSON.stringify(rules));
      if (shard !== row.shard) shards.markWritten(shard, row.shard);
    }
  }
  return { shards, snapshot: { version: 1, assets } };
}

/** An empty set of shards (a city with nothing saved). */
export function createRuleStateShards() {
  // Per shard: asset id → `"<asset id>":{…}`, the asset's part of the shard's text.
  const parts = Array.from({ length: ruleStateShards }, () => new Map<string, string>());
  const shardOf = new Map<string, number>();
  // Shards to write, each with the changed assets it holds (asset id → its rules).
  let dirty = new Map<number, Map<string, number>>();

  function shardFor(assetId: string): number {
    let shard = shardOf.get(assetId);
    if (shard === undefined) shardOf.set(assetId, (shard = ruleStateShardOf(assetId)));
    return shard;
  }

  function keep(assetId: string, states: string): number {
    const shard = shardFor(assetId);
    parts[shard]!.set(assetId, `${JSON.stringify(assetId)}:${states}`);
    return shard;
  }

  function text(shard: number): string {
    return `{${[...parts[shard]!.values()].join(',')}}`;
  }

  function mark(shard: number): Map<string, number> {
    let changed = dirty.get(shard);
    if (!changed) dirty.set(shard, (changed = new Map()));
    return changed;
  }

  return {
    /** The shard an asset's states go to (its hash, remembered). */
    shardOf: shardFor,
    /** Holds an asset's states as saved (JSON text of `{"<rule id>": state}`), not marking them changed; its shard. */
    keep,
    /** Marks shards to be written again though no state in them changed. */
    markWritten(...shards: number[]): void {
      for (const s of shards) if (s >= 0 && s < ruleStateShards) mark(s);
    },
    /** Takes changed assets' states from the engine: cached, their shards marked to be written. */
    put(changed: readonly DirtyAsset[]): void {
      for (const a of changed) mark(keep(a.assetId, a.states)).set(a.assetId, a.rules);
    },
    /** The shards to write, taken (give them back if the write fails). */
    takeDirty(): TakenShard[] {
      const taken = [...dirty].map(([shard, changed]) => ({ shard, changed }));
      dirty = new Map();
      return taken.sort((a, b) => a.shard - b.shard);
    },
    /** Marks shards whose write failed to be written at the next save. */
    giveBack(taken: readonly TakenShard[]): void {
      for (const t of taken) {
        const changed = mark(t.shard);
        for (const [assetId, rules] of t.changed) if (!changed.has(assetId)) changed.set(assetId, rules);
      }
    },
    /** A shard's row text: the join of its assets' cached texts. */
    text,
    /** How many shards wait to be written. */
    dirtyShards: () => dirty.size,
    /** How many changed (asset, rule) states wait to be written. */
    unsavedStates(): number {
      let n = 0;
      for (const changed of dirty.values()) for (const rules of changed.values()) n += rules;
      return n;
    },
    /** Every state held, as an engine snapshot (a city's engine rebuilt after it had none). */
    snapshot(): EngineSnapshot {
      const assets: EngineSnapshot['assets'] = {};
      for (let s = 0; s < ruleStateShards; s++) Object.assign(assets, JSON.parse(text(s)));
      return { version: 1, assets };
    },
  };
}

export type RuleStateShards = ReturnType<typeof createRuleStateShards>;
