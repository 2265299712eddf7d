import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { orgsFileSchema } from '../src/core/orgs-schema.js';
import { categoriesFileSchema, dispatchFileSchema, kbFileSchema } from '../src/modules/hotline/index.js';
import { buildBeijingHotline, hotlineOutputs, type Division } from './build-beijing-hotline.js';

const pack = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packs/beijing');
const read = (file: string) => JSON.parse(readFileSync(path.join(pack, file), 'utf8')) as unknown;
const orgs = orgsFileSchema.parse(read('orgs.json')).orgs;
const categories = categoriesFileSchema.parse(read('hotline/categories.json')).categories;
const dispatch = dispatchFileSchema.parse(read('hotline/dispatch.json'));
const articles = kbFileSchema.parse(read('hotline/kb.json')).articles;
const regions = (read('regions/divisions.json') as { regions: Division[] }).regions.filter((r) => r.code.startsWith('11'));
const districts = regions.filter((r) => r.level === 'district').map((r) => r.code.slice(0, 6));
const orgCodes = new Set(orgs.map((o) => o.code));
const categoryCodes = new Set(categories.map((c) => c.code));

describe('build-beijing-hotline', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'citywork-hotline-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly the committed files', () => {
    buildBeijingHotline(tmp, { divisionsFile: path.join(pack, 'regions/divisions.json') });
    for (const file of hotlineOutputs) expect(readFileSync(path.join(tmp, file), 'utf8'), file).toBe(readFileSync(path.join(pack, file), 'utf8'));
  });

  it('lists categories once each, parents before children, in 2-, 4- and 6-digit codes', () => {
    const seen = new Set<string>();
    for (const c of categories) {
      expect(seen.has(c.code), c.code).toBe(false);
      if (c.code.length > 2) expect(seen.has(c.code.slice(0, -2)), `parent of ${c.code}`).toBe(true);
      seen.add(c.code);
    }
    expect(new Set(categories.map((c) => c.code.length))).toEqual(new Set([2, 4, 6]));
  });

  it('forces the critical and utility tiers on the leaves that need them', () => {
    const tierOf = (name: string) => categories.find((c) => c.name === name)?.tier;
    for (const name of ['燃气泄漏', '井盖缺失', '高空坠物', '电梯困人']) expect(tierOf(name), name).toBe('critical');
    for (const name of ['停水', '停电', '停气', '暖气不热']) expect(tierOf(name), name).toBe('utility');
  });

  it('numbers Open311 attributes from 1 and gives lists their values', () => {
    const withAttributes = categories.filter((c) => c.attributes.length);
    expect(withAttributes.length).toBeGreaterThanOrEqual(8);
    for (const c of withAttributes) {
      expect(c.code).toHaveLength(6);
      expect(c.attributes.map((a) => a.order)).toEqual(c.attributes.map((_, i) => i + 1));
      for (const a of c.attributes) if (a.datatype.endsWith('valuelist')) expect(a.values?.length, `${c.code} ${a.code}`).toBeGreaterThan(0);
    }
  });

  it('dispatches only to categories and organisations that exist', () => {
    const slugs = new Set<string>();
    for (const r of dispatch.rules) {
      if (r.category !== '*') expect(categoryCodes.has(r.category), `rule ${r.id} category ${r.category}`).toBe(true);
      if (!r.target.startsWith('@')) expect(orgCodes.has(r.target), `rule ${r.id} target ${r.target}`).toBe(true);
      if (r.target.startsWith('@district:')) slugs.add(r.target.slice('@district:'.length));
    }
    for (const slug of slugs) for (const d of districts) expect(orgCodes.has(`${d}-${slug}`), `${d}-${slug}`).toBe(true);
    expect(dispatch.rules.map((r) => r.id)).toEqual(dispatch.rules.map((_, i) => i + 1));
  });

  it('gives every district a 12345 centre and every organisation a supervisor that exists', () => {
    expect(districts).toHaveLength(16);
    for (const d of districts) expect(orgCodes.has(`${d}-12345`), d).toBe(true);
    for (const o of orgs) if (o.supervisor !== null) expect(orgCodes.has(o.supervisor), `${o.code} → ${o.supervisor}`).toBe(true);
    expect(orgs.filter((o) => o.supervisor === null).map((o) => o.code)).toEqual(['110000-12345']);
  });

  it('has exactly one street office for each township of Beijing', () => {
    const streets = orgs.filter((o) => o.kind === 'street');
    const townships = regions.filter((r) => r.level === 'township').map((r) => r.code.slice(0, 9));
    expect(streets.map((o) => o.regionCode).sort()).toEqual([...townships].sort());
    for (const s of streets) expect(s.jurisdiction).toEqual([s.regionCode]);
  });

  it('files every knowledge-base article under a category that exists', () => {
    expect(articles.length).toBeGreaterThanOrEqual(40);
    for (const a of articles) expect(categoryCodes.has(a.category ?? ''), `${a.code} ${a.category}`).toBe(true);
  });
});
