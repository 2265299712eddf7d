import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, type HotlineTestService } from '../support/hotline.js';
import { importPack } from '../../src/core/pack.js';
import { emitEvent } from '../../src/core/events.js';
import { environmentModule, zonesAt } from '../../src/modules/environment/index.js';

type Json = Record<string, any>;

// Three nested toy zones of one reservoir in the toy city's 东城区 (lon 1…2, lat 0…1): level I a
// square around (1.5, 0.5), level II the ring around it, the quasi-protection zone the next ring.
const sq = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const holeOf = (ring: number[][]) => [...ring].reverse();
const zone = (id: string, level: string, coordinates: number[][][]) => ({
  type: 'Feature',
  properties: { id, name: `玩具水库${level}`, level, source: { code: 'toy-reservoir', name: '玩具水库', nameEn: 'Toy Reservoir', kind: 'reservoir' }, regionCodes: ['110101'], sample: true },
  geometry: { type: 'Polygon', coordinates },
});
const zones = (withQuasi = true) => ({
  type: 'FeatureCollection',
  sample: true,
  features: [
    zone('toy-i', 'I', [sq(1.4, 0.4, 1.6, 0.6)]),
    zone('toy-ii', 'II', [sq(1.3, 0.3, 1.7, 0.7), holeOf(sq(1.4, 0.4, 1.6, 0.6))]),
    ...(withQuasi ? [zone('toy-quasi', 'quasi', [sq(1.2, 0.2, 1.8, 0.8), holeOf(sq(1.3, 0.3, 1.7, 0.7))])] : []),
  ],
});

