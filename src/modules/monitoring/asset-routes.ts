import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import type { Geometry } from '../../core/geo/index.js';
import { parseBbox } from './asset-geometry.js';
import { assetDetailSchema, assetViewSchema, deviceViewSchema } from './asset-views.js';
import { createAsset, updateAsset } from './asset-write.js';
import { getAsset, getDevice, listAssets } from './assets-store.js';
import { readCatalog } from './catalog.js';
import { createDevice, updateDevice } from './device-write.js';
import { assetGeometry, assetTypeCode, deviceId, deviceInput, metricName } from './pack-schema.js';

const tags = ['monitoring'];
const read = 'monitoring.asset.read';
const idParam = z.strictObject({ id: z.string().min(1).max(64) });
const props = z.record(z.string(), z.unknown());

const assetBody = z.strictObject({
  code: z.string().min(1).max(64).nullish(),
  type: assetTypeCode,
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).nullish(),
  lon: z.number(),
  lat: z.number(),
  geometry: assetGeometry.nullish(),
  properties: props.optional(),
  simulated: z.boolean().optional(),
  devices: z.array(deviceInput).max(100).optional(),
});
const assetPatch = assetBody.omit({ devices: true }).partial().extend({ expectedVersion: z.number().int().positive().optional() });
const devicePatch = z.strictObject({
  assetId: z.string().min(1).max(64).optional(),
  metrics: z.array(metricName).min(1).max(100).optional(),
  model: z.string().max(100).nullish(),
  properties: props.optional(),
  active: z.boolean().optional(),
  simulated: z.boolean().optional(),
});

/** The assets and devices API: the catalogue, lists and details (jurisdiction-scoped), and their changes. */
export function assetRoutes(app: Routes, k: Kernel) {
  app.get('/api/monitoring/catalog', {
    schema: { tags, summary: 'The metric catalogue (name, unit, valid range) and the asset types' },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: read });
      return readCatalog(k, req.ctx.cityCode);
    },
  });

  app.get('/api/monitoring/assets', {
    schema: {
      tags,
      summary: 'Monitored assets in your jurisdiction, by type, region (and the regions inside it), bbox (west,south,east,north) or name',
      querystring: z.strictObject({
        type: assetTypeCode.optional(),
        region: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
        bbox: z.string().max(100).optional(),
        q: z.string().min(1).max(100).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        after: z.string().max(64).optional(),
      }),
      response: { 200: z.object({ assets: z.array(assetViewSchema), next: z.string().nullable() }) },
    },
    handler: async (req) => {
      const actor = k.policy.check(req.ctx.actor, { action: read });
      const { bbox, ...rest } = req.query;
      return listAssets(k.db, actor, { ...rest, bbox: bbox ? parseBbox(bbox) : undefined });
    },
  });

  app.get('/api/monitoring/assets/:id', {
    schema: { tags, summary: 'An asset with its devices and their latest values', params: idParam, response: { 200: assetDetailSchema } },
    handler: async (req) => getAsset(k.db, k.policy.check(req.ctx.actor, { action: read }), req.params.id),
  });

  app.post('/api/monitoring/assets', {
    schema: { tags, summary: 'Register an asset (and devices on it); its region comes from where it lies', body: assetBody, response: { 201: assetViewSchema } },
    handler: async (req, reply) => reply.status(201).send(await createAsset(k, req.ctx, { ...req.body, geometry: req.body.geometry as Geometry | null | undefined })),
  });

  app.patch('/api/monitoring/assets/:id', {
    schema: { tags, summary: 'Change an asset; moving it re-locates its region', params: idParam, body: assetPatch, response: { 200: assetViewSchema } },
    handler: async (req) => updateAsset(k, req.ctx, req.params.id, { ...req.body, type: req.body.type, geometry: req.body.geometry as Geometry | null | undefined }),
  });

  app.post('/api/monitoring/devices', {
    schema: { tags, summary: 'Register a device on an asset, with the metrics it reports', body: deviceInput.extend({ assetId: z.string().min(1).max(64) }), response: { 201: deviceViewSchema } },
    handler: async (req, reply) => reply.status(201).send(await createDevice(k, req.ctx, req.body)),
  });

  app.get('/api/monitoring/devices/:id', {
    schema: { tags, summary: 'A device with its metrics and latest values', params: z.strictObject({ id: deviceId }), response: { 200: deviceViewSchema } },
    handler: async (req) => {
      const { regionCode: _r, ...view } = await getDevice(k.db, k.policy.check(req.ctx.actor, { action: read }), req.params.id);
      return view;
    },
  });

  app.patch('/api/monitoring/devices/:id', {
    schema: { tags, summary: 'Change a device: its metrics, model, activity, or the asset it is on', params: z.strictObject({ id: deviceId }), body: devicePatch, response: { 200: deviceViewSchema } },
    handler: async (req) => updateDevice(k, req.ctx, req.params.id, req.body),
  });
}
