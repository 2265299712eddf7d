import { z } from 'zod';
import { requireActor } from '../../core/auth/authenticate.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { checkedAqiRequest } from './input-checks/aqi-plausibility.js';
import { checkedWaterClass } from './input-checks/water-plausibility.js';
import { zoneRoutes } from './zones/zone-routes.js';
import { carbonRoutes } from './carbon/carbon-routes.js';
import { parksRoutes } from './parks/parks-routes.js';
import { airRoutes } from './air-stations/air-routes.js';

const tags = ['environment'];
const request = z.record(z.string(), z.unknown()).describe('{"standard": "hj633-2012" | "hj633-2026" | "epa-2024", <field>: concentration …}');
export const maxAqiBatch = 10_000;

/** The answer to one array item, or its error in the error body's shape. */
function oneOf<T>(item: unknown, i: number, answer: (body: Record<string, unknown>) => T, shape: string) {
  try {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new AppError('invalid', `item ${i} must be an object ${shape}`, { field: `[${i}]` });
    return answer(item as Record<string, unknown>);
  } catch (err) {
    if (isAppError(err)) return err.toBody();
    throw err;
  }
}

/** The environment API: the AQI and water-class calculators (public calculations for anyone signed in), water-source zones, carbon, parks. */
export function environmentRoutes(app: Routes, k: Kernel) {
  app.post('/api/environment/aqi', {
    schema: {
      tags,
      summary: `AQI under HJ 633-2012, HJ 633-2026 or US EPA 2024: one request object, or an array of up to ${maxAqiBatch} answered item by item (a bad item gets its own {error})`,
      body: z.union([request, z.array(z.unknown()).max(maxAqiBatch)]),
    },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.aqi.compute' });
      const body = req.body;
      const one = (b: Record<string, unknown>) => checkedAqiRequest(b);
      return Array.isArray(body) ? body.map((item, i) => oneOf(item, i, one, '{"standard": …, <field>: …}')) : one(body);
    },
  });

  app.post('/api/environment/water-class', {
    schema: {
      tags,
      summary: `Surface-water class under GB 3838-2002 (I–V, 劣V) per item and overall: one sample {waterBody?: river|lake, target?: III, units?: {<item>: unit}, <item>: mg/L …}, or an array of up to ${maxAqiBatch} answered item by item`,
      body: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()).max(maxAqiBatch)]),
    },
    handler: async (req) => {
      k.policy.check(requireActor(req), { action: 'environment.water.classify' });
      const body = req.body;
      return Array.isArray(body) ? body.map((item, i) => oneOf(item, i, checkedWaterClass, '{<item>: value …}')) : checkedWaterClass(body);
    },
  });

  zoneRoutes(app, k);
  carbonRoutes(app, k);
  parksRoutes(app, k);
  airRoutes(app, k);
}
