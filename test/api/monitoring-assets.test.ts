import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { importPack } from '../../src/core/pack.js';
import { testDrivers } from '../support/db.js';
import { monitoringTestService, writeMonitoringPack, type MonitoringTestService } from './monitoring-support.js';

describe.each(testDrivers())('monitoring assets and devices (%s)', (driver) => {
  let s: MonitoringTestService;
  beforeAll(async () => {
    s = await monitoringTestService({ driver });
  });
  afterAll(() => s.close());

  const get = (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload: unknown) => s.app.inject({ method, url, headers, payload: payload as object });

  it('loads the pack: assets located in their regions, devices, simulated flags, the catalogue', async () => {
    const { assets } = (await get('/api/monitoring/assets', s.as.admin)).json();
    expect(assets.map((a: { code: string; regionCode: string; simulated: boolean }) => [a.code, a.regionCode, a.simulated])).toEqual(
      expect.arrayContaining([
        ['WM-001', '110101000000', true],
        ['MH-001', '110102000000', true],
      ]),
    );
    const catalog = (await get('/api/monitoring/catalog', s.as.analyst)).json();
    expect(catalog.metrics.find((m: { name: string }) => m.name === 'flow_m3h')).toMatchObject({ unit: 'm³/h', unitAliases: ['m3/h'], min: 0, max: 20000 });
    expect(catalog.assetTypes.map((t: { code: string }) => t.code)).toEqual(['manhole', 'water_main']);
  });

  it('re-imports the pack as an upsert: same ids, no duplicates', async () => {
    const before = (await get('/api/monitoring/assets', s.as.admin)).json().assets;
    const dir = await writeMonitoringPack();
    await importPack(s.kernel, s.system, dir, s.packLoaders);
    await fs.rm(dir, { recursive: true, force: true });
    const after = (await get('/api/monitoring/assets', s.as.admin)).json().assets;
    expect(after.map((a: { id: string }) => a.id)).toEqual(before.map((a: { id: string }) => a.id));
  });

  it('filters by type, region, bbox and name, and each handler sees only its jurisdiction', async () => {
    const codes = async (query: string, who = s.as.admin) => (await get(`/api/monitoring/assets?${query}`, who)).json().assets.map((a: { code: string }) => a.code).sort();
    expect(await codes('type=manhole')).toEqual(['MH-001']);
    expect(await codes('region=110101')).toEqual(['WM-001']);
    expect(await codes('bbox=1.55,0.4,1.7,0.6')).toEqual(['WM-001']);
    expect(await codes('bbox=1.7,0.4,1.9,0.6')).toEqual([]);
    expect(await codes('q=西城')).toEqual(['MH-001']);
    expect(await codes('', s.as.dongchengHandler)).toEqual(['WM-001']);
    const bad = await get('/api/monitoring/assets?bbox=1,2,3', s.as.admin);
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'bbox']);
    const xicheng = (await get('/api/monitoring/assets?q=MH-001', s.as.admin)).json().assets[0];
    expect((await get(`/api/monitoring/assets/${xicheng.id}`, s.as.dongchengHandler)).statusCode).toBe(404);
    expect((await get('/api/monitoring/assets', s.as.citizen)).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/api/monitoring/assets' })).statusCode).toBe(401);
  });

  it('gives an asset with its devices, each metric with its unit', async () => {
    const wm = (await get('/api/monitoring/assets?q=WM-001', s.as.admin)).json().assets[0];
    const detail = (await get(`/api/monitoring/assets/${wm.id}`, s.as.dongchengHandler)).json();
    expect(detail).toMatchObject({ code: 'WM-001', type: 'water_main', properties: { diameterMm: 600 }, geometry: { type: 'LineString' }, bbox: [1.4, 0.5, 1.6, 0.5] });
    expect(detail.devices).toEqual([expect.objectContaining({ id: 'wp-1', model: 'PT-100', metrics: [{ name: 'pressure_mpa', unit: 'MPa', latest: null }, { name: 'flow_m3h', unit: 'm³/h', latest: null }] })]);
  });

  it('registers an asset where it lies, for an engineer allowed there, with its devices', async () => {
    const res = await send('POST', '/api/monitoring/assets', s.as.engineer, { type: 'manhole', name: '东城检查井2号', code: 'MH-002', lon: 1.2, lat: 0.3, devices: [{ id: 'gas-1', metrics: ['methane_pct_lel'] }] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'MH-002', regionCode: '110101000000', version: 1 });
    expect(res.json().id).toMatch(/^ast_/);
    const denied = await send('POST', '/api/monitoring/assets', s.as.xichengEngineer, { type: 'manhole', name: 'x', lon: 1.2, lat: 0.3 });
    expect(denied.statusCode).toBe(403);
    const analyst = await send('POST', '/api/monitoring/assets', s.as.analyst, { type: 'manhole', name: 'x', lon: 0.2, lat: 0.3 });
    expect(analyst.statusCode).toBe(403);
    const badType = await send('POST', '/api/monitoring/assets', s.as.engineer, { type: 'bridge', name: 'x', lon: 0.2, lat: 0.3 });
    expect([badType.statusCode, badType.json().error.field]).toEqual([400, 'type']);
    const badMetric = await send('POST', '/api/monitoring/assets', s.as.engineer, { type: 'manhole', name: 'x', lon: 0.2, lat: 0.3, devices: [{ id: 'z-1', metrics: ['rain_mm'] }] });
    expect([badMetric.statusCode, badMetric.json().error.field]).toEqual([400, 'devices.0.metrics']);
    const taken = await send('POST', '/api/monitoring/assets', s.as.engineer, { type: 'manhole', name: 'x', lon: 0.2, lat: 0.3, devices: [{ id: 'lv-1', metrics: ['level_m'] }] });
    expect(taken.statusCode).toBe(409);
    const audit = (await get('/api/core/audit?resourceType=asset', s.as.admin)).json().entries;
    expect(audit[0]).toMatchObject({ action: 'monitoring.asset.created', resourceId: res.json().id });
  });

  it('moves an asset to another region, checking the version and the right to write there', async () => {
    const created = (await send('POST', '/api/monitoring/assets', s.as.engineer, { type: 'manhole', name: '移动井', lon: 0.2, lat: 0.2 })).json();
    expect(created.regionCode).toBe('110102000000');
    const stale = await send('PATCH', `/api/monitoring/assets/${created.id}`, s.as.engineer, { name: 'x', expectedVersion: 5 });
    expect([stale.statusCode, stale.json().error.field]).toEqual([409, 'expectedVersion']);
    const intoDongcheng = await send('PATCH', `/api/monitoring/assets/${created.id}`, s.as.xichengEngineer, { lon: 1.8 });
    expect(intoDongcheng.statusCode).toBe(403);
    const moved = await send('PATCH', `/api/monitoring/assets/${created.id}`, s.as.engineer, { lon: 1.8, expectedVersion: 1 });
    expect(moved.json()).toMatchObject({ regionCode: '110101000000', lon: 1.8, version: 2, name: '移动井' });
  });

  it('registers and changes devices, refusing metrics outside the catalogue', async () => {
    const mh = (await get('/api/monitoring/assets?q=MH-001', s.as.admin)).json().assets[0];
    const created = await send('POST', '/api/monitoring/devices', s.as.engineer, { id: 'ch4-9', assetId: mh.id, metrics: ['methane_pct_lel'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'ch4-9', assetId: mh.id, simulated: true, metrics: [{ name: 'methane_pct_lel', unit: '%LEL', latest: null }] });
    const bad = await send('POST', '/api/monitoring/devices', s.as.engineer, { id: 'ch4-10', assetId: mh.id, metrics: ['nope_x'] });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'metrics']);
    const badId = await send('POST', '/api/monitoring/devices', s.as.engineer, { id: 'a/b', assetId: mh.id, metrics: ['level_m'] });
    expect(badId.statusCode).toBe(400);
    const changed = await send('PATCH', '/api/monitoring/devices/ch4-9', s.as.engineer, { metrics: ['methane_pct_lel', 'level_m'], active: false });
    expect(changed.json()).toMatchObject({ active: false, metrics: [{ name: 'methane_pct_lel' }, { name: 'level_m' }] });
    expect((await get('/api/monitoring/devices/ch4-9', s.as.dongchengHandler)).statusCode).toBe(404);
    expect((await send('PATCH', '/api/monitoring/devices/ch4-9', s.as.analyst, { active: true })).statusCode).toBe(403);
  });
});
