import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assetsFileSchema, catalogFileSchema } from './pack-schema.js';
import { rulesCoverage } from './rules-coverage.js';
import { parseLifelinesRules } from './rules/pack-schema.js';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../../packs/beijing/${file}`, import.meta.url), 'utf8')) as unknown;
const rules = parseLifelinesRules(read('lifelines/rules.json'));
const catalog = catalogFileSchema.parse(read('monitoring/catalog.json'));
const assets = assetsFileSchema.parse(read('monitoring/assets.json')).assets;

describe('the Beijing monitoring pack and lifelines rules', () => {
  it('fit: every demo asset type has rules, every rule reads a metric its devices report, every asset has the properties its rules read', () => {
    expect(rulesCoverage(rules, catalog, assets)).toEqual([]);
    expect(new Set(assets.map((a) => a.type))).toEqual(new Set(Object.keys(rules.assetTypes)));
  });

  it('gives the bridges the deflection limit and the heating pipes their design values', () => {
    for (const a of assets.filter((x) => x.type === 'bridge')) expect(a.properties).toMatchObject({ deflectionLimitMm: expect.any(Number), designStrainUe: expect.any(Number) });
    for (const a of assets.filter((x) => x.type === 'heating_pipe')) expect(a.properties).toMatchObject({ designSupplyTempC: expect.any(Number), designPressureMpa: expect.any(Number) });
    for (const a of assets.filter((x) => x.type === 'drainage_manhole')) expect(a.properties).toMatchObject({ overflowLevelM: expect.any(Number) });
  });
});

describe('rulesCoverage', () => {
  const small = {
    metrics: [
      { name: 'level_m', unit: 'm' },
      { name: 'methane_pct_lel', unit: '%LEL', unitAliases: ['%lel'] },
    ],
    assetTypes: [
      { code: 'drainage_manhole', metrics: ['level_m'] },
      { code: 'valve', metrics: [] },
    ],
  };
  const onlyManholes = { ...rules, assetTypes: { drainage_manhole: rules.assetTypes.drainage_manhole! } };

  it('names an asset type of the catalogue without rules', () => {
    expect(rulesCoverage(onlyManholes, small).map((p) => [p.code, p.assetType])).toEqual([['no_rules', 'valve']]);
  });

  it('names an asset type of the rules the catalogue lacks, a metric it lacks, and a unit that differs', () => {
    const codes = (c: typeof small) => rulesCoverage({ ...rules, assetTypes: { ...onlyManholes.assetTypes, bridge: rules.assetTypes.bridge! } }, c).map((p) => p.code);
    expect(codes(small)).toContain('unknown_asset_type');
    const withBridge = { metrics: [...small.metrics, { name: 'strain_ue', unit: 'µε' }, { name: 'deflection_mm', unit: 'cm' }], assetTypes: [...small.assetTypes, { code: 'bridge', metrics: ['strain_ue'] }] };
    const found = rulesCoverage({ ...rules, assetTypes: { bridge: rules.assetTypes.bridge! } }, withBridge);
    expect(found.map((p) => p.code).sort()).toEqual(['metric_not_on_type', 'no_rules', 'no_rules', 'unit_mismatch', 'unknown_metric']);
    expect(found.find((p) => p.code === 'metric_not_on_type')).toMatchObject({ ruleId: 'deflection', message: expect.stringContaining('deflection_mm') });
  });

  it('names an asset without a property its rules read', () => {
    const found = rulesCoverage(onlyManholes, small, [{ code: 'MH-1', type: 'drainage_manhole', properties: {} }, { code: 'MH-2', type: 'drainage_manhole', properties: { overflowLevelM: 3 } }]);
    expect(found.filter((p) => p.code === 'missing_property')).toEqual([expect.objectContaining({ asset: 'MH-1', ruleId: 'level', message: expect.stringContaining('overflowLevelM') })]);
  });
});
