import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, writeToyPack, type HotlineTestService } from '../support/hotline.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { createManualClock } from '../../src/core/clock.js';
import { importPack } from '../../src/core/pack.js';

type Json = Record<string, any>;

// Until the hotline module registers the duplicate routes and pack loader itself, a module of
// the test's own brings them.

// At 0.5° N one degree of longitude is 111.2 km: 0.0009° ≈ 100 m, 0.0036° ≈ 400 m.
const m100 = 0.0009;
const m400 = 0.0036;

describe.each(testDrivers())('hotline duplicate candidates API (%s)', (driver) => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time.
  const clock = createManualClock(new Date('2026-11-30T02:00:00Z'));
  beforeAll(async () => {
    s = await hotlineTestService({ driver, clock });
  }, 120_000);
  afterAll(() => s?.close());

  const post = (url: string, headers: Record<string, string>, payload: unknown) => s.app.inject({ method: 'POST', url, headers, payload: payload as Json });
  const get = (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });
  const lamp = '东华门街道多福巷小区门口的路灯已经坏了一个星期，晚上一片漆黑，老人出门很不方便，希望尽快修好。';
  const lampCopy = '您好，多福巷社区门口路灯坏了一个星期了，晚上一片漆黑，老人出门很不方便，请求马上修好。';
  const file = async (body: Json) => {
    const res = await post('/api/hotline/cases', s.as.operator, { kind: 'help', attributes: body.category === '010101' ? { since: 'week' } : {}, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().case as Json;
  };
  const candidates = async (body: Json, headers = s.as.operator) => {
    const res = await post('/api/hotline/duplicates/candidates', headers, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  const ids = (r: Json) => r.candidates.map((c: Json) => c.id);
  const importToy = async (overrides: Record<string, unknown> = {}) => {
    const dir = await writeToyPack(overrides);
    try {
      await importPack(s.kernel, s.system, dir, s.packLoaders);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  };

  it('puts a near-copy 100 m away in the same category first, and leaves out one 400 m away', async () => {
    const original = await file({ category: '010101', description: lamp, lon: 1.5, lat: 0.5 });
    const other = await file({ category: '010101', description: '路灯杆上贴满了小广告，影响市容。', lon: 1.5 + m100 / 2, lat: 0.5 });
    const far = await file({ category: '010101', description: lamp, lon: 1.5 + m100 + m400, lat: 0.5 });
    const r = await candidates({ description: lampCopy, category: '010101', lon: 1.5 + m100, lat: 0.5 });
    expect(r).toMatchObject({ basis: 'place', radiusM: 250, windowDays: 7 });
    expect(r.candidates[0]).toMatchObject({ id: original.id, number: original.number, relation: 'same', status: 'received', category: { code: '010101', name: '城乡建设/市政设施/路灯不亮' } });
    expect(r.candidates[0].distanceM).toBeGreaterThan(95);
    expect(r.candidates[0].distanceM).toBeLessThan(105);
    expect(r.candidates[0].similarity).toBeGreaterThan(0.4);
    expect(ids(r)).not.toContain(far.id);
    // A case of the same category on the same spot is shown too, below the copy, whatever its words.
    expect(ids(r)).toEqual([original.id, other.id]);
    expect(r.candidates[1].score).toBeLessThan(r.candidates[0].score);

    // The same for the copy once taken: the case itself is not its own duplicate.
    const copy = await file({ category: '010101', description: lampCopy, lon: 1.5 + m100, lat: 0.5 });
    const res = await get(`/api/hotline/cases/${copy.number}/duplicates`, s.as.dispatcher);
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json())).toEqual([original.id, other.id]);
    expect(ids(await candidates({ description: lampCopy, category: '010101', lon: 1.5 + m100, lat: 0.5, excludeId: original.id }))).toEqual([copy.id, other.id]);
  });

  it('counts a sibling category and a case without one, not another level-2 group or level-1 category', async () => {
    const text = '多福巷口的井盖和路灯都坏了，晚上路过很危险，请派人来看看。';
    const at = { description: text, lon: 1.6, lat: 0.5 };
    const sibling = await file({ ...at, category: '010102' });
    const none = await file({ ...at });
    const noise = await file({ ...at, category: '010201' });
    const water = await file({ ...at, category: '020101' });
    const r = await candidates({ ...at, lon: 1.6 + m100 / 4, category: '010101' });
    const relations = Object.fromEntries(r.candidates.map((c: Json) => [c.id, c.relation]));
    expect(relations).toEqual({ [sibling.id]: 'sibling', [none.id]: 'any' });
    expect(ids(r)).not.toContain(noise.id);
    expect(ids(r)).not.toContain(water.id);
    // Without a category every open case nearby is a candidate.
    expect(new Set(ids(await candidates({ ...at })))).toEqual(new Set([sibling.id, none.id, noise.id, water.id]));
  });

  it('never proposes a closed, merged or transferred case', async () => {
    const at = { category: '010101', lon: 1.7, lat: 0.5 };
    const open = await file({ ...at, description: lamp });
    const merged = await file({ ...at, description: lamp });
    expect((await post(`/api/hotline/cases/${merged.id}/merge`, s.as.operator, { into: open.id })).statusCode).toBe(200);
    const answered = await file({ ...at, description: lamp, answer: { reply: '已转告路灯管理所。' } });
    const closed = await post(`/api/hotline/cases/${answered.id}/callback`, s.as.operator, { reached: true, resolved: true, satisfaction: 'satisfied' });
    expect(closed.json().case.status).toBe('closed');
    const transferred = await file({ ...at, description: lamp });
    expect((await post(`/api/hotline/cases/${transferred.id}/transfer`, s.as.operator, { target: 'police-110', reason: '涉及治安' })).statusCode).toBe(200);
    expect(ids(await candidates({ ...at, description: lampCopy }))).toEqual([open.id]);
  });

  it('finds cases without a point by region and text, and in the whole city by text alone', async () => {
    const permit = await file({ kind: 'inquiry', category: '030101', description: '居住证到期了，续签需要带哪些材料？在哪里办理？', address: '东城区东华门街道' });
    expect(permit.location).toMatchObject({ lon: null, regionCode: '110101001' });
    const ask = { description: '请问居住证到期续签要带什么材料，去哪里办？', category: '030101' };
    const inStreet = await candidates({ ...ask, region: '110101001' });
    expect(inStreet.basis).toBe('region');
    expect(inStreet.candidates[0]).toMatchObject({ id: permit.id, distanceM: null, relation: 'same' });
    expect(ids(await candidates({ ...ask, region: '110101' }))).toEqual([permit.id]);
    expect(ids(await candidates({ ...ask, region: '110102' }))).toEqual([]);
    // A point in the district finds it by its region, with no distance.
    const near = await candidates({ ...ask, lon: 1.2, lat: 0.2 });
    expect(near.candidates.map((c: Json) => [c.id, c.distanceM])).toEqual([[permit.id, null]]);
    const city = await candidates(ask);
    expect(city.basis).toBe('city');
    expect(ids(city)).toEqual([permit.id]);
    // Different words about something else are not shown, however near.
    expect(ids(await candidates({ description: '楼下饭店油烟直排，熏得没法开窗。', category: '030101', region: '110101001' }))).toEqual([]);
  });

  it('shows a dispatcher of another district nothing of cases outside their jurisdiction, and a handler nothing at all', async () => {
    const original = await file({ category: '010101', description: lamp, lon: 1.8, lat: 0.5 });
    const query = { description: lampCopy, category: '010101', lon: 1.8 + m100, lat: 0.5 };
    expect(ids(await candidates(query, s.as.dispatcher))).toEqual([original.id]);
    const xichengDispatcher = bearer(await seedToken(s, { userId: await seedUser(s, 'xicheng-dispatcher', ['dispatcher'], { orgId: '110102-12345', jurisdiction: ['110102'] }) }));
    expect(ids(await candidates(query, xichengDispatcher))).toEqual([]);
    const other = await get(`/api/hotline/cases/${original.id}/duplicates`, xichengDispatcher);
    expect(other.statusCode).toBe(404);
    for (const handler of [s.as.xicheng, s.as.street]) {
      const res = await post('/api/hotline/duplicates/candidates', handler, query);
      expect(res.statusCode).toBe(403);
      expect((await get(`/api/hotline/cases/${original.id}/duplicates`, handler)).statusCode).toBe(403);
    }
  });

  it('answers bad input with the field at fault', async () => {
    const good = { description: lampCopy, category: '010101', lon: 1.5, lat: 0.5 };
    const cases: [Json, string][] = [
      [{ ...good, description: '' }, 'description'],
      [{ ...good, description: '   ' }, 'description'],
      [{ ...good, lat: undefined }, 'lat'],
      [{ ...good, lon: null }, 'lon'],
      [{ ...good, lat: 91 }, 'lat'],
      [{ ...good, lon: 'east' }, 'lon'],
      [{ ...good, category: 'abc' }, 'category'],
      [{ ...good, category: '999999' }, 'category'],
      [{ ...good, region: 'Dongcheng' }, 'region'],
      [{ ...good, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/api/hotline/duplicates/candidates', s.as.operator, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field, res.body).toBe(field);
    }
    const missing = await get('/api/hotline/cases/case_nope/duplicates', s.as.operator);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.field).toBe('id');
  });

  it('takes the radius and window of a category from the pack’s hotline/duplicates.json, and goes back to the defaults without it', async () => {
    const original = await file({ category: '010101', description: lamp, lon: 1.9, lat: 0.5 });
    const query = { description: lampCopy, category: '010101', lon: 1.9 + m400, lat: 0.5 };
    expect(ids(await candidates(query))).toEqual([]);

    await importToy({ 'hotline/duplicates.json': { radiusM: 200, windowDays: 3, categories: [{ category: '0101', radiusM: 500, windowDays: 10, note: '路灯、井盖：报的人常在远处看到' }] } });
    const wide = await candidates(query);
    expect(wide).toMatchObject({ radiusM: 500, windowDays: 10 });
    expect(ids(wide)).toEqual([original.id]);
    expect(wide.candidates[0].distanceM).toBeGreaterThan(390);
    expect(await candidates({ ...query, category: '020101' })).toMatchObject({ radiusM: 200, windowDays: 3 });
    expect(await candidates({ ...query, category: null })).toMatchObject({ radiusM: 200, windowDays: 3 });

    for (const [file, field] of [
      [{ radiusM: -5 }, 'hotline/duplicates.json:radiusM'],
      [{ categories: [{ category: '0909', radiusM: 300 }] }, 'hotline/duplicates.json:categories.0.category'],
      [{ categories: [{ category: '0101' }] }, 'hotline/duplicates.json:categories.0.radiusM'],
      [{ radius: 300 }, 'hotline/duplicates.json:radius'],
    ] as const) {
      await expect(importToy({ 'hotline/duplicates.json': file })).rejects.toMatchObject({ kind: 'invalid', field });
    }
    // A failed import changes nothing.
    expect(await candidates(query)).toMatchObject({ radiusM: 500 });

    await importToy();
    const back = await candidates(query);
    expect(back).toMatchObject({ radiusM: 250, windowDays: 7 });
    expect(ids(back)).toEqual([]);
  });

  it('looks back over the window only', async () => {
    const original = await file({ category: '010101', description: lamp, lon: 1.95, lat: 0.5 });
    const query = { description: lampCopy, category: '010101', lon: 1.95 + m100, lat: 0.5 };
    clock.advance(6 * 86_400_000);
    expect(ids(await candidates(query))).toEqual([original.id]);
    clock.advance(2 * 86_400_000);
    expect(ids(await candidates(query))).toEqual([]);
    const res = await get(`/api/hotline/cases/${original.id}/duplicates`, s.as.operator);
    expect(res.statusCode).toBe(200);
  });
});
