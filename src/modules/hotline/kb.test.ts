import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testService, type TestService } from '../../../test/support/service.js';
import type { CityworkModule } from '../../core/module.js';
import { createArticle, getArticle, importKb, kbPackLoader, listVersions, parseKbFile, searchKb, updateArticle, type KbFile } from './kb.js';
import { checkContent } from './kb-store.js';
import { snippetOf } from './kb-index.js';

const fixture = (): KbFile => parseKbFile(JSON.parse(readFileSync(new URL('../../../test/fixtures/hotline-kb.json', import.meta.url), 'utf8')));

describe('checkContent', () => {
  const ok = { title: ' 停水怎么办 ', body: '拨打96116。' };

  it('trims, drops blank and repeated keywords, and fills the optional fields', () => {
    expect(checkContent({ ...ok, keywords: [' 停水 ', '', '停水', '水压'] })).toEqual({ title: '停水怎么办', body: '拨打96116。', category: null, keywords: ['停水', '水压'], source: null, validFrom: null });
  });

  it.each([
    ['a blank title', { ...ok, title: '  ' }, 'title', /title is required/],
    ['a long title', { ...ok, title: 'x'.repeat(201) }, 'title', /at most 200/],
    ['no body', { ...ok, body: '' }, 'body', /body is required/],
    ['a body over 20000 characters', { ...ok, body: '字'.repeat(20001) }, 'body', /at most 20000/],
    ['a category that is no code', { ...ok, category: '1a' }, 'category', /2, 4 or 6 digits/],
    ['a day that does not exist', { ...ok, validFrom: '2025-02-30' }, 'validFrom', /YYYY-MM-DD/],
    ['a long keyword', { ...ok, keywords: ['x'.repeat(51)] }, 'keywords.0', /at most 50/],
  ])('refuses %s, naming the field', (_what, input, field, message) => {
    expect(() => checkContent(input)).toThrow(expect.objectContaining({ kind: 'invalid', field, message: expect.stringMatching(message) }));
  });
});

describe('snippetOf', () => {
  const body = `${'前言'.repeat(60)}提取住房公积金需要身份证和购房合同。${'后记'.repeat(60)}`;

  it('gives a short body whole, with its white space folded', () => {
    expect(snippetOf('拨打\n\n 96116 报修', ['报修'])).toBe('拨打 96116 报修');
  });

  it('cuts about 80 characters around the first match, marking the cuts', () => {
    const s = snippetOf(body, ['公积']);
    expect(s).toContain('提取住房公积金');
    expect(s.startsWith('…') && s.endsWith('…')).toBe(true);
    expect(s.length).toBe(82);
  });

  it('prefers a word to a single character, and starts at the beginning without a match', () => {
    expect(snippetOf(body, ['前', '购房'])).toContain('购房合同');
    expect(snippetOf(body, ['量子'])).toMatch(/^前言前言.*…$/);
  });
});

describe('parseKbFile', () => {
  it('reads the fixture', () => {
    expect(fixture().articles.length).toBeGreaterThan(10);
  });

  it.each([
    ['a code given twice', (f: KbFile) => f.articles.push({ ...f.articles[0]! }), 'kb.json:articles.13.code', /given twice/],
    ['a bad code', (f: KbFile) => (f.articles[0]!.code = 'no spaces'), 'kb.json:articles.0.code', /./],
    ['an unknown field', (f: KbFile) => Object.assign(f.articles[2]!, { colour: 'red' }), 'kb.json:articles.2.colour', /colour/],
  ])('refuses %s, naming the field', (_what, spoil, field, message) => {
    const f = fixture();
    spoil(f);
    expect(() => parseKbFile(f)).toThrow(expect.objectContaining({ kind: 'invalid', field, message: expect.stringMatching(message) }));
  });
});

// The knowledge base alone: the hotline's tables and the policy, without its other routes.
const kbOnly: CityworkModule = {
  name: 'hotline',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  policy: { admin: ['hotline.kb.read', 'hotline.kb.write'] },
};

