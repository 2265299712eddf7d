import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken } from '../support/http.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { importPack } from '../../src/core/pack.js';

const fixture = () => JSON.parse(readFileSync(new URL('../fixtures/hotline-kb.json', import.meta.url), 'utf8')) as { articles: { code: string; category: string }[] };

describe.each(testDrivers())('hotline knowledge base API (%s)', (driver) => {
  let s: TestService;
  const as: Record<'admin' | 'operator' | 'handler' | 'citizen', Record<string, string>> = {} as never;
  const get = (url: string, who: keyof typeof as = 'operator') => s.app.inject({ method: 'GET', url, headers: as[who] });
  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, who: keyof typeof as = 'operator') => s.app.inject({ method, url, payload: payload as object, headers: as[who] });
  const search = async (q: string, extra = '', who: keyof typeof as = 'operator') => (await get(`/api/hotline/kb?q=${encodeURIComponent(q)}${extra}`, who)).json().articles as { code: string; score: number; snippet: string; matched: string[] }[];

  beforeAll(async () => {
    s = await testService({ driver, modules: [regionsModule, hotlineModule] });
    for (const role of ['admin', 'operator', 'handler', 'citizen'] as const) as[role] = bearer(await seedToken(s, { roles: [role] }));
    // The fixture as a city pack of one hotline file, through every loader the service has.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-kb-pack-'));
    await fs.mkdir(path.join(dir, 'hotline'));
    await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ name: 'kb-test', version: '1', city: { code: s.config.cityCode, nameZh: '北京市', nameEn: 'Beijing' } }));
    await fs.copyFile(new URL('../fixtures/hotline-kb.json', import.meta.url), path.join(dir, 'hotline/kb.json'));
    const report = await importPack(s.kernel, s.system, dir, s.packLoaders);
    await fs.rm(dir, { recursive: true, force: true });
    expect(report.loaders.find((l) => l.name === 'hotline.kb')?.counts).toEqual({ articles: 13, newVersions: 13, retired: 0 });
  });
  afterAll(() => s.close());

  it.each([
    ['暖气不热怎么办', 'heating-cold'],
    ['公积金怎么提取', 'hpf-withdrawal'],
    ['居住证办理需要什么材料', 'residence-permit'],
    ['我们楼从早上开始停水了，水压一直很低', 'water-outage'],
    ['工地半夜施工噪音太大，影响休息', 'night-construction-noise'],
    ['社保卡丢了怎么补办', 'social-card-replace'],
    ['How can a foreigner apply for a work permit?', 'foreigner-work-permit'],
  ])('finds the right article first for %s', async (q, code) => {
    const [first] = await search(q);
    expect(first).toMatchObject({ code, version: 1 });
    expect(first!.score).toBeGreaterThan(0);
    expect(first!.matched.length).toBeGreaterThan(0);
    expect(first!.snippet.length).toBeLessThanOrEqual(82);
  });

  it('lets a citizen search, and nobody unsigned', async () => {
    expect((await search('停电', '', 'citizen'))[0]?.code).toBe('power-outage');
    expect((await s.app.inject({ method: 'GET', url: '/api/hotline/kb?q=停电' })).statusCode).toBe(401);
  });

  it('keeps to a category prefix', async () => {
    const hits = await search('办理', '&category=02&limit=50');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => fixture().articles.find((a) => a.code === h.code)!.category.startsWith('02'))).toBe(true);
    expect((await get('/api/hotline/kb?q=x&category=ab')).json().error).toMatchObject({ kind: 'invalid', field: 'category' });
  });

  it('lists published articles a page at a time without a question', async () => {
    const page = (await get('/api/hotline/kb?limit=5&offset=5')).json();
    expect(page.total).toBe(13);
    expect(page.articles).toHaveLength(5);
    expect(page.articles[0]).toMatchObject({ score: null, matched: [] });
    const all = (await get('/api/hotline/kb?limit=100')).json().articles.map((a: { code: string }) => a.code);
    expect(all.slice(5, 10)).toEqual(page.articles.map((a: { code: string }) => a.code));
  });

  it('writes an article and new versions, and keeps every version', async () => {
    const created = await send('POST', '/api/hotline/kb', { code: 'bike-parking', title: '共享单车乱停放如何反映', body: '共享单车停放影响通行的，可以通过运营企业App反映。', category: '010401', keywords: ['共享单车'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'bike-parking', version: 1, currentVersion: 1, status: 'published', category: '010401', keywords: ['共享单车'], validFrom: null });
    expect((await search('小区门口共享单车乱停'))[0]?.code).toBe('bike-parking');

    const edited = await send('PUT', '/api/hotline/kb/bike-parking', { title: '共享单车乱停放如何反映', body: '共享单车停放影响通行的，可以拨打运营企业客服或12345反映，请说明地点。', keywords: ['共享单车', '乱停放'], validFrom: '2025-01-01', expectedVersion: 1, note: '加上12345' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, currentVersion: 2, note: '加上12345', validFrom: '2025-01-01', category: null });

    const versions = (await get('/api/hotline/kb/bike-parking/versions', 'citizen')).json();
    expect(versions).toMatchObject({ code: 'bike-parking', currentVersion: 2 });
    expect(versions.versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([[2, '加上12345'], [1, null]]);
    const first = (await get('/api/hotline/kb/bike-parking?version=1')).json();
    expect(first).toMatchObject({ version: 1, currentVersion: 2, body: '共享单车停放影响通行的，可以通过运营企业App反映。' });
    expect((await get('/api/hotline/kb/bike-parking?version=9')).json().error).toMatchObject({ kind: 'not_found', field: 'version' });
    expect((await get('/api/hotline/kb/no-such-article')).statusCode).toBe(404);
    expect((await send('POST', '/api/hotline/kb', { code: 'bike-parking', title: 't', body: 'b' })).statusCode).toBe(409);
  });

  it('refuses an edit made on a stale version, naming the current one', async () => {
    const res = await send('PUT', '/api/hotline/kb/heating-cold', { title: '暖气不热', body: '旧版本上的修改', expectedVersion: 1 });
    expect(res.statusCode).toBe(200);
    const stale = await send('PUT', '/api/hotline/kb/heating-cold', { title: '暖气不热', body: '又一次旧版本上的修改', expectedVersion: 1 }, 'admin');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ kind: 'conflict', field: 'expectedVersion', details: { currentVersion: 2 } });
    expect(stale.json().error.message).toMatch(/version 2/);
    expect((await send('POST', '/api/hotline/kb/heating-cold/retire', { expectedVersion: 1 })).json().error.details).toEqual({ currentVersion: 2 });
  });

  it('lets a handler read but not write', async () => {
    expect((await get('/api/hotline/kb/residence-permit', 'handler')).statusCode).toBe(200);
    expect((await send('POST', '/api/hotline/kb', { code: 'by-handler', title: 't', body: 'b' }, 'handler')).statusCode).toBe(403);
    expect((await send('PUT', '/api/hotline/kb/residence-permit', { title: 't', body: 'b', expectedVersion: 1 }, 'handler')).statusCode).toBe(403);
    expect((await send('POST', '/api/hotline/kb/residence-permit/retire', { expectedVersion: 1 }, 'citizen')).statusCode).toBe(403);
  });

  it.each([
    ['no title', { code: 'v-1', body: 'b' }, 'title'],
    ['a blank title', { code: 'v-2', title: '   ', body: 'b' }, 'title'],
    ['a body over 20000 characters', { code: 'v-3', title: 't', body: '字'.repeat(20001) }, 'body'],
    ['a code with spaces', { code: 'no spaces', title: 't', body: 'b' }, 'code'],
    ['a code over 32 characters', { code: 'x'.repeat(33), title: 't', body: 'b' }, 'code'],
    ['a category code of 3 digits', { code: 'v-4', title: 't', body: 'b', category: '010' }, 'category'],
    ['a day that is no date', { code: 'v-5', title: 't', body: 'b', validFrom: '2025-13-01' }, 'validFrom'],
    ['an unknown field', { code: 'v-6', title: 't', body: 'b', colour: 'red' }, 'colour'],
  ])('refuses %s, naming the field', async (_what, payload, field) => {
    const res = await send('POST', '/api/hotline/kb', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ kind: 'invalid', field, message: expect.any(String) });
  });

  it('refuses a category the city catalog does not have, once it has one', async () => {
    const categories = fixture().articles.map((a) => a.category);
    const rows = [...new Set(categories.flatMap((c) => [c.slice(0, 2), c.slice(0, 4), c]))].map((code) => ({ city_code: s.config.cityCode, code, parent: code.length > 2 ? code.slice(0, -2) : null, level: code.length / 2, name: `类别${code}`, name_en: `Category ${code}` }));
    await s.kernel.db.withTables<{ hotline_categories: (typeof rows)[number] }>().insertInto('hotline_categories').values(rows).execute();
    const res = await send('POST', '/api/hotline/kb', { code: 'cat-check', title: 't', body: 'b', category: '990101' });
    expect(res.json().error).toMatchObject({ kind: 'invalid', field: 'category', message: expect.stringMatching(/990101/) });
    expect((await send('POST', '/api/hotline/kb', { code: 'cat-check', title: 't', body: 'b', category: '0201' })).statusCode).toBe(201);
  });

  it('retires an article out of search, keeping its versions', async () => {
    expect((await search('养犬登记'))[0]?.code).toBe('dog-registration');
    const res = await send('POST', '/api/hotline/kb/dog-registration/retire', { expectedVersion: 1, note: '政策调整' });
    expect(res.json()).toMatchObject({ version: 2, status: 'retired', note: '政策调整' });
    expect((await search('养犬登记')).map((h) => h.code)).not.toContain('dog-registration');
    expect((await get('/api/hotline/kb?limit=100')).json().articles.map((a: { code: string }) => a.code)).not.toContain('dog-registration');
    const versions = (await get('/api/hotline/kb/dog-registration/versions')).json().versions;
    expect(versions.map((v: { status: string }) => v.status)).toEqual(['retired', 'published']);
    expect((await get('/api/hotline/kb/dog-registration?version=1')).json()).toMatchObject({ status: 'published', body: expect.stringContaining('养犬登记') });
    expect((await send('POST', '/api/hotline/kb/dog-registration/retire', { expectedVersion: 2 })).statusCode).toBe(409);
  });

  it('records every write in the audit log and the outbox', async () => {
    const entries = (await get('/api/core/audit?resourceType=kb-article&limit=500', 'admin')).json().entries as { action: string; resourceId: string | null; actor: string; after: { version?: number } }[];
    const of = (action: string, code: string) => entries.filter((e) => e.action === action && e.resourceId === code);
    expect(of('hotline.kb-article.created', 'bike-parking')).toHaveLength(1);
    expect(of('hotline.kb-article.updated', 'bike-parking')[0]).toMatchObject({ after: { version: 2 }, actor: expect.stringMatching(/token/) });
    expect(of('hotline.kb-article.retired', 'dog-registration')).toHaveLength(1);
    expect(entries.some((e) => e.action === 'hotline.kb.imported')).toBe(true);
    const events = await s.kernel.db.selectFrom('core_outbox').select(['payload']).where('topic', '=', 'hotline.kb-article.changed').execute();
    expect(events.map((e) => e.payload)).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'dog-registration', version: 2, status: 'retired', change: 'retired' })]));
  });
});
