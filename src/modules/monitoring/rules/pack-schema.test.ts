import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { cmaRainstormRuleLevels } from './cma-rainstorm.js';
import { createRuleEngine } from './engine.js';
import { parseLifelinesRules, rulesByAssetType } from './pack-schema.js';

const readPack = (file: string) => JSON.parse(readFileSync(new URL(`../../../../packs/beijing/${file}`, import.meta.url), 'utf8')) as unknown;
const raw = readPack('lifelines/rules.json') as Record<string, any>;
const pack = parseLifelinesRules(raw);

describe('the Beijing lifelines rules.json', () => {
  it('parses, with the eight asset types of the issue and the demo’s valves and stations', () => {
    expect(Object.keys(pack.assetTypes).sort()).toEqual(['air_station', 'bridge', 'drainage_manhole', 'gas_adjacent_space', 'gas_pipe_segment', 'heating_pipe', 'rain_gauge', 'valve', 'water_main', 'water_station', 'waterlogging_point']);
    expect(Object.values(pack.assetTypes).every((t) => t.rules.length > 0)).toBe(true);
  });

  it('names a source for every level, and says whether it was verified', () => {
    for (const [type, t] of Object.entries(pack.assetTypes))
      for (const rule of t.rules) {
        if (rule.kind === 'offline' || rule.kind === 'combination') expect(rule.source, `${type}.${rule.id}`).toBeDefined();
        else for (const l of rule.levels) expect(l.source ?? rule.source, `${type}.${rule.id}`).toMatchObject({ cite: expect.any(String), verified: expect.any(Boolean) });
      }
  });

  it('takes the gas alarm level of 20 %LEL from GB 50838-2015', () => {
    const methane = pack.assetTypes.gas_adjacent_space!.rules.find((r) => r.id === 'methane');
    expect(methane?.kind === 'threshold' && methane.levels.find((l) => l.level === 'alarm')).toMatchObject({ raise: 20, severity: 'major', source: { verified: true } });
  });

  it('writes the rainstorm rule from the CMA table, red → critical', () => {
    const rain = pack.assetTypes.rain_gauge!.rules[0]!;
    expect(rain.kind).toBe('window-sum');
    const levels = rain.kind === 'window-sum' ? rain.levels.map(({ level, windowMinutes, raise, severity }) => ({ level, windowMinutes, raise, severity })) : [];
    expect(levels).toEqual(cmaRainstormRuleLevels({ blue: 'warning', yellow: 'minor', orange: 'major', red: 'critical' }).map(({ level, windowMinutes, raise, severity }) => ({ level, windowMinutes, raise, severity })));
  });

  it('maps alarm types to hotline categories that exist (leaves), and supervisors to organisations that exist', () => {
    const categories = new Set((readPack('hotline/categories.json') as { categories: { code: string }[] }).categories.map((c) => c.code));
    const orgs = new Set((readPack('orgs.json') as { orgs: { code: string }[] }).orgs.map((o) => o.code));
    for (const [type, a] of Object.entries(pack.alarmTypes)) {
      if (a.category !== null) expect(categories.has(a.category), `${type} → ${a.category}`).toBe(true);
      if (a.supervisor) expect(orgs.has(a.supervisor), `${type} → ${a.supervisor}`).toBe(true);
      expect(a.openCaseAt === null || a.category !== null, `${type} opens cases without a category`).toBe(true);
    }
    expect(orgs.has(pack.escalation.supervisor)).toBe(true);
    expect(pack.alarmTypes.gas_leak).toMatchObject({ category: '060301', openCaseAt: 'major' });
    expect(pack.alarmTypes.waterlogging).toMatchObject({ category: '060502' });
  });

  it('feeds the rule engine as it is', () => {
    const e = createRuleEngine({ rules: rulesByAssetType(pack), assetOf: () => ({ type: 'gas_adjacent_space' }) });
    const s = e.evaluate({ assetId: 'x', deviceId: 'd', metric: 'methane_pct_lel', value: 21, ts: Date.UTC(2026, 0, 1) });
    expect(s.map((x) => `${x.kind}:${x.alarmType}:${x.severity}`)).toEqual(['raise:gas_leak:major']);
    expect(e.problems()).toEqual([]);
  });
});

describe('parseLifelinesRules errors', () => {
  const broken = (edit: (f: any) => void) => {
    const f = structuredClone(raw);
    edit(f);
    try {
      parseLifelinesRules(f);
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected an error');
  };

  it.each([
    ['a clear value above its raise', (f: any) => (f.assetTypes.gas_adjacent_space.rules[0].levels[1].clear = 21), 'lifelines/rules.json:assetTypes.gas_adjacent_space.rules.0.levels.1.clear'],
    ['levels out of order', (f: any) => Object.assign(f.assetTypes.gas_adjacent_space.rules[0].levels[2], { raise: 19, clear: 17 }), 'lifelines/rules.json:assetTypes.gas_adjacent_space.rules.0.levels.2.raise'],
    ['an unknown alarm type', (f: any) => (f.assetTypes.bridge.rules[0].alarmType = 'bridge_fell'), 'lifelines/rules.json:assetTypes.bridge.rules.0.alarmType'],
    ['a second rule for one alarm type', (f: any) => (f.assetTypes.bridge.rules[1].alarmType = 'bridge_strain'), 'lifelines/rules.json:assetTypes.bridge.rules.1.alarmType'],
    ['a metric the asset type does not report', (f: any) => (f.assetTypes.bridge.rules[0].metric = 'rain_mm'), 'lifelines/rules.json:assetTypes.bridge.rules.0.metric'],
    ['a bad category code', (f: any) => (f.alarmTypes.gas_leak.category = '0603'), 'lifelines/rules.json:alarmTypes.gas_leak.category'],
    ['an unknown severity', (f: any) => (f.escalation.afterMinutes = { ...f.escalation.afterMinutes, severe: 3 }), 'lifelines/rules.json:escalation.afterMinutes'],
    ['a missing window', (f: any) => delete f.assetTypes.rain_gauge.rules[0].levels[0].windowMinutes, 'lifelines/rules.json:assetTypes.rain_gauge.rules.0.levels.0.windowMinutes'],
    ['a combination sub-condition out of range', (f: any) => (f.assetTypes.gas_adjacent_space.rules[1].conditions[0].windowSeconds = -1), 'lifelines/rules.json:assetTypes.gas_adjacent_space.rules.1.conditions.0.windowSeconds'],
  ])('%s: an invalid error naming the field', (_what, edit, field) => {
    const err = broken(edit);
    expect(err).toBeInstanceOf(AppError);
    expect(err.kind).toBe('invalid');
    expect(err.field).toBe(field);
  });
});
