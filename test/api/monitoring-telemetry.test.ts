import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../support/db.js';
import { addReadingsHook, type IngestedReading } from '../../src/modules/monitoring/index.js';
import { monitoringTestService, type MonitoringTestService } from './monitoring-support.js';

describe.each(testDrivers())('telemetry over HTTP, readings and the quarantine (%s)', (driver) => {
  let s: MonitoringTestService;
  const hooked: IngestedReading[] = [];
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  beforeAll(async () => {
    s = await monitoringTestService({ driver });
    addReadingsHook(s.kernel, { name: 'test', onReadings: (r) => void hooked.push(...r) });
  });
  afterAll(() => s.close());

  const post = (payload: unknown, headers = s.as.engineer) => s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers, payload: payload as object });
  const get = (url: string, headers = s.as.admin) => s.app.inject({ method: 'GET', url, headers });

  it('stores readings once committed and answers with the counts', async () => {
    const res = await post({ device: 'wp-1', ts: at(10), readings: [{ metric: 'pressure_mpa', value: 0.31 }, { metric: 'flow_m3h', value: 120, unit: 'm3/h' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ messages: 1, accepted: 2, quarantined: 0 });
    const batch = await post([
      { device: 'wp-1', ts: at(8), readings: [{ metric: 'pressure_mpa', value: 0.29 }] },
      { device: 'lv-1', readings: [{ metric: 'level_m', value: 1.25, ts: now - 5 * 60_000 }] },
    ]);
    expect(batch.json()).toEqual({ messages: 2, accepted: 2, quarantined: 0 });
    const readings = (await get('/api/monitoring/devices/wp-1/readings?metric=pressure_mpa')).json();
    expect(readings.series).toEqual([{ metric: 'pressure_mpa', unit: 'MPa', truncated: false, points: [{ ts: at(10), value: 0.31 }, { ts: at(8), value: 0.29 }] }]);
  });

  it('hands each committed batch to the readings hook with asset, device, metric, value and time', async () => {
    const asset = (await get('/api/monitoring/assets?q=WM-001')).json().assets[0];
    expect(hooked).toEqual(expect.arrayContaining([{ deviceId: 'wp-1', assetId: asset.id, metric: 'flow_m3h', value: 120, ts: now - 10 * 60_000 }]));
  });

  it('keeps the latest value per metric, never moved back by a late reading', async () => {
    await post({ device: 'wp-1', ts: at(30), readings: [{ metric: 'pressure_mpa', value: 0.5 }] });
    const wm = (await get('/api/monitoring/assets?q=WM-001')).json().assets[0];
    const detail = (await get(`/api/monitoring/assets/${wm.id}`)).json();
    expect(detail.devices[0].metrics).toEqual([
      { name: 'pressure_mpa', unit: 'MPa', latest: { ts: at(8), value: 0.29 } },
      { name: 'flow_m3h', unit: 'm³/h', latest: { ts: at(10), value: 120 } },
    ]);
    expect((await get('/api/monitoring/devices/wp-1')).json().metrics[0].latest).toEqual({ ts: at(8), value: 0.29 });
  });

  it('stores a reading sent twice only once', async () => {
    const before = (await get('/api/monitoring/devices/lv-1/readings')).json().series[0].points;
    const again = await post({ device: 'lv-1', readings: [{ metric: 'level_m', value: 1.25, ts: now - 5 * 60_000 }] });
    expect(again.json()).toMatchObject({ accepted: 1 });
    expect((await get('/api/monitoring/devices/lv-1/readings')).json().series[0].points).toEqual(before);
    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/citywork_monitoring_readings_total\{outcome="duplicate"\} 1/);
  });

  it('quarantines every kind of bad reading with its reason and raw payload, and counts them', async () => {
    const cases: [string, unknown][] = [
      ['unknown_device', { device: 'ghost-1', ts: at(1), readings: [{ metric: 'level_m', value: 1 }] }],
      ['bad_topic', { device: 'bad/id', ts: at(1), readings: [{ metric: 'level_m', value: 1 }] }],
      ['unknown_metric', { device: 'lv-1', ts: at(1), readings: [{ metric: 'rain_mm', value: 1 }] }],
      ['metric_not_on_device', { device: 'lv-1', ts: at(1), readings: [{ metric: 'pressure_mpa', value: 1 }] }],
      ['wrong_unit', { device: 'lv-1', ts: at(1), readings: [{ metric: 'level_m', value: 1, unit: 'cm' }] }],
      ['not_numeric', { device: 'lv-1', ts: at(1), readings: [{ metric: 'level_m', value: 'high' }] }],
      ['out_of_range', { device: 'lv-1', ts: at(1), readings: [{ metric: 'level_m', value: 31 }] }],
      ['future_ts', { device: 'lv-1', ts: new Date(now + 3600_000).toISOString(), readings: [{ metric: 'level_m', value: 1 }] }],
      ['too_old', { device: 'lv-1', ts: '2001-01-01T00:00:00Z', readings: [{ metric: 'level_m', value: 1 }] }],
      ['bad_ts', { device: 'lv-1', ts: '2026-01-01 08:00', readings: [{ metric: 'level_m', value: 1 }] }],
      ['malformed_payload', { device: 'lv-1', ts: at(1), readings: [42] }],
    ];
    for (const [, body] of cases) expect((await post(body)).json()).toMatchObject({ accepted: 0, quarantined: 1 });
    const q = (await get('/api/monitoring/quarantine?limit=50', s.as.engineer)).json();
    for (const [reason] of cases) expect(q.counts[reason]).toBe(1);
    const wrongUnit = q.entries.find((e: { reason: string }) => e.reason === 'wrong_unit');
    expect(wrongUnit).toMatchObject({ source: 'http', deviceId: 'lv-1', metric: 'level_m', topic: 'citywork/110000/lv-1/telemetry', reading: { metric: 'level_m', value: 1, unit: 'cm' }, reasonText: { zh: '单位不符' } });
    expect(JSON.parse(wrongUnit.payload)).toMatchObject({ readings: [{ unit: 'cm' }] });
    const onlyRange = (await get('/api/monitoring/quarantine?reason=out_of_range', s.as.engineer)).json();
    expect(onlyRange.entries.map((e: { detail: string }) => e.detail)).toEqual(['31 m is outside 0..30']);
    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/citywork_monitoring_quarantined_total\{reason="future_ts"\} 1/);
  });

  it('accepts the good readings of a message and quarantines the bad', async () => {
    const res = await post({ device: 'wp-1', ts: at(2), readings: [{ metric: 'pressure_mpa', value: 0.3 }, { metric: 'pressure_mpa', value: -1, ts: at(3) }, { metric: 'flow_m3h', value: 99 }] });
    expect(res.json()).toEqual({ messages: 1, accepted: 2, quarantined: 1 });
  });

  it('lets only engineers, admins and their tokens send, and staff read the quarantine', async () => {
    const body = { device: 'lv-1', ts: at(1), readings: [] };
    expect((await post(body, s.as.analyst)).statusCode).toBe(403);
    expect((await post(body, s.as.citizen)).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', payload: body })).statusCode).toBe(401);
    expect((await post({ ts: at(1), readings: [] })).json().error.field).toBe('0.device');
    expect((await get('/api/monitoring/quarantine', s.as.dongchengHandler)).statusCode).toBe(403);
    // A Xicheng engineer sees only what came from devices in Xicheng.
    const xicheng = (await get('/api/monitoring/quarantine?limit=100', s.as.xichengEngineer)).json();
    expect(new Set(xicheng.entries.map((e: { deviceId: string }) => e.deviceId))).toEqual(new Set(['lv-1']));
  });

  it('reads hourly min/max/avg/count from the raw readings of hours not rolled up yet', async () => {
    const hour = Math.floor((now - 3 * 3600_000) / 3600_000) * 3600_000;
    await post({ device: 'lv-1', readings: [1, 2, 6].map((value, i) => ({ metric: 'level_m', value, ts: hour + i * 60_000 })) });
    const res = (await get(`/api/monitoring/devices/lv-1/readings?resolution=hour&from=${new Date(hour).toISOString()}&to=${new Date(hour + 3600_000).toISOString()}`)).json();
    expect(res.series[0].points).toEqual([{ ts: new Date(hour).toISOString(), min: 1, max: 6, avg: 3, count: 3 }]);
  });

  it('says where the broker is, and /readyz shows it', async () => {
    const broker = (await s.app.inject({ method: 'GET', url: '/api/monitoring/broker' })).json();
    // Nothing listens in an app served by inject: MQTT is off until the service listens.
    expect(broker).toMatchObject({ embedded: true, state: 'off', topic: 'citywork/110000/<device_id>/telemetry', requestedPort: 1883 });
    expect((await s.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', modules: { monitoring: { mqtt: { embedded: true, state: 'off' } } } });
  });
});
