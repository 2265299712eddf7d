import { describe, expect, it } from 'vitest';
import { createRuleStateShards, restoreRuleStateShards, ruleStateShardOf, ruleStateShards } from './rule-state-shards.js';

const state = (level: number) => ({ sig: 'x1', sentAt: 0, state: { level } });
const asset = (assetId: string, rules: Record<string, number>) => ({
  assetId,
  states: JSON.stringify(Object.fromEntries(Object.entries(rules).map(([id, level]) => [id, state(level)]))),
  rules: Object.keys(rules).length,
});
// Two ids of different shards.
const [a, b] = ['ast_a', 'ast_b', 'ast_c', 'ast_d'].filter((id, i, all) => all.findIndex((o) => ruleStateShardOf(o) === ruleStateShardOf(id)) === i) as [string, string];

describe('rule state shards', () => {
  it('puts an asset in the shard of its id’s SHA-256, spread evenly', () => {
    // Pinned: migration 0005 computes the same in SQL, and saved rows depend on it.
    expect(['ast_gas_adjacent_space_0', 'ch4-dc', '朝阳-燃气-001', 'a'].map(ruleStateShardOf)).toEqual([5, 46, 47, 10]);
    const counts = new Array<number>(ruleStateShards).fill(0);
    for (let i = 0; i < 10_000; i++) counts[ruleStateShardOf(`ast_water_main_${i}`)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBeLessThan(220);
  });

  it('marks only the shards of changed assets, and writes a shard whole', () => {
    const shards = createRuleStateShards();
    shards.put([asset(a, { ch4: 0 }), asset(b, { ch4: -1, silent: -1 })]);
    expect(shards.takeDirty().map((t) => t.shard)).toEqual([ruleStateShardOf(a), ruleStateShardOf(b)].sort((x, y) => x - y));
    expect(shards.dirtyShards()).toBe(0);

    // A neighbour in a's shard changes: the shard's text holds both, b's shard is left alone.
    const near = Array.from({ length: 1000 }, (_, i) => `n${i}`).find((id) => ruleStateShardOf(id) === ruleStateShardOf(a))!;
    shards.put([asset(near, { rain: 1 })]);
    const taken = shards.takeDirty();
    expect(taken.map((t) => [t.shard, [...t.changed]])).toEqual([[ruleStateShardOf(a), [[near, 1]]]]);
    expect(JSON.parse(shards.text(ruleStateShardOf(a)))).toEqual({ [a]: { ch4: state(0) }, [near]: { rain: state(1) } });
  });

  it('keeps a shard whose write failed for the next save, with a newer state if one came', () => {
    const shards = createRuleStateShards();
    shards.put([asset(a, { ch4: 0, silent: -1 })]);
    const taken = shards.takeDirty();
    shards.put([asset(a, { ch4: 1, silent: -1 })]);
    shards.giveBack(taken);
    expect(shards.dirtyShards()).toBe(1);
    expect(shards.unsavedStates()).toBe(2);
    expect(JSON.parse(shards.text(ruleStateShardOf(a)))[a].ch4).toEqual(state(1));
  });

  it('restores stored rows without marking them, and an asset in the wrong row marks both shards', () => {
    const row = (shard: number, states: object) => ({ shard, states: JSON.stringify(states) });
    const wrong = [0, 1, 2].find((s) => s !== ruleStateShardOf(a) && s !== ruleStateShardOf(b))!;
    const { shards, snapshot } = restoreRuleStateShards([row(ruleStateShardOf(a), { [a]: { ch4: state(0) } })]);
    expect(snapshot).toEqual({ version: 1, assets: { [a]: { ch4: state(0) } } });
    expect(shards.dirtyShards()).toBe(0);
    expect(shards.snapshot()).toEqual(snapshot);

    const moved = restoreRuleStateShards([row(ruleStateShardOf(a), { [a]: { ch4: state(0) } }), row(wrong, { [b]: { ch4: state(2) } })]);
    expect(moved.shards.takeDirty().map((t) => t.shard).sort((x, y) => x - y)).toEqual([ruleStateShardOf(b), wrong].sort((x, y) => x - y));
    expect(JSON.parse(moved.shards.text(wrong))).toEqual({});
    expect(moved.snapshot.assets[b]).toEqual({ ch4: state(2) });
  });
});
