import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';

// Three categories, four messages each: the test file asks one of each.
const categories: Record<string, string[]> = {
  教育文体: ['学校补课收费', '幼儿园学位不足', '教师工资待遇', '小学招生划片'],
  城乡建设: ['小区物业停车收费', '小区电梯故障', '违章建筑占用绿化', '小区停水停电'],
  劳动和社会保障: ['公司拖欠工资', '社保断缴补缴', '养老保险转移', '工伤认定困难'],
};
const header = '留言编号,留言主题,留言详情,一级分类';
const row = (i: number, title: string, label: string) => `${i},"${title}","A市A3区${title}的问题，请尽快解决。",${label}`;

let dir: string;
const file = (f: string) => path.join(dir, f);
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-hotline-evaluate-'));
  const all = Object.entries(categories).flatMap(([label, titles]) => titles.map((t) => ({ t, label })));
  await fs.writeFile(file('train.csv'), [header, ...all.filter((_, i) => i % 4 !== 0).map((m, i) => row(i, m.t, m.label))].join('\n'));
  await fs.writeFile(file('test.csv'), [header, ...all.filter((_, i) => i % 4 === 0).map((m, i) => row(100 + i, m.t, m.label))].join('\n'));
  await fs.writeFile(file('pool.csv'), ['留言编号,留言主题,留言详情,答复意见', '1,"学校乱收费","学校补课收费","市教育局已责令学校整改"'].join('\n'));
  await fs.writeFile(file('taxonomy.csv'), '一级分类,二级分类,三级分类\n教育文体,教育收费,乱收费\n城乡建设,住房保障与房地产,物业服务\n');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('citywork hotline evaluate', () => {
  it('prints one line of JSON: top1, top3, n, msPerMessage', async () => {
    const { code, stdout, stderr } = await runCli(['hotline', 'evaluate', '--train', file('train.csv'), '--test', file('test.csv'), '--unlabelled', file('pool.csv'), '--unlabelled', file('pool.csv'), '--taxonomy', file('taxonomy.csv')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(Object.keys(r)).toEqual(['top1', 'top3', 'n', 'msPerMessage']);
    expect(r).toMatchObject({ n: 3, top3: 1 });
    expect(r.top1).toBeGreaterThanOrEqual(0);
    expect(r.msPerMessage).toBeGreaterThanOrEqual(0);
  });

  it('reads other column names when told', async () => {
    const csv = (await fs.readFile(file('train.csv'), 'utf8')).replace(header, 'id,title,body,category');
    await fs.writeFile(file('train-en.csv'), csv);
    await fs.writeFile(file('test-en.csv'), (await fs.readFile(file('test.csv'), 'utf8')).replace(header, 'id,title,body,category'));
    const { code, stdout } = await runCli(['hotline', 'evaluate', '--train', file('train-en.csv'), '--test', file('test-en.csv'), '--text-columns', 'title,body', '--label-column', 'category']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ n: 3 });
  });

  it('a missing file is exit 2 with the option named', async () => {
    const { code, stdout, stderr } = await runCli(['hotline', 'evaluate', '--train', file('train.csv'), '--test', file('nothing.csv')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^citywork: --test .*nothing\.csv: no such file/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing column is exit 2 with the column and its option named', async () => {
    const { code, stderr } = await runCli(['hotline', 'evaluate', '--train', file('train.csv'), '--test', file('test.csv'), '--label-column', '二级分类']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--train .*train\.csv has no column 二级分类; its columns are 留言编号,留言主题,留言详情,一级分类 \(label-column\)/);
  });

  it('a missing taxonomy or unlabelled file names its option too', async () => {
    const taxonomy = await runCli(['hotline', 'evaluate', '--train', file('train.csv'), '--test', file('test.csv'), '--taxonomy', file('none.csv')]);
    expect(taxonomy.code).toBe(2);
    expect(taxonomy.stderr).toMatch(/--taxonomy .*none\.csv: no such file/);
    const unlabelled = await runCli(['hotline', 'evaluate', '--train', file('train.csv'), '--test', file('test.csv'), '--unlabelled', file('none.csv')]);
    expect(unlabelled.code).toBe(2);
    expect(unlabelled.stderr).toMatch(/--unlabelled .*none\.csv: no such file/);
  });
});