describe('the knowledge base store', () => {
  let s: TestService;
  const versionsOf = async (code: string) => (await listVersions(s.kernel, s.system, code)).versions.map((v) => `${v.version}:${v.status}:${v.editedBy}`);
  beforeAll(async () => {
    s = await testService({ modules: [kbOnly] });
  });
  afterAll(() => s.close());

  it('imports a pack file, and re-importing it changes nothing', async () => {
    expect(await importKb(s.kernel, s.system, fixture())).toEqual({ articles: 13, newVersions: 13, retired: 0 });
    expect(await importKb(s.kernel, s.system, fixture())).toEqual({ articles: 13, newVersions: 0, retired: 0 });
    expect(await versionsOf('heating-cold')).toEqual(['1:published:pack']);
  });

  it('keeps a staff edit when the pack did not change the article, and writes a new version when it did', async () => {
    await updateArticle(s.kernel, s.system, 'water-outage', { ...fixture().articles[3]!, body: '供水热线96116，24小时。', expectedVersion: 1 });
    expect(await importKb(s.kernel, s.system, fixture())).toMatchObject({ newVersions: 0 });
    expect((await getArticle(s.kernel, s.system, 'water-outage')).body).toBe('供水热线96116，24小时。');
    const changed = fixture();
    changed.articles[3]!.title = '停水、水压低、水质浑浊如何反映';
    expect(await importKb(s.kernel, s.system, changed)).toMatchObject({ newVersions: 1, retired: 0 });
    expect(await versionsOf('water-outage')).toEqual(['3:published:pack', '2:published:system:test', '1:published:pack']);
  });

  it('retires what the pack no longer has, keeps its versions, and publishes it again when it is back', async () => {
    await createArticle(s.kernel, s.system, { code: 'staff-only', title: '工作人员写的条目', body: '不在城市包里。' });
    const smaller = fixture();
    smaller.articles = smaller.articles.filter((a) => a.code !== 'dog-registration');
    expect(await importKb(s.kernel, s.system, smaller)).toEqual({ articles: 12, newVersions: 1, retired: 1 });
    expect(await versionsOf('dog-registration')).toEqual(['2:retired:pack', '1:published:pack']);
    expect((await getArticle(s.kernel, s.system, 'staff-only')).status).toBe('published');
    expect((await searchKb(s.kernel, s.system, { q: '办狗证' })).articles.map((a) => a.code)).not.toContain('dog-registration');
    await importKb(s.kernel, s.system, fixture());
    expect(await versionsOf('dog-registration')).toEqual(['3:published:pack', '2:retired:pack', '1:published:pack']);
    expect((await searchKb(s.kernel, s.system, { q: '办狗证' })).articles[0]?.code).toBe('dog-registration');
  });

  it('loads kb.json through its pack loader, and nothing when the pack has none', async () => {
    const file = fixture();
    const load = (has: boolean) =>
      s.kernel.transaction((trx) => kbPackLoader.load({ manifest: {} as never, has: () => has, readText: async () => '', readJson: async <T>() => file as T, trx, ctx: s.system, progress: () => {} }));
    expect(kbPackLoader).toMatchObject({ name: 'hotline.kb', after: ['hotline.catalog'] });
    expect(await load(false)).toEqual({ articles: 0, newVersions: 0, retired: 0 });
    expect(await load(true)).toEqual({ articles: 13, newVersions: 0, retired: 0 });
  });

  it('sees a change another copy of the service wrote to the database', async () => {
    expect((await searchKb(s.kernel, s.system, { q: '共享单车乱停放' })).articles).toEqual([]);
    // Another copy's write: this copy's index was never told.
    await sql`update hotline_kb_articles set version = version + 1, title = '共享单车乱停放如何反映' where code = 'estate-parking'`.execute(s.kernel.db);
    const found = await searchKb(s.kernel, s.system, { q: '共享单车乱停放' });
    expect(found.articles[0]).toMatchObject({ code: 'estate-parking', title: '共享单车乱停放如何反映' });
  });

  it('keeps to a category and its sub-categories', async () => {
    const all = (await searchKb(s.kernel, s.system, { q: '办理', limit: 20 })).articles.map((a) => a.category);
    expect(new Set(all.map((c) => c?.slice(0, 2))).size).toBeGreaterThan(1);
    const under = (await searchKb(s.kernel, s.system, { q: '办理', category: '02', limit: 20 })).articles;
    expect(under.length).toBeGreaterThan(0);
    expect(under.every((a) => a.category?.startsWith('02'))).toBe(true);
  });

  it('checks categories against the catalog once the city has one', async () => {
    const input = { code: 'with-category', title: '标题', body: '正文', category: '990101' };
    await s.kernel.db.withTables<{ hotline_categories: { city_code: string; code: string; level: number; name: string; name_en: string } }>().insertInto('hotline_categories').values({ city_code: s.system.cityCode, code: '01', level: 1, name: '城乡建设', name_en: 'Urban construction' }).execute();
    await expect(createArticle(s.kernel, s.system, input)).rejects.toMatchObject({ kind: 'invalid', field: 'category' });
    await expect(importKb(s.kernel, s.system, fixture())).rejects.toMatchObject({ kind: 'invalid', field: 'kb.json:articles.0.category' });
    await expect(createArticle(s.kernel, s.system, { ...input, category: '01' })).resolves.toMatchObject({ version: 1, category: '01' });
  });
});

const beijingKb = fileURLToPath(new URL('../../../packs/beijing/hotline/kb.json', import.meta.url));

describe.skipIf(!existsSync(beijingKb))('the Beijing knowledge base', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ modules: [kbOnly] });
  });
  afterAll(() => s.close());

  it('imports, and finds every article among the first three for its own title', async () => {
    const file = parseKbFile(JSON.parse(readFileSync(beijingKb, 'utf8')));
    expect(await importKb(s.kernel, s.system, file)).toMatchObject({ articles: file.articles.length, newVersions: file.articles.length });
    for (const a of file.articles) {
      const codes = (await searchKb(s.kernel, s.system, { q: a.title, limit: 3 })).articles.map((h) => h.code);
      expect(codes, a.title).toContain(a.code);
    }
  });

  it.each([
    ['我家暖气一点都不热，室温才十几度', '暖气不热'],
    ['公积金租房能提取吗', '公积金'],
    ['外地户口怎么办居住证', '居住证'],
    ['闻到家里有煤气味', '燃气味'],
    ['楼上天天装修太吵', '楼上邻居'],
    ['外地车进京要办什么', '进京证'],
    ['小区门口共享单车乱停', '共享单车'],
    ['网购的衣服能退吗', '七天无理由'],
  ])('answers %s with the article on %s', async (q, about) => {
    const [first] = (await searchKb(s.kernel, s.system, { q, limit: 1 })).articles;
    expect(first?.title).toContain(about);
  });
});
