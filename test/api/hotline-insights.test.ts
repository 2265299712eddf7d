import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, type HotlineTestService } from '../support/hotline.js';
import { openProactiveTasks, proactiveSettings } from '../../src/modules/hotline/index.js';
import { createManualClock } from '../../src/core/clock.js';
import { importPack } from '../../src/core/pack.js';

type Json = Record<string, any>;
const DAY = 86_400_000;

describe.each(testDrivers())('hotline insights API (%s)', (driver) => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time.
  const now = new Date('2026-11-30T02:00:00Z');
  const quiet = new Date('2026-10-15T00:00:00Z');
  // Two clusters planted into the last fortnight; a fortnight of plain noise in October.
  const plants = [
    { categoryCode: '010201', lon: 1.5, lat: 0.5, radiusM: 300, count: 25, days: 3 },
    { categoryCode: '020101', lon: 0.3, lat: 0.7, radiusM: 200, count: 15, days: 5 },
  ];
  const get = (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, payload: Json = {}) => s.app.inject({ method: 'POST', url, headers, payload });
  const metres = (a: number[], b: { lon: number; lat: number }) => Math.hypot((a[0]! - b.lon) * 111_195 * Math.cos((b.lat * Math.PI) / 180), (a[1]! - b.lat) * 111_195);

  beforeAll(async () => {
    s = await hotlineTestService({ driver, clock: createManualClock(now) });
  }, 120_000);
  afterAll(() => s?.close());

  describe('POST /api/hotline/generate', () => {
    it('is for administrators only', async () => {
      const res = await post('/api/hotline/generate', s.as.operator, { days: 1, perDay: 10 });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details).toEqual({ action: 'hotline.case.generate' });
    });

    it('generates the noise and the planted clusters', async () => {
      const noise = await post('/api/hotline/generate', s.as.admin, { days: 14, perDay: 150, seed: 1, end: quiet.toISOString() });
      expect(noise.statusCode, noise.body).toBe(201);
      expect(noise.json().cases).toBe(14 * 150);
      const planted = await post('/api/hotline/generate', s.as.admin, { days: 14, perDay: 150, seed: 2, plant: plants });
      expect(planted.statusCode, planted.body).toBe(201);
      expect(planted.json()).toMatchObject({ cases: 14 * 150 + 25 + 15, ms: expect.any(Number) });
      const bad = await post('/api/hotline/generate', s.as.admin, { days: 2, perDay: 10, plant: [{ ...plants[0], categoryCode: '999999', days: 1 }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('plant.0.categoryCode');
    }, 60_000);
  });

  describe('GET /api/hotline/hotspots', () => {
    it('finds no hotspot in uniform noise', async () => {
      const res = await get(`/api/hotline/hotspots?from=${new Date(quiet.getTime() - 7 * DAY).toISOString()}&to=${quiet.toISOString()}`, s.as.assessor);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ type: 'FeatureCollection', features: [] });
      expect(res.json().tests).toBeGreaterThan(100);
    });

    it('finds each planted cluster as a hotspot of its category, as GeoJSON with counts, expected count and trend', async () => {
      const res = await get('/api/hotline/hotspots', s.as.dispatcher);
      expect(res.statusCode, res.body).toBe(200);
      const map = res.json();
      expect(map.window).toEqual({ from: new Date(now.getTime() - 7 * DAY).toISOString(), to: now.toISOString(), previousFrom: new Date(now.getTime() - 14 * DAY).toISOString() });
      for (const p of plants) {
        const hit = map.features.find((f: Json) => f.properties.category === p.categoryCode && metres(f.properties.centre, p) < p.radiusM + 600);
        expect(hit, `${p.categoryCode} at ${p.lon},${p.lat}: ${JSON.stringify(map.features.map((f: Json) => f.properties))}`).toBeTruthy();
        expect(hit.properties).toMatchObject({ trend: 'new', before: 0, ratio: null });
        expect(hit.properties.count).toBeGreaterThanOrEqual(5);
        expect(hit.properties.count).toBeGreaterThan(hit.properties.expected * 10);
        expect(hit.properties.caseIds.length).toBe(Math.min(20, hit.properties.count));
        expect(hit.geometry.type).toBe('MultiPolygon');
        const ring = hit.geometry.coordinates[0][0];
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
      expect(map.features).toHaveLength(plants.length);
      const one = (await get(`/api/hotline/cases/${map.features[0].properties.caseIds[0]}`, s.as.dispatcher)).json().case;
      expect(one.attributes).toEqual({ synthetic: true });
    });

    it('filters by category and region, within the reader’s jurisdiction', async () => {
      const water = (await get('/api/hotline/hotspots?category=02', s.as.operator)).json().features;
      expect(water.map((f: Json) => f.properties.category)).toEqual(['020101']);
      const xicheng = (await get('/api/hotline/hotspots?region=110102', s.as.operator)).json().features;
      expect(xicheng.map((f: Json) => f.properties.district)).toEqual(['110102']);
      // A street office's handler sees only its street, where no case has its finer place.
      expect((await get('/api/hotline/hotspots', s.as.street)).json().features).toEqual([]);
      expect((await get('/api/hotline/hotspots', s.as.citizen)).statusCode).toBe(403);
      expect((await get('/api/hotline/hotspots?category=7', s.as.operator)).json().error.field).toBe('category');
      expect((await get(`/api/hotline/hotspots?from=${now.toISOString()}&to=${quiet.toISOString()}`, s.as.operator)).json().error.field).toBe('from');
    });
  });

  describe('GET /api/hotline/topics', () => {
    it('lists the month’s rising and recurring categories and places, with evidence', async () => {
      const res = await get('/api/hotline/topics?month=2026-11&recurMonths=2&text=true', s.as.assessor);
      expect(res.statusCode, res.body).toBe(200);
      const t = res.json();
      expect(t.month).toBe('2026-11');
      expect(t.recurring.length).toBeGreaterThan(0);
      for (const c of t.recurring) {
        expect(c.months.map((m: Json) => m.month)).toEqual(['2026-10', '2026-11']);
        expect(c.months[0].count).toBeGreaterThanOrEqual(5);
        expect(c.caseIds.length).toBeGreaterThan(0);
        expect(c.categoryName).toBeTruthy();
      }
      expect(t.recurring.some((c: Json) => c.level === 'district' && c.placeName)).toBe(true);
      expect(Array.isArray(t.rising)).toBe(true);
      expect(t.text.documents).toBeGreaterThan(0);
      expect((await get('/api/hotline/topics?month=2026-13', s.as.operator)).statusCode).toBe(400);
    });
  });

  describe('proactive tasks (未诉先办)', () => {
    let tasks: Json[] = [];

    it('opens one task per place where a problem recurs, for the office of the place, audited and announced', async () => {
      const ran = await s.scheduler.tick();
      expect(ran).toContain('hotline.proactive');
      tasks = (await get('/api/hotline/proactive', s.as.operator)).json().tasks;
      expect(tasks.map((t) => [t.category.code, t.org.code, t.regionCode, t.status]).sort()).toEqual([
        ['010201', '110101-12345', '110101', 'open'],
        ['020101', '110102-12345', '110102', 'open'],
      ]);
      for (const t of tasks) {
        const p = plants.find((x) => x.categoryCode === t.category.code)!;
        expect(metres([t.centre.lon, t.centre.lat], p)).toBeLessThan(p.radiusM);
        expect(t.radiusM).toBe(200);
        expect(t.caseIds.length).toBeGreaterThanOrEqual(3);
      }
      const events = (await sql<{ topic: string }>`select topic from core_outbox where topic like 'hotline.proactive-task.%'`.execute(s.kernel.db)).rows;
      expect(events).toEqual([{ topic: 'hotline.proactive-task.opened' }, { topic: 'hotline.proactive-task.opened' }]);
      const audit = (await get('/api/core/audit?resourceType=hotline_proactive_task', s.as.admin)).json().entries;
      expect(audit.map((e: Json) => e.action)).toEqual(['hotline.proactive-task.opened', 'hotline.proactive-task.opened']);
    });

    it('does not open a place twice while its task is open', async () => {
      expect(await openProactiveTasks(s.kernel)).toEqual({ opened: 0 });
    });

    it('shows an office its own tasks, and hotline staff all', async () => {
      expect((await get('/api/hotline/proactive', s.as.centre)).json().tasks.map((t: Json) => t.category.code)).toEqual(['010201']);
      expect((await get('/api/hotline/proactive', s.as.street)).json().tasks).toEqual([]);
      expect((await get('/api/hotline/proactive?status=done', s.as.operator)).json().tasks).toEqual([]);
      expect((await get('/api/hotline/proactive', s.as.citizen)).statusCode).toBe(403);
    });

    it('lets the office close its task, once; dismissing needs a reason', async () => {
      const east = tasks.find((t) => t.category.code === '010201')!;
      const west = tasks.find((t) => t.category.code === '020101')!;
      expect((await post(`/api/hotline/proactive/${east.id}/done`, s.as.street, {})).statusCode).toBe(404);
      expect((await post(`/api/hotline/proactive/${east.id}/done`, s.as.operator, {})).statusCode).toBe(403);
      const done = await post(`/api/hotline/proactive/${east.id}/done`, s.as.centre, { note: '已约谈施工单位，夜间停工' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().task).toMatchObject({ status: 'done', note: '已约谈施工单位，夜间停工' });
      const again = await post(`/api/hotline/proactive/${east.id}/done`, s.as.centre, {});
      expect(again.statusCode).toBe(409);
      const noReason = await post(`/api/hotline/proactive/${west.id}/dismiss`, s.as.admin, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.field).toBe('note');
      expect((await post(`/api/hotline/proactive/${west.id}/dismiss`, s.as.admin, { note: '供水管网已整体改造' })).json().task.status).toBe('dismissed');
      const audit = (await get('/api/core/audit?resourceType=hotline_proactive_task', s.as.admin)).json().entries.map((e: Json) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['hotline.proactive-task.completed', 'hotline.proactive-task.dismissed']));
      // The cases a closed task cited do not open it again.
      expect(await openProactiveTasks(s.kernel)).toEqual({ opened: 0 });
    });

    it('reads the rule from the pack’s hotline/proactive.json', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-proactive-pack-'));
      try {
        await fs.mkdir(path.join(dir, 'hotline'));
        await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ name: 'proactive-test', version: '1', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing' } }));
        await fs.writeFile(path.join(dir, 'hotline/proactive.json'), JSON.stringify({ minCases: 4, radiusM: 150, categories: ['0101', '999999'] }));
        await expect(importPack(s.kernel, s.system, dir, s.packLoaders)).rejects.toMatchObject({ kind: 'invalid', field: 'hotline/proactive.json:categories.1' });
        await fs.writeFile(path.join(dir, 'hotline/proactive.json'), JSON.stringify({ minCases: 4, radiusM: 150, categories: ['0101'] }));
        const report = await importPack(s.kernel, s.system, dir, s.packLoaders);
        expect(report.loaders.find((l) => l.name === 'hotline.proactive')?.counts).toEqual({ proactiveRules: 1 });
        expect(await proactiveSettings(s.kernel, '110000')).toMatchObject({ minCases: 4, radiusM: 150, windowDays: 30, categories: ['0101'] });
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  });
});
