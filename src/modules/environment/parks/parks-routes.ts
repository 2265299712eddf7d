import { z } from 'zod';
import { requireActor } from '../../../core/auth/authenticate.js';
import type { Kernel } from '../../../core/kernel.js';
import type { Routes } from '../../../core/module.js';
import { edb } from '../tables.js';
import { importParks } from './parks-store.js';
import { regionParkCoverage } from './region-coverage.js';

const tags = ['environment'];

/** The parks API: the park table as GeoJSON, a GeoJSON import, a region's park service-radius coverage. */
export function parksRoutes(app: Routes, k: Kernel) {
  app.get('/api/environment/parks', {
    schema: { tags, summary: 'The city’s parks (points or polygons) as GeoJSON; sample parks say so' },
    handler: async (req, reply) => {
      k.policy.check(requireActor(req), { action: 'environment.park.read' });
      const rows = await edb(k.db).selectFrom('environment_parks').selectAll().where('city_code', '=', req.ctx.cityCode).orderBy('id').execute();
      reply.type('application/geo+json');
      return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', id: r.id, properties: { id: r.id, name: r.name, nameEn: r.name_en, sample: r.sample, source: r.source }, geometry: r.geometry })) };
    },
  });

  app.post('/api/environment/parks', {
    schema: { tags, summary: 'Import parks from a GeoJSON FeatureCollection of Point, Polygon or MultiPolygon features (upsert by properties.id or the feature id)', body: z.record(z.string(), z.unknown()) },
    handler: async (req) => importParks(k, req.ctx, req.body),
  });

  app.get('/api/environment/park-coverage', {
    schema: {
      tags,
      summary: 'Park service-radius coverage: the share of a region’s residents within radiusM (default 500 m) of a park, residents spread evenly over each (child) region’s land, land counted on cellM cells',
      querystring: z.strictObject({
        region: z.string().regex(/^\d{2,12}$/, 'must be a region code'),
        year: z.coerce.number().int().min(1949).max(2200).optional(),
        radiusM: z.coerce.number().min(10).max(10_000).default(500),
        cellM: z.coerce.number().min(5).max(2_000).default(100),
      }),
    },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.park.read', regionCode: req.query.region.padEnd(12, '0') });
      return regionParkCoverage(k, req.ctx.cityCode, req.query.region, { year: req.query.year ?? null, radiusM: req.query.radiusM, cellM: req.query.cellM });
    },
  });
}
