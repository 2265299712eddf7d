import { z } from 'zod';
import { requireActor } from '../../core/auth/authenticate.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { computeAqiRequest } from './aqi/compute.js';

const tags = ['environment'];
const request = z.record(z.string(), z.unknown()).describe('{"standard": "hj633-2012" | "hj633-2026" | "epa-2024", <field>: concentration …}');
export const maxAqiBatch = 10_000;

/** The one AQI of an array item, or its error in the error body's shape. */
function oneOf(item: unknown, i: number) {
  try {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new AppError('invalid', `item ${i} must be an object {"standard": …, <field>: …}`, { field: `[${i}]` });
    return computeAqiRequest(item as Record<string, unknown>);
  } catch (err) {
    if (isAppError(err)) return err.toBody();
    throw err;
  }
}

/** The environment API: the AQI calculator (a public calculation for anyone signed in). */
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
      return Array.isArray(body) ? body.map(oneOf) : computeAqiRequest(body);
    },
  });
}
