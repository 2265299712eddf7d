import { z } from 'zod';
import type { Kernel } from '../../../core/kernel.js';
import type { Routes } from '../../../core/module.js';
import { airDaily, airSummary, listAirReportStations } from './air-report.js';
import { computeAirDays } from './compute-days.js';
import { importAirStations } from './import-air.js';

const tags = ['environment'];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD');
const station = z.string().min(1).max(64).describe('a station’s asset id, national code (1003A) or UCI name (Dongsi), or city');
const region = z.string().regex(/^\d{2,12}$/, 'must be a region code');

/** The air stations API: stations, daily AQIs and summaries per station or region, the UCI import, a recomputation. */
export function airRoutes(app: Routes, k: Kernel) {
  app.get('/api/environment/air/stations', {
    schema: { tags, summary: 'The air-quality stations (monitoring assets of type air_station) with the days stored for each, and the city, whose figure comes from its stations' },
    handler: async (req) => listAirReportStations(k, req.ctx),
  });

  app.get('/api/environment/air/daily', {
    schema: {
      tags,
      summary: 'Daily AQI, level, primary pollutants and the seven daily statistics of a station or the city (the default) from … to (default its last 365 stored days), under the HJ 633 in force each day',
      querystring: z.strictObject({ station: station.optional(), region: region.optional(), from: day.optional(), to: day.optional() }),
    },
    handler: async (req) => airDaily(k, req.ctx, req.query),
  });

  app.get('/api/environment/air/summary', {
    schema: {
      tags,
      summary: 'A station’s or the city’s year (with its months) or month: valid days, good days and their share (优良天数比例), days by level, exceedance days, primary-pollutant counts, mean PM2.5',
      querystring: z.strictObject({ station: station.optional(), region: region.optional(), year: z.coerce.number().int().min(2000).max(2200), month: z.coerce.number().int().min(1).max(12).optional() }),
    },
    handler: async (req) => airSummary(k, req.ctx, req.query),
  });

  app.post('/api/environment/air/import', {
    schema: {
      tags,
      summary: 'Import the UCI Beijing Multi-Site air-quality files of a folder on the server: the stations as monitoring assets, their hourly readings through monitoring’s batch storage (idempotent), then their daily figures',
      body: z.strictObject({ dir: z.string().min(1).max(1000), stations: z.array(z.string().min(1).max(64)).max(50).optional(), from: day.optional(), to: day.optional() }),
    },
    handler: async (req) => {
      const { dir, ...options } = req.body;
      return importAirStations(k, req.ctx, dir, options);
    },
  });

  app.post('/api/environment/air/recompute', {
    schema: { tags, summary: 'Recompute the stored daily figures of every air station and the city from … to (inclusive) from the readings monitoring holds', body: z.strictObject({ from: day, to: day }) },
    handler: async (req) => computeAirDays(k, req.ctx, req.body),
  });
}
