import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { normaliseCode, regionLevels, divisionLevels } from './codes.js';
import { findRegion, listAttributes, listChildren, regionsGeoJson, searchRegions } from './store.js';
import { lineage, locate, resolveAddress } from './locator.js';
import { importRegions, readRegionsDir } from './import.js';
import { linkageReport, rankSizeReport, sizeClassReport, urbanisationGapReport } from './analysis.js';
import type { RegionsTables } from './tables.js';

const regionView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level: z.string(),
  parent: z.string().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  hasBoundary: z.boolean(),
});
const node = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.string(), parent: z.string().nullable() });
const codeParam = z.strictObject({ code: z.string().min(2).max(64) });
const scope = { group: z.string().max(64).optional(), parent: z.string().regex(/^\d{2,12}$/).optional(), year: z.coerce.number().int().min(1900).max(2200).default(2020) };
const tags = ['regions'];

/** The regions API: look-ups, search, boundaries, locate, address resolution, analyses, import. */
export function regionsRoutes(app: Routes, k: Kernel) {
  app.get('/api/regions/search', {
    schema: {
      tags,
      summary: 'Search regions by name (zh, partial), pinyin or initials',
      querystring: z.strictObject({ q: z.string().min(1).max(50), level: z.enum(divisionLevels).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ regions: z.array(regionView) }) },
    },
    handler: async (req) => ({ regions: await searchRegions(k.db, req.ctx.cityCode, req.query.q, req.query) }),
  });

  app.get('/api/regions/locate', {
    schema: {
      tags,
      summary: 'The finest region containing a point, with its ancestors (WGS-84; crs=gcj02|bd09 converts first)',
      querystring: z.strictObject({ lon: z.coerce.number(), lat: z.coerce.number(), crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84') }),
      response: { 200: z.object({ lon: z.number(), lat: z.number(), region: node.nullable(), ancestors: z.array(node), alsoOnBoundaryOf: z.array(node) }) },
    },
    handler: async (req) => locate(k, req.ctx.cityCode, req.query.lon, req.query.lat, req.query.crs),
  });

  app.get('/api/regions/resolve-address', {
    schema: {
      tags,
      summary: 'Region candidates for a free-text address, from the gazetteer, with a score',
      querystring: z.strictObject({ text: z.string().min(1).max(500), limit: z.coerce.number().int().min(1).max(20).default(5) }),
      response: { 200: z.object({ candidates: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), matched: z.array(z.string()), score: z.number(), ancestors: z.array(node) })) }) },
    },
    handler: async (req) => ({ candidates: await resolveAddress(k, req.ctx.cityCode, req.query.text, req.query) }),
  });

  app.get('/api/regions/geojson', {
    schema: {
      tags,
      summary: 'Boundaries as a GeoJSON FeatureCollection (WGS-84), by level and/or parent',
      querystring: z.strictObject({ level: z.enum(divisionLevels).optional(), parent: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional() }),
    },
    handler: async (req, reply) => {
      const parent = req.query.parent ? normaliseCode(req.query.parent, 'parent') : undefined;
      if (!req.query.level && !parent) throw new AppError('invalid', 'give a level or a parent (the whole country at once is too much)', { field: 'level' });
      reply.type('application/geo+json');
      return regionsGeoJson(k.db, req.ctx.cityCode, { level: req.query.level, parent });
    },
  });

  app.get('/api/regions/groups', {
    schema: {
      tags,
      summary: 'City clusters and metropolitan areas',
      response: { 200: z.object({ groups: z.array(z.object({ code: z.string(), kind: z.string(), name: z.string(), nameEn: z.string().nullable(), members: z.array(z.string()), source: z.string() })) }) },
    },
    handler: async (req) => {
      const rows = await k.db.withTables<RegionsTables>().selectFrom('regions_groups').selectAll().where('city_code', '=', req.ctx.cityCode).orderBy('code').execute();
      return { groups: rows.map((g) => ({ code: g.code, kind: g.kind, name: g.name, nameEn: g.name_en, members: g.members, source: g.source })) };
    },
  });

  app.get('/api/regions/analysis/size-classes', {
    schema: { tags, summary: 'City-size classes (国发〔2014〕51号) from urban resident population', querystring: z.strictObject(scope) },
    handler: async (req) => sizeClassReport(k, req.ctx.cityCode, req.query),
  });

  app.get('/api/regions/analysis/rank-size', {
    schema: { tags, summary: 'Rank-size (Zipf exponent, R²) and primacy of a cluster, a province or the whole table', querystring: z.strictObject({ ...scope, measure: z.string().regex(/^[a-z_]+$/).default('urban_resident_population') }) },
    handler: async (req) => rankSizeReport(k, req.ctx.cityCode, req.query),
  });

  app.get('/api/regions/analysis/linkage', {
    schema: {
      tags,
      summary: 'Gravity-model linkage between the cities in scope: top links and centrality',
      querystring: z.strictObject({
        ...scope,
        measure: z.string().regex(/^[a-z_]+$/).default('urban_resident_population'),
        exponent: z.coerce.number().positive().max(4).default(2),
        top: z.coerce.number().int().min(1).max(500).default(20),
      }),
    },
    handler: async (req) => linkageReport(k, req.ctx.cityCode, req.query),
  });

  app.get('/api/regions/analysis/urbanisation-gap', {
    schema: { tags, summary: 'Resident minus registered (户籍) urbanisation rate of a region', querystring: z.strictObject({ code: z.string().regex(/^\d{2,12}$/), year: z.coerce.number().int().min(1900).max(2200) }) },
    handler: async (req) => urbanisationGapReport(k, req.ctx.cityCode, req.query),
  });

  app.post('/api/regions/import', {
    schema: {
      tags,
      summary: 'Import regions from a folder on the server laid out like a pack (regions/divisions.json …), all or nothing',
      body: z.strictObject({ dir: z.string().min(1).max(1000) }),
      response: { 200: z.record(z.string(), z.number()) },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'regions.region.import' });
      return importRegions(k, req.ctx, await readRegionsDir(path.resolve(req.body.dir)));
    },
  });

  app.get('/api/regions/:code', {
    schema: {
      tags,
      summary: 'One region (2–12 digit NBS code, or a cluster/metro code) with its figures and ancestors',
      params: codeParam,
      response: {
        200: regionView.extend({
          ancestors: z.array(node),
          attributes: z.array(z.object({ year: z.number(), key: z.string(), value: z.number(), unit: z.string().nullable(), source: z.string() })),
          members: z.array(z.string()).optional(),
          source: z.string().optional(),
        }),
      },
    },
    handler: async (req) => {
      if (!/^\d+$/.test(req.params.code)) {
        const g = await k.db.withTables<RegionsTables>().selectFrom('regions_groups').selectAll().where('city_code', '=', req.ctx.cityCode).where('code', '=', req.params.code).executeTakeFirst();
        if (!g) throw new AppError('not_found', `no region ${req.params.code}`, { field: 'code' });
        return { code: g.code, name: g.name, nameEn: g.name_en, level: g.kind, parent: null, bbox: null, hasBoundary: false, ancestors: [], attributes: [], members: g.members, source: g.source };
      }
      const code = normaliseCode(req.params.code);
      const region = await findRegion(k.db, req.ctx.cityCode, code);
      if (!region) throw new AppError('not_found', `no region ${code}`, { field: 'code' });
      return { ...region, ancestors: (await lineage(k, req.ctx.cityCode, code))?.ancestors ?? [], attributes: await listAttributes(k.db, req.ctx.cityCode, code) };
    },
  });

  app.get('/api/regions/:code/children', {
    schema: {
      tags,
      summary: "A region's children",
      params: codeParam,
      querystring: z.strictObject({ level: z.enum(regionLevels).optional() }),
      response: { 200: z.object({ regions: z.array(regionView) }) },
    },
    handler: async (req) => {
      const code = normaliseCode(req.params.code);
      if (!(await findRegion(k.db, req.ctx.cityCode, code))) throw new AppError('not_found', `no region ${code}`, { field: 'code' });
      return { regions: await listChildren(k.db, req.ctx.cityCode, code, req.query.level) };
    },
  });

  app.get('/api/regions/:code/ancestors', {
    schema: { tags, summary: "A region's ancestors, nearest first", params: codeParam, response: { 200: z.object({ region: node, ancestors: z.array(node) }) } },
    handler: async (req) => {
      const code = normaliseCode(req.params.code);
      const found = await lineage(k, req.ctx.cityCode, code);
      if (!found) throw new AppError('not_found', `no region ${code}`, { field: 'code' });
      return found;
    },
  });
}
