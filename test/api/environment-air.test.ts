import os from 'node:os';
import path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';
import { dailyAqi, environmentModule, goodAirDaysShare, parseUciBeijing, recomputeRecentAirDays, summariseAir, writeUciSlice } from '../../src/modules/environment/index.js';

type Json = Record<string, any>;

// The UCI Beijing Multi-Site data, read at run time (never copied into the repository).
const dataDir = path.resolve('../shared/data/beijing-air');
const present = existsSync(path.join(dataDir, 'PRSA_Data_Dongsi_20130301-20170228.csv'));
if (!present) {
  if (process.env.CI === 'true') throw new Error(`${dataDir} is missing: the air-station import cannot be tested`);
  console.warn(`[environment-air] skipped: ${dataDir} is absent (the UCI Beijing air-quality data, see its SOURCE.txt)`);
}

// A toy Beijing: the city, 东城区 a box around 东四 and 天坛, 西城区 the box west of it.
const box = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
async function writePack(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-air-pack-'));
  const files: Record<string, unknown> = {
    'pack.json': { name: 'toy', version: '1.0.0', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing', timezone: 'Asia/Shanghai' } },
    'regions/divisions.json': {
      regions: [
        { code: '11', name: '北京市', nameEn: 'Beijing', level: 'province', parent: null },
        { code: '1101', name: '市辖区', level: 'city', parent: '11' },
        { code: '110101', name: '东城区', nameEn: 'Dongcheng', level: 'district', parent: '1101' },
        { code: '110102', name: '西城区', nameEn: 'Xicheng', level: 'district', parent: '1101' },
      ],
    },
    'regions/boundaries.geojson': {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '110000000000' }, geometry: box(116.0, 39.6, 117.0, 40.5) },
        { type: 'Feature', properties: { code: '110101' }, geometry: box(116.4, 39.8, 116.5, 40.0) },
        { type: 'Feature', properties: { code: '110102' }, geometry: box(116.3, 39.8, 116.4, 40.0) },
      ],
    },
    // The Beijing pack's own catalogue: the air_station type and its six pollutant metrics.
    'monitoring/catalog.json': JSON.parse(await fs.readFile(path.resolve('packs/beijing/monitoring/catalog.json'), 'utf8')),
  };
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), JSON.stringify(content));
  }
  return dir;
}

// Two bad cells in the slice: a negative PM2.5 at 东四 (row 3, 2013-03-01 02:00) and an SO2 that is no number at 天坛 (row 4).
const edits = [
  { station: 'Dongsi', row: 3, column: 'PM2.5', value: '-5' },
  { station: 'Tiantan', row: 4, column: 'SO2', value: '1x2' },
];
const uciColumns = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];

