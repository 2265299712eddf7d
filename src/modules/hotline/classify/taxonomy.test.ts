import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTaxonomyCsv, taxonomyDocuments } from './taxonomy.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-taxonomy-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('taxonomyDocuments', () => {
  it('one pseudo-message per level-2 category of a known label, 其他 left out', () => {
    const rows = [
      { level1: '教育文体', level2: '教育收费', level3: '乱收费' },
      { level1: '教育文体', level2: '教育收费', level3: '其他' },
      { level1: '教育文体', level2: '其他', level3: '其他' },
      { level1: '政法', level2: '户籍证件', level3: '户籍管理' },
      { level1: '城乡建设', level2: '其他', level3: '小区管理' },
    ];
    expect(taxonomyDocuments(rows, ['教育文体', '城乡建设'])).toEqual([
      { label: '教育文体', text: '教育收费，乱收费' },
      { label: '城乡建设', text: '小区管理' },
    ]);
  });
});

describe('readTaxonomyCsv', () => {
  it('reads levels 1–3 under a header', async () => {
    const f = path.join(dir, 'ok.csv');
    await fs.writeFile(f, '\ufeff一级分类,二级分类,三级分类\n城乡建设,安全生产,事故处理\n');
    expect(await readTaxonomyCsv(f)).toEqual([{ level1: '城乡建设', level2: '安全生产', level3: '事故处理' }]);
  });

  it('a missing file or an empty taxonomy is invalid', async () => {
    await expect(readTaxonomyCsv(path.join(dir, 'none.csv'))).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/no such file/) });
    const f = path.join(dir, 'empty.csv');
    await fs.writeFile(f, '一级分类,二级分类,三级分类\n');
    await expect(readTaxonomyCsv(f)).rejects.toMatchObject({ kind: 'invalid', field: 'taxonomy' });
  });
});
