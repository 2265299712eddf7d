import { describe, expect, it } from 'vitest';
import { createRuleEngine, type EngineSnapshot, type SavedRuleState } from './engine.js';
import { HOUR, MIN, T0 } from './fixtures.js';
import { parseRule, type RuleConfig } from './rule-schema.js';
import type { Reading, Signal } from './types.js';

const rules: Record<string, RuleConfig[]> = {
  gas_adjacent_space: [
    parseRule({ id: 'ch4', alarmType: 'gas_leak', kind: 'threshold', metric: 'methane_pct_lel', direction: 'above', forSeconds: 60, levels: [{ raise: 20, clear: 15 }] }),
    parseRule({ id: 'ch4_rise', alarmType: 'gas_rising', kind: 'rate', metric: 'methane_pct_lel', direction: 'rise', per: 'minute', windowSeconds: 600, levels: [{ raise: 1 }] }),
    parseRule({ id: 'silent', alarmType: 'device_offline', kind: 'offline', minutes: 30, severity: 'minor' }),
  ],
  rain_gauge: [parseRule({ id: 'rain', alarmType: 'rainstorm', kind: 'window-sum', metric: 'rain_mm', levels: [{ level: 'orange', windowMinutes: 180, raise: 50 }] })],
};
const assets: Record<string, { type: string }> = { g1: { type: 'gas_adjacent_space' }, g2: { type: 'gas_adjacent_space' }, r1: { type: 'rain_gauge' } };
const make = () => createRuleEngine({ rules, assetOf: (id) => assets[id] });

// A day of mixed readings: methane with two leaks on g1, a storm on r1, g2 quiet.
function day(): Reading[] {
  const out: Reading[] = [];
  for (let m = 0; m < 24 * 60; m++) {
    const ts = T0 + m * MIN;
    const leak = (m > 300 && m < 340) || (m > 900 && m < 960);
    out.push({ assetId: 'g1', deviceId: 'd-g1', metric: 'methane_pct_lel', value: leak ? 10 + (m % 60) : 2, ts });
    if (m % 5 === 0) out.push({ assetId: 'r1', deviceId: 'd-r1', metric: 'rain_mm', value: m > 600 && m < 800 ? 1.6 : 0, ts });
    if (m < 600) out.push({ assetId: 'g2', deviceId: 'd-g2', metric: 'methane_pct_lel', value: 1, ts });
  }
  return out;
}
const ticks = (e: ReturnType<typeof make>, from: number, to: number) => Array.from({ length: to - from }, (_, i) => e.tick(T0 + (from + i) * MIN)).flat();
const keyOf = (s: Signal) => `${s.kind} ${s.assetId} ${s.alarmType} ${s.severity} ${s.ts} ${s.value}`;

