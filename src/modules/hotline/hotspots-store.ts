import { cellsToMultiPolygon } from 'h3-js';
import { AppError } from '../../core/errors.js';
import { regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { loadCatalog } from './catalog.js';
import { findHotspots, type HotspotCase, type HotspotOptions } from './hotspots.js';
import type { HotlineTables } from './tables.js';

const DAY = 86_400_000;

export interface HotspotQuery {
  from?: Date;
  to?: Date;
  /** A category code or prefix. */
  category?: string;
  /** A region code: hotspots with cases there. */
  region?: string;
}

/**
 * The hotspots of the cases the actor may see as GeoJSON: one feature per area of merged hot
 * cells, with its category, counts, expected count, p-value and trend. The window is the
 * last 7 days unless given; the period as long before it is loaded too, for the trend and
 * the spatial baseline.
 */
export async function hotspotMap(k: Kernel, ctx: RequestContext, q: HotspotQuery, options: Omit<HotspotOptions, 'from' | 'to'> = {}) {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.insight.read' });
  const to = q.to ?? k.clock.now();
  const from = q.from ?? new Date(to.getTime() - 7 * DAY);
  if (from >= to) throw new AppError('invalid', 'from must be before to', { field: 'from' });
  if (to.getTime() - from.getTime() > 366 * DAY) throw new AppError('invalid', 'the window is at most 366 days', { field: 'from' });
  const previous = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const region = q.region ? regionPrefix(q.region) : null;
  let query = k.db
    .withTables<HotlineTables>()
    .selectFrom('hotline_cases')
    .select(['id', 'category_code', 'lon', 'lat', 'region_code', 'received_at'])
    .where('city_code', '=', ctx.cityCode)
    .where(visibleTo(actor))
    .where('received_at', '>=', previous)
    .where('received_at', '<', to)
    .where('status', '<>', 'merged')
    .where('category_code', 'is not', null)
    .where('lon', 'is not', null)
    .where('lat', 'is not', null);
  // The whole district around a smaller region: its volume is the baseline.
  if (region) query = query.where('region_code', 'like', `${region.slice(0, 6)}%`);
  const rows = await query.execute();
  const cases: HotspotCase[] = rows.map((r) => ({ id: r.id, category: r.category_code!, lon: r.lon!, lat: r.lat!, region: r.region_code, at: r.received_at }));
  const report = findHotspots(cases, { ...options, from, to });
  const inRegion = new Set(region ? cases.filter((c) => c.region?.startsWith(region)).map((c) => c.id) : []);
  const catalog = await loadCatalog(k, ctx.cityCode);
  const kept = report.hotspots.filter((h) => (!q.category || h.category.startsWith(q.category)) && (!region || h.caseIds.some((id) => inRegion.has(id))));
  return {
    type: 'FeatureCollection' as const,
    window: { from: from.toISOString(), to: to.toISOString(), previousFrom: previous.toISOString() },
    tests: report.tests,
    threshold: report.threshold,
    features: kept.map((h, i) => {
      const cat = catalog.categories.get(h.category);
      return {
        type: 'Feature' as const,
        id: `${h.category}-${h.cells[0]}`,
        geometry: { type: 'MultiPolygon' as const, coordinates: cellsToMultiPolygon(h.cells, true) },
        properties: {
          rank: i + 1,
          category: h.category,
          categoryName: cat?.name ?? h.category,
          categoryPath: cat?.path ?? h.category,
          district: h.district,
          cells: h.cells,
          count: h.count,
          expected: Math.round(h.expected * 100) / 100,
          pValue: h.pValue,
          before: h.before,
          ratio: h.ratio === null ? null : Math.round(h.ratio * 100) / 100,
          trend: h.trend,
          centre: h.centre.map((x) => Math.round(x * 1e6) / 1e6),
          caseIds: h.caseIds,
        },
      };
    }),
  };
}
