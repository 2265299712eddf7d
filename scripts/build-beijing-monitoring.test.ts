import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assetsFileSchema, catalogFileSchema } from '../src/modules/monitoring/index.js';
import { buildBeijingMonitoring, monitoringOutputs } from './build-beijing-monitoring.js';

const pack = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packs/beijing');
const read = (file: string) => JSON.parse(readFileSync(path.join(pack, file), 'utf8')) as unknown;
const catalog = catalogFileSchema.parse(read('monitoring/catalog.json'));
const assets = assetsFileSchema.parse(read('monitoring/assets.json'));
const orgs = new Set((read('orgs.json') as { orgs: { code: string }[] }).orgs.map((o) => o.code));

describe('build-beijing-monitoring', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'citywork-monitoring-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly the committed files', () => {
    buildBeijingMonitoring(tmp, { boundariesFile: path.join(pack, 'regions/boundaries.geojson') });
    for (const file of monitoringOutputs) expect(readFileSync(path.join(tmp, file), 'utf8'), file).toBe(readFileSync(path.join(pack, file), 'utf8'));
  });

  it('marks every asset and device simulated, and says so in the pack', () => {
    expect(assets.simulated).toBe(true);
    expect(assets.assets.every((a) => a.simulated === true)).toBe(true);
    expect(readFileSync(path.join(pack, 'monitoring/README.md'), 'utf8')).toContain('SIMULATED');
    expect(JSON.stringify(read('pack.json'))).toContain('monitoring/assets.json: simulated');
  });

  it('has a few hundred assets of every type, unique codes and device ids, metrics of the catalogue', () => {
    expect(assets.assets.length).toBeGreaterThan(200);
    expect(new Set(assets.assets.map((a) => a.type))).toEqual(new Set(catalog.assetTypes.map((t) => t.code)));
    expect(new Set(assets.assets.map((a) => a.code)).size).toBe(assets.assets.length);
    const devices = assets.assets.flatMap((a) => a.devices);
    expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
    const metrics = new Set(catalog.metrics.map((m) => m.name));
    expect(devices.flatMap((d) => d.metrics).filter((m) => !metrics.has(m))).toEqual([]);
    for (const a of assets.assets) {
      const type = catalog.assetTypes.find((t) => t.code === a.type)!;
      expect(a.geometry ? 'line' : 'point', a.code).toBe(type.geometry);
    }
  });

  it('names an operator of the pack for every asset', () => {
    expect(assets.assets.filter((a) => !orgs.has(String(a.properties?.operatorOrg)))).toEqual([]);
  });
});