describe('the rule engine', () => {
  it('routes readings by asset type and metric, and the clock to the rules that tick', () => {
    const e = make();
    const s = [...e.evaluateBatch(day()), ...ticks(e, 1440, 1450)];
    const raised = s.filter((x) => x.kind === 'raise').map((x) => `${x.assetId}:${x.alarmType}`);
    expect(raised).toEqual(expect.arrayContaining(['g1:gas_leak', 'g1:gas_rising', 'r1:rainstorm']));
    expect(raised.filter((r) => r === 'g1:gas_leak')).toHaveLength(2);
    expect(raised).not.toContain('g2:gas_leak');
    expect(e.stats()).toMatchObject({ readings: day().length, unknownAsset: 0 });
  });

  it('counts and skips readings of unknown assets', () => {
    const e = make();
    expect(e.evaluate({ assetId: 'nope', deviceId: 'x', metric: 'methane_pct_lel', value: 99, ts: T0 })).toEqual([]);
    expect(e.stats().unknownAsset).toBe(1);
  });

  it('skips non-finite values, which would otherwise read as the condition ending', () => {
    const e = make();
    const r = (m: number, value: number) => ({ assetId: 'g1', deviceId: 'd', metric: 'methane_pct_lel', value, ts: T0 + m * MIN });
    expect(e.evaluateBatch([r(0, 30), r(1, 30)]).map((x) => x.kind)).toEqual(['raise']);
    expect(e.evaluateBatch([r(2, NaN), r(3, Infinity), r(4, 30)])).toEqual([]);
    expect(e.stats().invalid).toBe(2);
  });

  it('saves its state as JSON and, restored after a restart, goes on exactly as if never stopped', () => {
    const readings = day();
    const cut = readings.findIndex((r) => r.ts >= T0 + 320 * MIN); // in the middle of the first leak
    const straight = make();
    const expected = [...straight.evaluateBatch(readings), ...ticks(straight, 1440, 1500)].map(keyOf);

    const first = make();
    const before = first.evaluateBatch(readings.slice(0, cut));
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as EngineSnapshot;
    const second = make();
    second.restore(saved);
    const after = [...second.evaluateBatch(readings.slice(cut)), ...ticks(second, 1440, 1500)];
    expect([...before, ...after].map(keyOf)).toEqual(expected);
  });

  it('after a restore, the clock still judges an asset that never reports again (a device that died)', () => {
    const e = make();
    e.evaluate({ assetId: 'g2', deviceId: 'd', metric: 'methane_pct_lel', value: 1, ts: T0 });
    const e2 = make();
    e2.restore(JSON.parse(JSON.stringify(e.snapshot())) as EngineSnapshot);
    expect(e2.tick(T0 + 29 * MIN)).toEqual([]);
    expect(e2.tick(T0 + 30 * MIN).map((s) => `${s.kind}:${s.assetId}:${s.alarmType}`)).toEqual(['raise:g2:device_offline']);
  });

  it('hands over only the states that changed, for saving', () => {
    const e = make();
    e.evaluateBatch(day().slice(0, 10));
    const dirty = e.takeDirty();
    expect(new Set(dirty.map((d) => d.assetId))).toEqual(new Set(['g1', 'g2', 'r1']));
    const g1 = dirty.find((d) => d.assetId === 'g1')!;
    const states = JSON.parse(g1.states) as Record<string, SavedRuleState>;
    expect(Object.keys(states)).toHaveLength(g1.rules);
    expect(states.ch4!.sig).toMatch(/^[0-9a-z]+$/);
    expect(states.ch4).toEqual(e.snapshot().assets.g1!.ch4);
    expect(e.takeDirty()).toEqual([]);
  });

  it('hands the changed states over a slice of assets at a time', () => {
    const e = make();
    e.evaluateBatch(day().slice(0, 10));
    expect(e.dirtyAssets()).toBe(3);
    const first = e.takeDirty(2);
    expect(new Set(first.map((d) => d.assetId)).size).toBe(2);
    expect(e.dirtyAssets()).toBe(1);
    const rest = e.takeDirty(2);
    expect(new Set([...first, ...rest].map((d) => d.assetId))).toEqual(new Set(['g1', 'g2', 'r1']));
    expect(e.dirtyAssets()).toBe(0);
  });

  it('hands over only the given assets when asked for some, leaving the others changed', () => {
    const e = make();
    e.evaluateBatch(day().slice(0, 10));
    expect(new Set(e.dirtyIds())).toEqual(new Set(['g1', 'g2', 'r1']));
    expect(e.takeDirty(Infinity, ['r1', 'nobody']).map((d) => d.assetId)).toEqual(['r1']);
    expect(new Set(e.dirtyIds())).toEqual(new Set(['g1', 'g2']));
    expect(e.takeDirty(1, ['g2', 'g1'])).toHaveLength(1);
    expect(e.dirtyAssets()).toBe(1);
  });

  it('starts a changed rule afresh but keeps its level, so an active alarm still clears', () => {
    const e = make();
    e.evaluateBatch([0, 1].map((m) => ({ assetId: 'g1', deviceId: 'd', metric: 'methane_pct_lel', value: 30, ts: T0 + m * MIN })));
    const snap = e.snapshot();
    expect(snap.assets.g1!.ch4!.state.level).toBe(0);
    const changed = { ...rules, gas_adjacent_space: [parseRule({ id: 'ch4', alarmType: 'gas_leak', kind: 'threshold', metric: 'methane_pct_lel', direction: 'above', levels: [{ raise: 25, clear: 20 }] })] };
    const e2 = createRuleEngine({ rules: changed, assetOf: (id) => assets[id] });
    e2.restore(snap);
    const s = e2.evaluate({ assetId: 'g1', deviceId: 'd', metric: 'methane_pct_lel', value: 3, ts: T0 + 2 * MIN });
    expect(s.map((x) => `${x.kind}:${x.alarmType}`)).toEqual(['clear:gas_leak']);
  });

  it('forgets an asset’s compiled rules (its properties changed) but keeps its states', () => {
    const props = { overflowLevelM: 3 };
    const e = createRuleEngine({
      rules: { manhole: [parseRule({ id: 'lvl', alarmType: 'overflow', kind: 'threshold', metric: 'level_m', direction: 'above', levels: [{ raise: { property: 'overflowLevelM', factor: 0.9 } }] })] },
      assetOf: () => ({ type: 'manhole', properties: props }),
    });
    expect(e.evaluate({ assetId: 'm1', deviceId: 'd', metric: 'level_m', value: 2.5, ts: T0 })).toEqual([]);
    props.overflowLevelM = 2.5;
    e.forget('m1');
    expect(e.evaluate({ assetId: 'm1', deviceId: 'd', metric: 'level_m', value: 2.3, ts: T0 + HOUR }).map((x) => x.kind)).toEqual(['raise']);
  });
});
