import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRuleEngine, type EngineSnapshot } from './engine.js';
import { parseLifelinesRules, rulesByAssetType } from './pack-schema.js';
import { syntheticLoad } from './synthetic-load.js';
import type { Signal } from './types.js';

/**
 * Restarts in the middle of six days of readings, every rule kind of the Beijing pack active:
 * whatever the cut, a JSON-saved and restored engine says exactly what one never stopped says.
 */
const pack = parseLifelinesRules(JSON.parse(readFileSync(new URL('../../../../packs/beijing/lifelines/rules.json', import.meta.url), 'utf8')));
const STEP = 5 * 60_000;
const { assets, readings } = syntheticLoad({ n: 100 * 12 * 24 * 6, scale: 1, stepMs: STEP });
const make = () => createRuleEngine({ rules: rulesByAssetType(pack), assetOf: (id) => assets.get(id) });
const key = (s: Signal) => JSON.stringify(s);

// Feeds readings from..to, ticking at every new step; the signals.
function run(engine: ReturnType<typeof make>, from: number, to: number): Signal[] {
  const out: Signal[] = [];
  for (let i = from; i < to; i++) {
    const r = readings[i]!;
    if (i === 0 || r.ts !== readings[i - 1]!.ts) out.push(...engine.tick(r.ts));
    engine.evaluate(r, out);
  }
  return out;
}

describe('saving and restoring the rule engine', () => {
  it('goes on exactly as if never stopped, through restarts every day and a half', () => {
    const straight = run(make(), 0, readings.length);
    const kinds = new Set(straight.filter((s) => s.kind === 'raise').map((s) => s.details.kind));
    expect([...kinds].sort()).toEqual(['baseline', 'night-min', 'offline', 'threshold', 'window-sum']);

    const cuts = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * readings.length));
    let engine = make();
    const pieces: Signal[] = [];
    for (let c = 0; c + 1 < cuts.length; c++) {
      pieces.push(...run(engine, cuts[c]!, cuts[c + 1]!));
      const saved = JSON.parse(JSON.stringify(engine.snapshot())) as EngineSnapshot;
      engine = make();
      engine.restore(saved);
    }
    expect(pieces.length).toBe(straight.length);
    expect(pieces.map(key)).toEqual(straight.map(key));
  });
});