describe.skipIf(!present).each(testDrivers())('air stations on the UCI Beijing data (%s)', (driver) => {
  let s: TestService;
  let slice: string;
  let admin: Record<string, string>;
  let analyst: Record<string, string>;
  let sliceText: Record<string, string>;
  let first: Json;
  const get = async (url: string, headers = analyst) => {
    const r = await s.app.inject({ method: 'GET', url, headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Json;
  };
  const importSlice = async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/environment/air/import', headers: admin, payload: { dir: slice } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Json;
  };

  beforeAll(async () => {
    s = await testService({ driver, modules: [regionsModule, monitoringModule, environmentModule] });
    const pack = await writePack();
    try {
      await importPack(s.kernel, s.system, pack, s.packLoaders);
    } finally {
      await fs.rm(pack, { recursive: true, force: true });
    }
    admin = bearer(await seedToken(s, { roles: ['admin'] }));
    analyst = bearer(await seedToken(s, { roles: ['analyst'] }));
    slice = await writeUciSlice(dataDir, { stations: ['Dongsi', 'Tiantan'], rows: 2000, edits });
    sliceText = Object.fromEntries(await Promise.all((await fs.readdir(slice)).map(async (f) => [f.split('_')[2]!, await fs.readFile(path.join(slice, f), 'utf8')])));
    first = await importSlice();
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    if (slice) await fs.rm(slice, { recursive: true, force: true });
  });

  it('creates the two stations as monitoring assets at their published points, each in its district', async () => {
    expect(first).toMatchObject({ files: 2, rows: 4000, quarantined: 2 });
    expect(first.stations.map((x: Json) => [x.code, x.name, x.created, x.rows])).toEqual([
      ['1003A', '东四', true, 2000],
      ['1004A', '天坛', true, 2000],
    ]);
    const assets = await get('/api/monitoring/assets?type=air_station', admin);
    expect(assets.assets.map((a: Json) => [a.code, a.lon, a.lat, a.regionCode, a.simulated])).toEqual([
      ['1003A', 116.434, 39.9522, '110101000000', false],
      ['1004A', 116.434, 39.8745, '110101000000', false],
    ]);
    const stations = await get('/api/environment/air/stations');
    expect(stations.stations.map((x: Json) => [x.code, x.approximate, x.uncertaintyM, x.first, x.last])).toEqual([
      ['1003A', true, 43, '2013-03-01', '2013-05-23'],
      ['1004A', true, 43, '2013-03-01', '2013-05-23'],
    ]);
    // The city has a figure from its stations; a district none (its figure needs its own district stations).
    expect(stations.regions.map((r: Json) => [r.code, r.name, r.stations.length])).toEqual([['110000000000', '北京市', 2]]);
  });

  it('stores every value that is not NA through monitoring (CO from µg/m³ to mg/m³), and quarantines the bad ones with their reason', async () => {
    // What the slice holds: cells that are neither NA nor empty.
    const cells = Object.values(sliceText).flatMap((text) => {
      const [head, ...rows] = text.trim().split(/\r?\n/);
      const at = head!.split(',').map((c) => c.replace(/"/g, ''));
      return rows.flatMap((r) => uciColumns.map((c) => r.split(',')[at.indexOf(c)]).filter((v) => v !== 'NA' && v !== ''));
    });
    expect(first.readings).toBe(cells.length);
    expect(first.stored).toBe(cells.length - 2);
    const q = await get('/api/monitoring/quarantine', admin);
    expect(q.counts).toEqual({ out_of_range: 1, not_numeric: 1 });
    expect(q.entries.map((e: Json) => [e.deviceId, e.metric, e.reason]).sort()).toEqual([
      ['aq-1003A', 'pm25_ugm3', 'out_of_range'],
      ['aq-1004A', 'so2_ugm3', 'not_numeric'],
    ]);
    // 2013-03-10 at 东四: CO was NA at 08:00, so that hour has no CO reading at all (never a zero).
    const day = { from: '2013-03-09T16:00:00Z', to: '2013-03-10T16:00:00Z' };
    const co = await get(`/api/monitoring/devices/aq-1003A/readings?metric=co_mgm3&resolution=raw&from=${day.from}&to=${day.to}`, admin);
    const points = co.series[0].points as { ts: string; value: number }[];
    expect(co.series[0].unit).toBe('mg/m³');
    expect(points).toHaveLength(23);
    expect(points.find((p) => p.ts === '2013-03-10T00:00:00.000Z')).toBeUndefined();
    expect(points[0]).toEqual({ ts: '2013-03-09T16:00:00.000Z', value: 0.5 });
    expect(points.at(-1)).toEqual({ ts: '2013-03-10T15:00:00.000Z', value: 1.399 });
  });

  it('gives 东四’s daily AQI of 2013-03-10 as computed by hand', async () => {
    const r = await get('/api/environment/air/daily?station=1003A&from=2013-03-10&to=2013-03-10');
    const [d] = r.days as Json[];
    // 24-h means: PM2.5 872/24 = 36.33 → 36, PM10 1595/24 = 66.46 → 66, SO2 462/24 = 19.25 → 19,
    // NO2 1277/24 = 53.21 → 53, CO 20 999/23 µg/m³ (08:00 is NA) = 0.913 → 0.9 mg/m³; O3 highest
    // hour 97, highest 8-h mean 97 (17 valid windows). HJ 633-2012 table 1, rounded up:
    // PM2.5 50 + 50/40 × 1 = 51.25 → 52; PM10 50 + 50/100 × 16 = 58; SO2 19; NO2 50 + 50/40 × 13 =
    // 66.25 → 67; CO 22.5 → 23; O3 1-h 97 × 50/160 = 30.3 → 31; O3 8-h 48.5 → 49. AQI 67 (NO2), 良.
    expect(d).toMatchObject({ date: '2013-03-10', standard: 'hj633-2012', valid: true, aqi: 67, level: 2, category: '良', primary: ['no2_24h'], o3ValidWindows: 17, stations: 1 });
    expect(d!.hours).toEqual({ pm25: 24, pm10: 24, so2: 24, no2: 24, co: 23, o3: 24 });
    expect(d!.iaqi).toEqual({ pm25_24h: 52, pm10_24h: 58, so2_24h: 19, no2_24h: 67, co_24h: 23, o3_1h: 31, o3_8h: 49 });
    expect(d!.concentrations.pm25_24h).toBeCloseTo(872 / 24, 9);
    expect(d!.concentrations.co_24h).toBeCloseTo(20.999 / 23, 9);
    expect(r.scope).toMatchObject({ kind: 'station', code: '1003A', name: '东四' });
    expect(r.notes.join(' ')).toContain('GB 3095-2012 §8');
  });

  it('sums a station’s month exactly as the pure functions sum the file, and the city from the mean of its stations’ hours', async () => {
    // The pure path reads the file as it is (a negative value is refused by the daily statistics), the SO2 that is no number as missing.
    const fromFile = (station: string) => parseUciBeijing(sliceText[station]!.replace(',1x2,', ',NA,')).readings;
    const expected = summariseAir(dailyAqi(fromFile('Dongsi')).filter((d) => d.date.startsWith('2013-04')));
    const api = await get('/api/environment/air/summary?station=Dongsi&year=2013&month=4');
    expect(api).toMatchObject({ year: 2013, month: 4, period: { from: '2013-04-01', to: '2013-04-30' } });
    for (const key of ['days', 'validDays', 'goodDays', 'goodShare', 'daysByLevel', 'exceedanceDays', 'primaryCounts', 'pm25Days'] as const) expect(api[key], key).toEqual(expected[key]);
    expect(api.meanPm25).toBeCloseTo(expected.meanPm25!, 9);

    // The city: each hour the mean of 东四's and 天坛's values (the quarantined ones left out), then the same rules.
    const byHour = new Map<string, Json[]>();
    for (const st of ['Dongsi', 'Tiantan']) for (const h of fromFile(st)) byHour.set(String(h.ts), [...(byHour.get(String(h.ts)) ?? []), h]);
    const mean = [...byHour].map(([ts, hs]) => {
      const m: Json = { ts };
      for (const p of ['pm25', 'pm10', 'so2', 'no2', 'co', 'o3']) {
        const v = hs.map((h) => h[p]).filter((x) => typeof x === 'number' && x >= 0);
        if (v.length) m[p] = v.reduce((a, b) => a + b, 0) / v.length;
      }
      return m;
    });
    const city = summariseAir(dailyAqi(mean as never).filter((d) => d.date.startsWith('2013-04')));
    const cityApi = await get('/api/environment/air/summary?station=city&year=2013&month=4');
    expect(cityApi.scope).toMatchObject({ kind: 'region', id: '110000000000', name: '北京市' });
    expect([cityApi.validDays, cityApi.goodDays, cityApi.daysByLevel, cityApi.stationsMax]).toEqual([city.validDays, city.goodDays, city.daysByLevel, 2]);
    expect(cityApi.meanPm25).toBeCloseTo(city.meanPm25!, 6);
    expect(cityApi.notes.join(' ')).toContain('mean of the concentrations of its stations');
    const year = await get('/api/environment/air/summary?region=110000&year=2013');
    expect(year.months).toHaveLength(12);
    expect(year.months[3].validDays).toBe(cityApi.validDays);
    const district = await s.app.inject({ method: 'GET', url: '/api/environment/air/summary?region=110101&year=2013', headers: analyst });
    expect(district.json().error).toMatchObject({ kind: 'not_found', field: 'region' });
  });

  it('offers the share of good days to the checkup: real for the years it has, missing for the others', async () => {
    const memo = <T>(_k: string, fn: () => Promise<T>) => fn();
    const scope = (regionCode: string, year: number) => ({ cityCode: '110000', regionCode, year, params: {}, memo });
    const city = await get('/api/environment/air/summary?station=city&year=2013');
    const r = await goodAirDaysShare.compute(s.kernel, scope('110000000000', 2013));
    expect(r).toMatchObject({ value: Math.round(city.goodShare * 10_000) / 100, sample: false });
    expect(r.source).toContain('UCI Beijing Multi-Site');
    expect(await goodAirDaysShare.compute(s.kernel, scope('110000000000', 2020))).toMatchObject({ value: null });
    expect((await goodAirDaysShare.compute(s.kernel, scope('110101000000', 2013))).value).toBeNull();
  });

  it('stores nothing twice when the same files are imported again', async () => {
    const count = async () => Number((await sql<{ n: number }>`select coalesce(sum(cardinality(series)), 0)::int as n from monitoring_readings`.execute(s.kernel.db)).rows[0]!.n);
    const before = { readings: await count(), days: await get('/api/environment/air/daily?station=1004A&from=2013-03-01&to=2013-05-31') };
    const again = await importSlice();
    expect(again).toMatchObject({ stored: 0, duplicates: first.stored, quarantined: 2, readings: first.readings });
    expect(again.stations.map((x: Json) => x.created)).toEqual([false, false]);
    expect(await count()).toBe(before.readings);
    expect((await get('/api/monitoring/quarantine', admin)).entries).toHaveLength(2);
    expect((await get('/api/environment/air/daily?station=1004A&from=2013-03-01&to=2013-05-31')).days).toEqual(before.days.days);
  });

  it('follows live telemetry: a station’s readings sent now show in today’s figures after the job runs', async () => {
    const now = s.kernel.clock.now();
    const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const sent = await s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers: admin, payload: { device: 'aq-1003A', ts: now.toISOString(), readings: [{ metric: 'pm25_ugm3', value: 42 }, { metric: 'co_mgm3', value: 0.8, unit: 'mg/m3' }] } });
    expect(sent.json()).toMatchObject({ accepted: 2, quarantined: 0 });
    const report = await recomputeRecentAirDays(s.kernel);
    expect(report).toMatchObject({ to: today, stations: 2, regions: 1 });
    const [d] = (await get(`/api/environment/air/daily?station=1003A&from=${today}&to=${today}`)).days as Json[];
    // One hour is far from the 20 a 24-h mean needs: a day with data, but no valid AQI yet.
    expect(d).toMatchObject({ date: today, valid: false, aqi: null, hours: { pm25: 1, co: 1, pm10: 0 } });
    expect(d!.concentrations.pm25_24h).toBeNull();
  });

  it('lets only those who may write assets import, and says what is wrong with a bad folder', async () => {
    const denied = await s.app.inject({ method: 'POST', url: '/api/environment/air/import', headers: analyst, payload: { dir: slice } });
    expect(denied.statusCode).toBe(403);
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-air-empty-'));
    const bad = await s.app.inject({ method: 'POST', url: '/api/environment/air/import', headers: admin, payload: { dir: empty } });
    await fs.rm(empty, { recursive: true, force: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ kind: 'invalid', field: 'dir' });
    const unknown = await s.app.inject({ method: 'GET', url: '/api/environment/air/summary?station=nowhere&year=2014', headers: analyst });
    expect(unknown.json().error).toMatchObject({ kind: 'not_found', field: 'station' });
  });

  it('gives Dongsi 2014 under HJ 633-2012: 315 valid days, 154 good, mean PM2.5 86.2 µg/m³', async () => {
    const started = performance.now();
    const r = await s.app.inject({ method: 'POST', url: '/api/environment/air/import', headers: admin, payload: { dir: dataDir, stations: ['Dongsi'], from: '2014-01-01', to: '2014-12-31' } });
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json() as Json;
    const summary = await get('/api/environment/air/summary?station=1003A&year=2014');
    console.log(`[environment-air ${driver}] Dongsi 2014 imported in ${((performance.now() - started) / 1000).toFixed(1)} s (${report.rows} rows, ${report.stored} readings stored): ${JSON.stringify({ days: summary.days, validDays: summary.validDays, goodDays: summary.goodDays, goodShare: summary.goodShare, meanPm25: summary.meanPm25, daysByLevel: summary.daysByLevel, exceedanceDays: summary.exceedanceDays, primaryCounts: summary.primaryCounts })}`);
    expect(report).toMatchObject({ rows: 8760, quarantined: 0 });
    expect(summary).toMatchObject({ days: 365, validDays: 315, goodDays: 154, pm25Days: 360, standards: ['hj633-2012'] });
    expect(summary.meanPm25.toFixed(1)).toBe('86.2');
  }, 120_000);
});