async function importZones(s: HotlineTestService, file: unknown) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-zones-pack-'));
  try {
    await fs.mkdir(path.join(dir, 'environment'));
    await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ name: 'toy', version: '1.0.0', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing' } }));
    await fs.writeFile(path.join(dir, 'environment/water-source-zones.geojson'), JSON.stringify(file));
    return await importPack(s.kernel, s.system, dir, environmentModule.packLoaders!);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe.each(testDrivers())('drinking-water source protection zones (%s)', (driver) => {
  let s: HotlineTestService;
  beforeAll(async () => {
    s = await hotlineTestService({ driver, extraModules: [environmentModule] });
    await importZones(s, zones());
  }, 120_000);
  afterAll(() => s?.close());

  const get = (url: string, headers: Record<string, string> = s.as.admin) => s.app.inject({ method: 'GET', url, headers });
  const fileCase = async (lon: number, lat: number, address = '东城区东华门街道') => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/hotline/cases',
      headers: s.as.operator,
      payload: { kind: 'help', category: '010101', description: '水库边路灯不亮', lon, lat, address, citizen: { name: '张伟', phone: '13812345678' }, attributes: { since: 'week' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().case as Json;
  };
  /** Delivers the case events (the case's point rides in its event), then what the flagging emitted. */
  const settle = async () => {
    await s.kernel.outbox.drain();
    await s.kernel.outbox.drain();
  };
  const flagsOf = async (subject: string, headers = s.as.admin) => {
    const res = await get(`/api/environment/zone-flags?subject=${encodeURIComponent(subject)}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().flags as Json[];
  };
  const flaggedEvents = async () => (await sql<{ payload: Json }>`select payload from core_outbox where topic = 'environment.zone.flagged' order by id`.execute(s.kernel.db)).rows.map((r) => r.payload);

  it('serves the zones as GeoJSON, each a labelled sample with its HJ 338-2018 level name', async () => {
    const res = await get('/api/environment/zones', s.as.citizen);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json();
    expect(fc.features.map((f: Json) => [f.properties.id, f.properties.level, f.properties.levelName.zh, f.properties.sample])).toEqual([
      ['toy-i', 'I', '一级保护区', true],
      ['toy-ii', 'II', '二级保护区', true],
      ['toy-quasi', 'quasi', '准保护区', true],
    ]);
    expect((await get('/api/environment/zones?level=II')).json().features).toHaveLength(1);
  });

  it('answers the zones at a point, strictest first, a shared edge in both', async () => {
    const at = async (lon: number, lat: number) => (await get(`/api/environment/zones/at?lon=${lon}&lat=${lat}`)).json().zones as Json[];
    expect((await at(1.5, 0.5)).map((z) => [z.id, z.onBoundary])).toEqual([['toy-i', false]]);
    expect((await at(1.35, 0.5)).map((z) => z.id)).toEqual(['toy-ii']);
    expect((await at(1.25, 0.5)).map((z) => z.id)).toEqual(['toy-quasi']);
    expect((await at(1.4, 0.5)).map((z) => [z.id, z.onBoundary])).toEqual([
      ['toy-i', true],
      ['toy-ii', true],
    ]);
    expect(await at(0.5, 0.5)).toEqual([]);
    const bad = await get('/api/environment/zones/at?lon=1.5&lat=95');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ kind: 'invalid', field: 'lat' });
  });

  it('flags a case filed inside a zone with the zone and its level, and emits environment.zone.flagged', async () => {
    const c = await fileCase(1.5, 0.5);
    await settle();
    const flags = await flagsOf(`hotline_case:${c.id}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ subject: { type: 'hotline_case', id: c.id }, zone: { id: 'toy-i', level: 'I', levelName: { zh: '一级保护区', en: 'Level I protection zone' }, sourceCode: 'toy-reservoir' }, lon: 1.5, lat: 0.5 });
    const events = (await flaggedEvents()).filter((p) => p.subject.id === c.id);
    expect(events).toEqual([expect.objectContaining({ flagId: flags[0]!.id, zone: expect.objectContaining({ id: 'toy-i', level: 'I', sample: true }) })]);
  });

  it('does not flag a case outside every zone', async () => {
    const east = await fileCase(1.9, 0.9);
    const west = await fileCase(0.5, 0.5, '西城区');
    await settle();
    expect(await flagsOf(east.id)).toEqual([]);
    expect(await flagsOf(west.id)).toEqual([]);
  });

  it('records one flag and one event however often the case event is delivered (at-least-once)', async () => {
    const c = await fileCase(1.45, 0.55);
    await settle();
    const before = (await flaggedEvents()).length;
    // Deliver every case event to the subscriber again, as after a crash between handling and recording.
    await sql`delete from core_outbox_deliveries where subscriber = 'environment.flag-zones'`.execute(s.kernel.db);
    await sql`update core_outbox set done_at = null where topic = 'hotline.case.received'`.execute(s.kernel.db);
    await settle();
    // The subscriber handled the case's event again …
    const redelivered = await sql<{ n: number }>`select count(*)::int as n from core_outbox_deliveries where subscriber = 'environment.flag-zones'`.execute(s.kernel.db);
    expect(redelivered.rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(await flagsOf(c.id)).toHaveLength(1);
    expect((await flaggedEvents()).length).toBe(before);
  });

  it('flags a monitoring alarm from its point, once for a duplicated event', async () => {
    for (let i = 0; i < 2; i++) await emitEvent(s.kernel.db, '110000', 'monitoring.alarm.raised', { alarmId: 'alm_toy', assetId: 'ast_toy', lon: 1.35, lat: 0.5, regionCode: '110101' });
    await emitEvent(s.kernel.db, '110000', 'monitoring.alarm.raised', { alarmId: 'alm_far', assetId: 'ast_far', lon: 0.2, lat: 0.2 });
    await s.kernel.outbox.drain();
    const flags = await flagsOf('monitoring_alarm:alm_toy');
    expect(flags.map((f) => [f.zone.id, f.zone.level])).toEqual([['toy-ii', 'II']]);
    expect(await flagsOf('alm_far')).toEqual([]);
    expect((await flaggedEvents()).filter((p) => p.subject.id === 'alm_toy')).toHaveLength(1);
  });

  it('shows flags within the reader’s jurisdiction only, and none to citizens', async () => {
    const c = await fileCase(1.55, 0.45);
    await settle();
    expect(await flagsOf(c.id, s.as.street)).toHaveLength(1);
    expect(await flagsOf(c.id, s.as.xicheng)).toEqual([]);
    expect((await get(`/api/environment/zone-flags?subject=${c.id}`, s.as.citizen)).statusCode).toBe(403);
    expect((await get('/api/environment/zone-flags')).json().flags.length).toBeGreaterThanOrEqual(3);
  });

  it('re-imports safely: the same pack changes nothing, a smaller one drops a zone and keeps old flags', async () => {
    const again = await importZones(s, zones());
    expect(again.loaders.find((l) => l.name === 'environment.zones')!.counts).toEqual({ zones: 3, removed: 0 });
    expect((await zonesAt(s.kernel, '110000', 1.25, 0.5)).map((z) => z.id)).toEqual(['toy-quasi']);
    const smaller = await importZones(s, zones(false));
    expect(smaller.loaders.find((l) => l.name === 'environment.zones')!.counts).toEqual({ zones: 2, removed: 1 });
    expect(await zonesAt(s.kernel, '110000', 1.25, 0.5)).toEqual([]);
    expect((await get('/api/environment/zone-flags?zone=toy-ii')).json().flags.length).toBeGreaterThanOrEqual(1);
    await importZones(s, zones());
  });

  it('refuses a zones file with a bad zone and keeps the zones it had', async () => {
    const bad = zones();
    bad.features[1]!.properties.level = 'III';
    await expect(importZones(s, bad)).rejects.toMatchObject({ kind: 'invalid', field: expect.stringContaining('features.1.properties.level') });
    expect((await get('/api/environment/zones')).json().features).toHaveLength(3);
  });
});
