import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RegionsTables } from './tables.js';
import { citySizeClass, countBySizeClass } from './city-size.js';
import { rankSize } from './rank-size.js';
import { gravityLinkage } from './gravity.js';
import { urbanisationGap } from './urbanisation-gap.js';
import { centroidOf } from './centroid.js';
import { codePrefix, normaliseCode } from './codes.js';

/** Which cities an analysis looks at: a cluster or metro area, the children under a region, or every city with the figure. */
export interface Scope {
  group?: string;
  parent?: string;
}

interface Figure {
  code: string;
  name: string;
  value: number;
}

async function figures(k: Kernel, cityCode: string, key: string, year: number, scope: Scope): Promise<Figure[]> {
  const db = k.db.withTables<RegionsTables>();
  let q = db
    .selectFrom('regions_attributes as a')
    .innerJoin('regions_regions as r', (j) => j.onRef('r.city_code', '=', 'a.city_code').onRef('r.code', '=', 'a.code'))
    .select(['a.code', 'r.name', 'a.value'])
    .where('a.city_code', '=', cityCode)
    .where('a.key', '=', key)
    .where('a.year', '=', year);
  if (scope.group) {
    const group = await db.selectFrom('regions_groups').select('members').where('city_code', '=', cityCode).where('code', '=', scope.group).executeTakeFirst();
    if (!group) throw new AppError('not_found', `no cluster or metro area ${scope.group}`, { field: 'group' });
    q = q.where('a.code', 'in', group.members);
  }
  if (scope.parent) q = q.where('a.code', 'like', `${codePrefix(normaliseCode(scope.parent, 'parent'))}%`).where('a.code', '!=', normaliseCode(scope.parent, 'parent'));
  return (await q.orderBy('a.value', 'desc').execute()).map((r) => ({ code: r.code, name: r.name, value: r.value }));
}

/** Size classes (国发〔2014〕51号) of the cities in scope from their urban resident population. */
export async function sizeClassReport(k: Kernel, cityCode: string, { year = 2020, ...scope }: Scope & { year?: number }) {
  const cities = await figures(k, cityCode, 'urban_resident_population', year, scope);
  return {
    year,
    cities: cities.map((c) => ({ ...c, sizeClass: citySizeClass(c.value).zh, sizeClassEn: citySizeClass(c.value).en })),
    counts: countBySizeClass(cities.map((c) => c.value)).map(({ cls, count }) => ({ sizeClass: cls.zh, sizeClassEn: cls.en, count })),
  };
}

/** The rank-size fit of the cities in scope. */
export async function rankSizeReport(k: Kernel, cityCode: string, { year = 2020, measure = 'urban_resident_population', ...scope }: Scope & { year?: number; measure?: string }) {
  const cities = await figures(k, cityCode, measure, year, scope);
  if (cities.length < 2) throw new AppError('invalid', `rank-size needs at least two cities with ${measure} for ${year} in scope; found ${cities.length}`, { field: 'measure' });
  const fit = rankSize(cities.map((c) => ({ code: c.code, population: c.value })));
  const names = new Map(cities.map((c) => [c.code, c.name]));
  return { year, measure, ...fit, ranked: fit.ranked.map((r) => ({ ...r, name: names.get(r.code) })) };
}

/** The gravity-model linkage network of a cluster's cities. */
export async function linkageReport(k: Kernel, cityCode: string, { year = 2020, measure = 'urban_resident_population', exponent = 2, top = 20, ...scope }: Scope & { year?: number; measure?: string; exponent?: number; top?: number }) {
  const cities = await figures(k, cityCode, measure, year, scope);
  const shapes = await k.db
    .withTables<RegionsTables>()
    .selectFrom('regions_regions')
    .select(['code', 'geometry'])
    .where('city_code', '=', cityCode)
    .where('code', 'in', cities.length ? cities.map((c) => c.code) : ['-'])
    .where('geometry', 'is not', null)
    .execute();
  const at = new Map(shapes.map((s) => [s.code, centroidOf(s.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon)]));
  const placed = cities.filter((c) => at.has(c.code));
  if (placed.length < 2) throw new AppError('invalid', `linkage needs at least two cities with ${measure} for ${year} and a boundary; found ${placed.length}`, { field: 'group' });
  const net = gravityLinkage(
    placed.map((c) => ({ code: c.code, lon: at.get(c.code)![0], lat: at.get(c.code)![1], mass: c.value })),
    { exponent, top },
  );
  const names = new Map(placed.map((c) => [c.code, c.name]));
  return {
    year,
    measure,
    exponent,
    cities: placed.length,
    missing: cities.filter((c) => !at.has(c.code)).map((c) => c.code),
    links: net.links.map((l) => ({ ...l, aName: names.get(l.a), bName: names.get(l.b) })),
    centrality: net.centrality.map((c) => ({ ...c, name: names.get(c.code) })),
  };
}

/** The urbanisation gap of one region from its stored rates (urbanisation_rate_pct, registered_urbanisation_rate_pct). */
export async function urbanisationGapReport(k: Kernel, cityCode: string, { code, year }: { code: string; year: number }) {
  const c = normaliseCode(code);
  const rows = await k.db
    .withTables<RegionsTables>()
    .selectFrom('regions_attributes')
    .select(['key', 'value', 'source'])
    .where('city_code', '=', cityCode)
    .where('code', '=', c)
    .where('year', '=', year)
    .where('key', 'in', ['urbanisation_rate_pct', 'registered_urbanisation_rate_pct'])
    .execute();
  const get = (key: string) => rows.find((r) => r.key === key);
  const resident = get('urbanisation_rate_pct');
  const registered = get('registered_urbanisation_rate_pct');
  if (!resident || !registered) {
    throw new AppError('not_found', `region ${c} has no ${!resident ? 'urbanisation_rate_pct' : 'registered_urbanisation_rate_pct'} for ${year}`, { field: 'year' });
  }
  return { code: c, year, ...urbanisationGap({ residentRatePct: resident.value, registeredRatePct: registered.value }), sources: [resident.source, registered.source] };
}
