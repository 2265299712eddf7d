import { z } from 'zod';
import { requireActor } from '../../../core/auth/authenticate.js';
import type { Kernel } from '../../../core/kernel.js';
import type { Routes } from '../../../core/module.js';
import { emissionsOf, importActivity, loadFactors } from './carbon-store.js';

const tags = ['environment'];

/** The carbon API: emission factors, activity-data import, a region's emissions for a year. */
export function carbonRoutes(app: Routes, k: Kernel) {
  app.get('/api/environment/emission-factors', {
    schema: { tags, summary: 'The city’s emission factors (tCO2 per unit of activity), how each was made, whether it was checked against its source' },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.emissions.read' });
      return { factors: await loadFactors(k.db, req.ctx.cityCode) };
    },
  });

  app.post('/api/environment/activity/import', {
    schema: {
      tags,
      summary: 'Import activity data (CSV: region,year,sector,fuel,amount,unit[,source]), all or nothing: a file with any bad row changes nothing and answers 400 with every row’s problem in error.details.errors',
      body: z.strictObject({ csv: z.string().min(1), fileName: z.string().max(300).optional(), dryRun: z.boolean().default(false) }),
    },
    handler: async (req) => importActivity(k, req.ctx, req.body.csv, { fileName: req.body.fileName ?? null, dryRun: req.body.dryRun }),
  });

  app.get('/api/environment/emissions', {
    schema: {
      tags,
      summary: 'A region’s energy CO2 for a year: total, by sector and fuel, per capita and per 10 000 yuan of GDP (activity data × the pack’s emission factors)',
      querystring: z.strictObject({ region: z.string().regex(/^\d{2,12}$/, 'must be a region code'), year: z.coerce.number().int().min(1990).max(2200) }),
    },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.emissions.read', regionCode: req.query.region.padEnd(12, '0') });
      return emissionsOf(k, req.ctx.cityCode, req.query.region, req.query.year);
    },
  });
}
