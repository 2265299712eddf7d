import { describe, expect, it } from 'vitest';
import { createRuleEngine } from './engine.js';
import { packState, unpackState } from './state-codec.js';

describe('the rule-state codec', () => {
  it('packs long number arrays exactly, NaN, infinities and -0 included, and leaves the rest as JSON', () => {
    const ring = Array.from({ length: 97 }, (_, i) => (i % 7 === 0 ? 0.1 + 0.2 * i : i * 1e-300));
    ring[3] = NaN;
    ring[4] = -Infinity;
    ring[5] = -0;
    const state = { level: -1, last: 1_767_225_600_123, mean: NaN, cnt: ring, heads: [1, 2, 3], subs: [{ level: 0, t: Array.from({ length: 20 }, (_, i) => 1_767_225_600_000 + i * 1000) }], note: 'a "quoted" \\ text', gone: undefined };
    const text = packState(state);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.cnt).toEqual({ $f64: expect.any(String) });
    expect(parsed.heads).toEqual([1, 2, 3]);
    expect('gone' in parsed).toBe(false);
    // Scalars as JSON writes them: NaN becomes null, as it always did.
    expect(parsed.mean).toBeNull();
    const back = unpackState(parsed) as typeof state;
    expect(Object.is(back.cnt[5], -0)).toBe(true);
    expect(back.cnt).toEqual(ring);
    expect(back.subs[0]!.t).toEqual(state.subs[0]!.t);
    expect(back.note).toBe(state.note);
  });

  it('writes a short or mixed array, and any other value, exactly as JSON.stringify does', () => {
    for (const v of [[1, 2], Array.from({ length: 20 }, (_, i) => (i === 7 ? null : i)), { a: [{ b: 1 }], c: null, d: 'x' }, 'text', 3.25, null, true])
      expect(packState(v)).toBe(JSON.stringify(v));
  });

  it('reads a state saved with decimal arrays, before packing', () => {
    const old = JSON.parse(JSON.stringify({ cnt: Array.from({ length: 30 }, (_, i) => i / 3) }));
    expect(unpackState(old).cnt).toEqual(Array.from({ length: 30 }, (_, i) => i / 3));
  });

  it('brings an engine’s windowed state back whole through its saved text', () => {
    const rules = { pipe: [{ id: 'p', alarmType: 'pressure_drop', kind: 'baseline' as const, metric: 'pressure_mpa', severity: 'major' as const, method: 'percent' as const, direction: 'below' as const, windowHours: 24, bucketMinutes: 15, levels: [{ raise: 20, clear: 10 }] }] };
    const assets = { a1: { type: 'pipe', properties: {} } };
    const make = () => createRuleEngine({ rules: rules as never, assetOf: (id) => assets[id as 'a1'] });
    const e = make();
    const t0 = Date.UTC(2026, 6, 1);
    e.evaluateBatch(Array.from({ length: 500 }, (_, i) => ({ assetId: 'a1', deviceId: 'd1', metric: 'pressure_mpa', value: 0.3 + Math.sin(i) / 100, ts: t0 + i * 300_000 })));
    const [taken] = e.takeDirty();
    const e2 = make();
    e2.restore({ version: 1, assets: { a1: JSON.parse(taken!.states) } });
    // Kept packed until the asset next reports (restore is lazy); revived, it is the same state.
    expect(unpackState(e2.snapshot())).toEqual(e.snapshot());
    const next = { assetId: 'a1', deviceId: 'd1', metric: 'pressure_mpa', value: 0.2, ts: t0 + 500 * 300_000 };
    expect(e2.evaluateBatch([next])).toEqual(e.evaluateBatch([next]));
    expect(e2.snapshot()).toEqual(e.snapshot());
  });
});
