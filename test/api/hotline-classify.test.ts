import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, type HotlineTestService } from '../support/hotline.js';
import { seedDispatchedCases } from '../support/hotline-history.js';

type Json = Record<string, any>;

describe.each(testDrivers())('hotline classifier API (%s)', (driver) => {
  let s: HotlineTestService;
  beforeAll(async () => {
    s = await hotlineTestService({ driver });
  }, 120_000);
  afterAll(() => s?.close());

  const post = (url: string, headers: Record<string, string>, payload?: Json) => s.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });

  it('a pack import gives the city its first version; an administrator trains the next, listed with what it learnt from', async () => {
    const first = await get('/api/hotline/models', s.as.operator);
    expect(first.statusCode).toBe(200);
    expect(first.json().models).toMatchObject([{ version: 1, active: true, createdBy: 'system:pack-import', trainedFrom: { confirmed: 0, corrected: 0 } }]);
    const res = await post('/api/hotline/models/train', s.as.admin, {});
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json().model;
    expect(v2).toMatchObject({ version: 2, active: true, trainedFrom: { confirmed: 0, corrected: 0, labels: 5 }, metrics: { heldOutTop1: null, heldOutN: 0 } });
    expect(v2.metrics.bytes).toBeGreaterThan(0);
    const list = await get('/api/hotline/models', s.as.operator);
    expect(list.json().models.map((m: Json) => [m.version, m.active])).toEqual([[2, true], [1, false]]);
  });

  it('suggests categories with the office the catalog proposes for each, at the given place', async () => {
    const located = await post('/api/hotline/classify', s.as.operator, { title: '路灯坏了', description: '某小区门口晚上很黑', lon: 1.5, lat: 0.5 });
    expect(located.json()).toMatchObject({ source: 'rule', regionCode: '110101000000', suggestions: [{ categoryCode: '010101' }, {}, {}] });
    const res = await post('/api/hotline/classify', s.as.operator, { title: '路灯坏了', description: '东华门街道某小区门口晚上很黑', regionCode: '110101001' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ modelVersion: 2, source: 'rule', regionCode: '110101001' });
    expect(r.suggestions).toHaveLength(3);
    expect(r.suggestions[0]).toMatchObject({ categoryCode: '010101', path: '城乡建设/市政设施/路灯不亮', score: 1, keyword: '路灯', office: { org: { code: '110101001-street' }, ruleId: 1 } });
    const west = await post('/api/hotline/classify', s.as.citizen, { description: '路灯不亮', regionCode: '110102' });
    expect(west.json().suggestions[0].office).toMatchObject({ org: { code: '110102-cgw' }, ruleId: 2 });
    const model = (await post('/api/hotline/classify', s.as.operator, { description: '请问居住证在哪里办理' })).json();
    expect(model).toMatchObject({ modelVersion: 2, source: 'model', regionCode: null });
    expect(model.suggestions[0]).toMatchObject({ categoryCode: '030101' });
    expect(model.suggestions[0].keyword).toBeUndefined();
  });

  it('a new version learns from the dispatches people confirmed or corrected', async () => {
    const ask = { description: '路边下水道的铁盖子没了' };
    const before = (await post('/api/hotline/classify', s.as.operator, ask)).json();
    expect(before.suggestions[0]?.categoryCode).not.toBe('010102');
    await seedDispatchedCases(s.kernel, '110000', [
      { description: '下水道的铁盖子没了', category: '010102' },
      { description: '路口的铁盖子被偷了，怕有人掉下去', category: '010102', corrected: true },
      { title: '铁盖子丢失', description: '人行道上下水道铁盖子丢失', category: '010102' },
      { description: '楼下铁盖子没了好几天', category: '010102' },
    ]);
    const v3 = (await post('/api/hotline/models/train', s.as.admin, {})).json().model;
    expect(v3).toMatchObject({ version: 3, trainedFrom: { confirmed: 3, corrected: 1 } });
    // Another copy of the service sees the new version within its recheck interval.
    await new Promise((r) => setTimeout(r, 2_100));
    const after = (await post('/api/hotline/classify', s.as.operator, ask)).json();
    expect(after).toMatchObject({ modelVersion: 3, source: 'model' });
    expect(after.suggestions[0].categoryCode).toBe('010102');
    const list = (await get('/api/hotline/models', s.as.admin)).json().models;
    expect(list.map((m: Json) => [m.version, m.active])).toEqual([[3, true], [2, false], [1, false]]);
  });

  it('only administrators train; staff who take cases classify; bad input names the field', async () => {
    expect((await post('/api/hotline/models/train', s.as.operator, {})).statusCode).toBe(403);
    expect((await post('/api/hotline/classify', s.as.street, { description: '路灯' })).statusCode).toBe(403);
    expect((await post('/api/hotline/classify', {}, { description: '路灯' })).statusCode).toBe(401);
    const cases: [Json, string][] = [
      [{}, 'description'],
      [{ description: '  ' }, 'description'],
      [{ description: '路灯', lon: 1.5 }, 'lat'],
      [{ description: '路灯', lon: 181, lat: 0.5 }, 'lon'],
      [{ description: '路灯', regionCode: 'east' }, 'regionCode'],
      [{ description: '路灯', colour: 'red' }, 'colour'],
      [{ description: 1 }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/api/hotline/classify', s.as.operator, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field, res.body).toBe(field);
    }
  });
});
