import { describe, expect, it } from 'vitest';
import { createRuleEngine } from './engine.js';
import { packState, unpackState } from './state-codec.js';

describe('the rule-state codec', () => {
  it('packs a state’s long arrays of fractions exactly, NaN, infinities and -0 included, and leaves the rest as JSON', () => {
    const ring = Array.from({ length: 97 }, (_, i) => (i % 7 === 0 ? 0.1 + 0.2 * i : i * 1e-300));
    ring[3] = NaN;
    ring[4] = -Infinity;
    ring[5] = -0;
    const zeros = Array.from({ length: 97 }, (_, i) => (i === 50 ? 0.5 : 0));
    const state = { level: -1, last: 1_767_225_600_123, mean: NaN, sum: ring, cnt: zeros, heads: [1.5, 2.5, 3.5], subs: [{ level: 0, t: Array.from({ length: 20 }, (_, i) => i + 0.5) }], note: 'a "quoted" \\ text', gone: undefined };
    const saved = { sig: 'abc', sentAt: 7, state };
    const parsed = JSON.parse(packState(saved)) as { sig: string; sentAt: number; state: Record<string, unknown> };
    expect(parsed.state.sum).toEqual({ $f64: expect.any(String) });
    // Mostly zeros (cheaper as decimals), short, or nested: as JSON writes them.
    expect(parsed.state.cnt).toEqual(zeros);
    expect(parsed.state.heads).toEqual([1.5, 2.5, 3.5]);
    expect(parsed.state.subs).toEqual(state.subs);
    expect('gone' in parsed.state).toBe(false);
    expect(parsed.state.mean).toBeNull();
    expect(saved.state.sum).toBe(ring);
    const back = unpackState(parsed);
    expect(Object.is((back.state.sum as number[])[5], -0)).toBe(true);
    expect(back.state.sum).toEqual(ring);
    expect([back.sig, back.sentAt, back.state.note]).toEqual(['abc', 7, state.note]);
  });

  it('writes a state with nothing worth packing exactly as JSON.stringify does', () => {
    for (const state of [{ level: -1, last: null, v: 0.25 }, { t: Array.from({ length: 20 }, (_, i) => (i === 7 ? null : i + 0.5)), d: 'x' }, { v: Array.from({ length: 40 }, (_, i) => i) }]) {
      const saved = { sig: 's', sentAt: 0, state };
      expect(packState(saved)).toBe(JSON.stringify(saved));
    }
  });

  it('reads a state saved with decimal arrays, before packing', () => {
    const old = JSON.parse(JSON.stringify({ cnt: Array.from({ length: 30 }, (_, i) => i / 3) })) as { cnt: number[] };
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
