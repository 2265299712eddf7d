import { z } from 'zod';
import { requireActor } from '../../../core/auth/authenticate.js';
import { crsNames, toWgs84 } from '../../../core/geo/index.js';
import type { Kernel } from '../../../core/kernel.js';
import type { Routes } from '../../../core/module.js';
import { zonesAt } from './zone-index.js';
import { listFlags } from './zone-flags.js';
import { zoneLevels } from './zone-levels.js';
import { zonesGeoJson } from './zones-store.js';

const tags = ['environment'];
const names = z.object({ zh: z.string(), en: z.string() });
const zoneHit = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level: z.enum(zoneLevels),
  levelName: names,
  source: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() }),
  onBoundary: z.boolean(),
  sample: z.boolean(),
});
const flag = z.object({
  id: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  zone: z.object({ id: z.string(), name: z.string(), level: z.enum(zoneLevels), levelName: names, sourceCode: z.string() }),
  lon: z.number(),
  lat: z.number(),
  regionCode: z.string().nullable(),
  flaggedAt: z.string(),
});

/** The drinking-water source protection zones API: the zones, the zones at a point, the flags. */
export function zoneRoutes(app: Routes, k: Kernel) {
  app.get('/api/environment/zones', {
    schema: {
      tags,
      summary: 'Drinking-water source protection zones (HJ 338-2018: level I, level II, quasi) as GeoJSON (WGS-84); sample zones say so',
      querystring: z.strictObject({ level: z.enum(zoneLevels).optional(), source: z.string().max(64).optional() }),
    },
    handler: async (req, reply) => {
      k.policy.check(requireActor(req), { action: 'environment.zone.read' });
      reply.type('application/geo+json');
      return zonesGeoJson(k.db, req.ctx.cityCode, req.query);
    },
  });

  app.get('/api/environment/zones/at', {
    schema: {
      tags,
      summary: 'The protection zones containing a point, strictest level first (WGS-84; crs=gcj02|bd09 converts first)',
      querystring: z.strictObject({ lon: z.coerce.number(), lat: z.coerce.number(), crs: z.enum(crsNames).default('wgs84') }),
      response: { 200: z.object({ lon: z.number(), lat: z.number(), zones: z.array(zoneHit) }) },
    },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.zone.read' });
      const { lon, lat, crs } = req.query;
      const [x, y] = crs === 'wgs84' ? [lon, lat] : toWgs84(lon, lat, crs);
      return { lon: x, lat: y, zones: await zonesAt(k, req.ctx.cityCode, x, y) };
    },
  });

  app.get('/api/environment/zone-flags', {
    schema: {
      tags,
      summary: 'Cases and alarms found inside a protection zone, newest first: of one subject (`hotline_case:case_…` or a bare id), of one zone, or all you may see',
      querystring: z.strictObject({ subject: z.string().min(1).max(200).optional(), zone: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ flags: z.array(flag) }) },
    },
    handler: async (req) => {
      const actor = k.policy.check(requireActor(req), { action: 'environment.zone-flag.read' });
      return { flags: await listFlags(k.db, actor, req.query) };
    },
  });
}
