import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { cityLoader, importPack, orderLoaders, readManifest, type PackLoader } from '../../src/core/pack.js';
import { AppError } from '../../src/core/errors.js';
import { systemActor } from '../../src/core/context.js';
import type { CoreTables } from '../../src/core/db/tables.js';
import type { CityworkModule } from '../../src/core/module.js';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken } from '../support/http.js';
import { appError, fixtures, rejection, tempDir } from './helpers.js';

interface Station {
  code: string;
  name: string;
  /** A station the loader cannot load: it throws after loading the ones before. */
  broken?: boolean;
}

// The order in which loaders ran, across the suite; tests look at what they appended.
const ran: string[] = [];

// Listed lines-first on purpose: `after` must put stations before lines.
const linesLoader: PackLoader = {
  name: 'fxp.lines',
  after: ['fxp.stations'],
  async load({ has, readJson, trx, ctx }) {
    ran.push('fxp.lines');
    if (!has('lines.json')) return { lines: 0 };
    const lines = await readJson<{ code: string; stations: string[] }[]>('lines.json');
    for (const line of lines) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from fxp_stations where city_code = ${ctx.cityCode} and code = any(${line.stations})`.execute(trx);
      if (rows[0]!.n !== line.stations.length) throw new AppError('invalid', `line ${line.code} names a station the pack lacks`, { field: 'lines.json' });
      await sql`insert into fxp_lines (city_code, code, stations) values (${ctx.cityCode}, ${line.code}, ${line.stations})
        on conflict (city_code, code) do update set stations = excluded.stations`.execute(trx);
    }
    return { lines: lines.length };
  },
};
const stationsLoader: PackLoader = {
  name: 'fxp.stations',
  after: ['core.city'],
  async load({ readJson, trx, ctx, progress }) {
    ran.push('fxp.stations');
    const stations = await readJson<Station[]>('stations.json');
    let done = 0;
    for (const st of stations) {
      if (st.broken) throw new Error(`station ${st.code} cannot be loaded`);
      await sql`insert into fxp_stations (city_code, code, name) values (${ctx.cityCode}, ${st.code}, ${st.name})
        on conflict (city_code, code) do update set name = excluded.name`.execute(trx);
      progress(++done, stations.length);
    }
    return { stations: stations.length };
  },
};
const fxp: CityworkModule = { name: 'fxp', migrationsDir: path.join(fixtures, 'modules', 'fxp'), packLoaders: [linesLoader, stationsLoader] };

const manifest = (code = '110000', extra: Record<string, unknown> = {}) => ({
  name: 'fixture-city',
  version: '2026.1',
  city: { code, nameZh: '测试市', nameEn: 'Fixture City' },
  sources: [{ name: 'hand-made', licence: 'CC0-1.0' }],
  ...extra,
});
const stations: Station[] = [
  { code: 's1', name: '天安门东' },
  { code: 's2', name: '王府井' },
  { code: 's3', name: '东单' },
];

describe.each(testDrivers())('city pack import (%s)', (driver) => {
  let s: TestService;
  let db: Kysely<CoreTables>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let packs = 0;
  beforeAll(async () => {
    [s, tmp] = await Promise.all([testService({ driver, modules: [fxp] }), tempDir('citywork-pack-')]);
    db = s.kernel.db;
  });
  afterAll(async () => {
    await s?.close();
    await tmp?.remove();
  });

  /** A new pack folder with the given files (objects are written as JSON, strings as they are). */
  async function pack(files: Record<string, unknown>): Promise<string> {
    const dir = path.join(tmp.dir, `pack-${++packs}`);
    for (const [name, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return dir;
  }
  const importIt = (dir: string, loaders = s.packLoaders) => importPack(s.kernel, s.system, dir, loaders);
  /** Everything a pack of `cityCode` may have written. */
  async function traces(cityCode: string) {
    const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
    const n = (table: 'core_cities' | 'core_pack_imports') =>
      count(db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('city_code', '=', cityCode).executeTakeFirstOrThrow());
    const { rows: st } = await sql<{ n: number }>`select count(*)::int as n from fxp_stations where city_code = ${cityCode}`.execute(db);
    const { rows: ln } = await sql<{ n: number }>`select count(*)::int as n from fxp_lines where city_code = ${cityCode}`.execute(db);
    const audit = await count(
      db.selectFrom('core_audit').select(({ fn }) => fn.countAll<number>().as('n')).where('city_code', '=', cityCode).where('action', '=', 'core.pack.imported').executeTakeFirstOrThrow(),
    );
    return { cities: await n('core_cities'), imports: await n('core_pack_imports'), stations: st[0]!.n, lines: ln[0]!.n, audit };
  }
  const nothing = { cities: 0, imports: 0, stations: 0, lines: 0, audit: 0 };

  it('imports the city and the modules’ data, records the import, and runs loaders in `after` order', async () => {
    const dir = await pack({ 'pack.json': manifest('110000'), 'stations.json': stations, 'lines.json': [{ code: 'L1', stations: ['s1', 's2', 's3'] }] });
    const progress: string[] = [];
    ran.length = 0;
    const report = await importPack(s.kernel, s.system, dir, s.packLoaders, { onProgress: (loader, done, total) => progress.push(`${loader}:${done}/${total}`) });
    expect(ran).toEqual(['fxp.stations', 'fxp.lines']);
    expect(report).toMatchObject({ pack: 'fixture-city', version: '2026.1', cityCode: '110000' });
    expect(report.id).toMatch(/^pkg_/);
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.loaders.map((l) => [l.name, l.counts])).toEqual([
      ['core.city', { cities: 1 }],
      ['core.orgs', {}],
      ['fxp.stations', { stations: 3 }],
      ['fxp.lines', { lines: 1 }],
    ]);
    expect(progress).toEqual(['fxp.stations:1/3', 'fxp.stations:2/3', 'fxp.stations:3/3']);

    const city = await db.selectFrom('core_cities').selectAll().where('city_code', '=', '110000').executeTakeFirstOrThrow();
    expect(city).toMatchObject({ name_zh: '测试市', name_en: 'Fixture City', timezone: 'Asia/Shanghai' });
    expect(city.manifest).toEqual({ ...manifest('110000'), city: { ...manifest('110000').city, timezone: 'Asia/Shanghai' } });
    const record = await db.selectFrom('core_pack_imports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ city_code: '110000', pack_name: 'fixture-city', version: '2026.1', digest: report.digest, actor_label: 'system:test' });
    expect(record.summary).toEqual(report.loaders);
    const { rows } = await sql<{ code: string; name: string }>`select code, name from fxp_stations where city_code = '110000' order by code`.execute(db);
    expect(rows).toEqual(stations.map(({ code, name }) => ({ code, name })));
    expect(await traces('110000')).toEqual({ cities: 1, imports: 1, stations: 3, lines: 1, audit: 1 });
  });

  it('imports the same pack again without duplicating anything, and updates what changed', async () => {
    const files = { 'pack.json': manifest('310000'), 'stations.json': stations, 'lines.json': [{ code: 'L2', stations: ['s1', 's3'] }] };
    const first = await importIt(await pack(files));
    const again = await importIt(await pack(files));
    expect(again.digest).toBe(first.digest);
    expect(again.id).not.toBe(first.id);
    expect(await traces('310000')).toEqual({ cities: 1, imports: 2, stations: 3, lines: 1, audit: 2 });

    const renamed = stations.map((st) => (st.code === 's2' ? { ...st, name: '王府井站' } : st));
    // The third import goes through the API, as the console would send it.
    const token = await seedToken(s, { roles: ['admin'] });
    const res = await s.app.inject({ method: 'POST', url: '/api/core/packs', headers: bearer(token), payload: { dir: await pack({ ...files, 'pack.json': manifest('310000', { version: '2026.2', city: { code: '310000', nameZh: '上海市', nameEn: 'Shanghai' } }), 'stations.json': renamed }) } });
    expect(res.statusCode).toBe(200);
    expect(res.json().digest).not.toBe(first.digest);
    expect(await traces('310000')).toEqual({ cities: 1, imports: 3, stations: 3, lines: 1, audit: 3 });
    const { rows } = await sql<{ name: string }>`select name from fxp_stations where city_code = '310000' and code = 's2'`.execute(db);
    expect(rows).toEqual([{ name: '王府井站' }]);
    const city = await db.selectFrom('core_cities').select(['name_zh', 'name_en', 'manifest']).where('city_code', '=', '310000').executeTakeFirstOrThrow();
    expect(city).toMatchObject({ name_zh: '上海市', name_en: 'Shanghai', manifest: { version: '2026.2' } });
  });

  describe('refuses a bad pack.json, naming the field, and writes nothing', () => {
    const cases: [string, string | object, string, RegExp][] = [
      ['a missing city name', manifest('320000', { city: { code: '320000', nameZh: '南京市' } }), 'pack.json:city.nameEn', /city\.nameEn/],
      ['a city code that is not 6 digits', manifest('32000'), 'pack.json:city.code', /6-digit division code/],
      ['a letter in the city code', manifest('32000a'), 'pack.json:city.code', /6-digit division code/],
      ['a missing version', (({ version: _v, ...rest }) => rest)(manifest('320000')), 'pack.json:version', /version/],
      ['a pack name with capitals', manifest('320000', { name: 'Fixture City' }), 'pack.json:name', /lower-case/],
      ['invalid JSON', '{"name": "fixture-city", "version": "1",', 'pack.json', /not valid JSON/],
      ['a field pack.json does not know', manifest('320000', { colour: 'red' }), 'pack.json:', /colour/],
    ];
    it.each(cases)('%s', async (_name, content, field, message) => {
      const dir = await pack({ 'pack.json': content, 'stations.json': stations });
      const err = await appError(importIt(dir));
      expect(err.kind).toBe('invalid');
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
      expect(await traces('320000')).toEqual(nothing);
      expect(await traces('32000')).toEqual(nothing);
      // readManifest alone (the CLI's check before it opens a database) says the same.
      expect((await appError(readManifest(dir))).field).toBe(field);
    });

    it('a folder without pack.json', async () => {
      const err = await appError(importIt(await pack({ 'stations.json': stations })));
      expect(err).toMatchObject({ kind: 'invalid', field: 'dir' });
      expect(err.message).toMatch(/no pack\.json/);
    });
  });

  it('writes nothing of a first import when a loader throws halfway, not even the city', async () => {
    const dir = await pack({ 'pack.json': manifest('120000'), 'stations.json': [stations[0]!, { code: 's2', name: 'x', broken: true }, stations[2]!] });
    ran.length = 0;
    const err = await rejection(importIt(dir));
    expect(err.message).toBe('station s2 cannot be loaded');
    expect(ran).toEqual(['fxp.stations']); // core.city and s1 ran before it, in the same transaction
    expect(await traces('120000')).toEqual(nothing);
  });

  it('leaves an earlier import as it was when a re-import fails in a later loader', async () => {
    await importIt(await pack({ 'pack.json': manifest('130000'), 'stations.json': stations, 'lines.json': [{ code: 'L1', stations: ['s1'] }] }));
    const before = await traces('130000');
    const renamed = stations.map((st) => ({ ...st, name: `${st.name} (new)` }));
    const err = await appError(
      importIt(await pack({ 'pack.json': manifest('130000', { city: { code: '130000', nameZh: '改名市', nameEn: 'Renamed' } }), 'stations.json': renamed, 'lines.json': [{ code: 'L1', stations: ['s1', 's9'] }] })),
    );
    expect(err).toMatchObject({ kind: 'invalid', field: 'lines.json' });
    expect(await traces('130000')).toEqual(before);
    const city = await db.selectFrom('core_cities').select('name_en').where('city_code', '=', '130000').executeTakeFirstOrThrow();
    expect(city.name_en).toBe('Fixture City');
    const { rows } = await sql<{ name: string }>`select name from fxp_stations where city_code = '130000' order by code`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(stations.map((st) => st.name));
  });

  it('refuses a pack file that is missing or lies outside the pack, writing nothing', async () => {
    const missing = await appError(importIt(await pack({ 'pack.json': manifest('140000') })));
    expect(missing).toMatchObject({ kind: 'invalid', field: 'stations.json' });
    const escaping: PackLoader = { name: 'fxp.escape', after: ['core.city'], load: async ({ readText }) => ({ bytes: (await readText('../pack-1/pack.json')).length }) };
    const outside = await appError(importIt(await pack({ 'pack.json': manifest('140000') }), [cityLoader, escaping]));
    expect(outside).toMatchObject({ kind: 'invalid', field: '../pack-1/pack.json' });
    expect(outside.message).toMatch(/outside the pack/);
    expect(await traces('140000')).toEqual(nothing);
  });

  it('refuses loaders that depend on each other in a cycle, or on one nobody provides', async () => {
    const loader = (name: string, after: string[]): PackLoader => ({ name, after, load: async () => ({}) });
    const dir = await pack({ 'pack.json': manifest('150000'), 'stations.json': stations });
    const cycle = await rejection(importIt(dir, [cityLoader, loader('fxp.a', ['fxp.b']), loader('fxp.b', ['fxp.c']), loader('fxp.c', ['fxp.a'])]));
    expect(cycle.message).toMatch(/cycle/);
    const unknown = await rejection(importIt(dir, [cityLoader, loader('fxp.a', ['fxp.nowhere'])]));
    expect(unknown.message).toMatch(/fxp\.nowhere, which no module provides/);
    expect(await traces('150000')).toEqual(nothing);
    // Without a cycle, every loader comes after the ones it names, whatever order they are given in.
    const order = orderLoaders([loader('d', ['b', 'c']), loader('c', ['a']), loader('b', ['a']), loader('a', [])]).map((l) => l.name);
    expect(order.indexOf('a')).toBe(0);
    expect(order.indexOf('d')).toBe(3);
  });

  it('lets only those allowed to import a pack do so', async () => {
    const dir = await pack({ 'pack.json': manifest('160000'), 'stations.json': stations });
    const analyst = { ...s.system, actor: { ...systemActor('110000', 'analyst'), kind: 'user' as const, id: 'usr_x', roles: ['analyst'] } };
    const err = await appError(importPack(s.kernel, analyst, dir, s.packLoaders));
    expect(err.kind).toBe('forbidden');
    expect(await traces('160000')).toEqual(nothing);
  });
});
