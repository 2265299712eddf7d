import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateFiles, evaluateModel, kFold, trainClassifier } from './index.js';
import { syntheticMessages } from './testing.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-classify-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
const options = { minDf: 1, epochs: 30 };

describe('evaluateModel', () => {
  it('counts top-1 and top-3 hits and times each prediction', () => {
    const model = trainClassifier({ labelled: syntheticMessages(), options });
    const e = evaluateModel(model, [
      { title: '学校补课收费', text: '', label: '教育文体' },
      { title: '学校补课收费', text: '', label: '城乡建设' },
      { title: '学校补课收费', text: '', label: '没有的类别' },
    ]);
    expect(e).toMatchObject({ top1: 1 / 3, top3: 2 / 3, n: 3 });
    expect(e.msEach).toHaveLength(3);
  });
});

describe('kFold', () => {
  it('tests every message once, with stratified folds, the same for the same seed', () => {
    const labelled = syntheticMessages();
    const a = kFold({ labelled, options }, { folds: 5, seed: 3 });
    expect(a.n).toBe(15);
    expect(a.msEach).toHaveLength(15);
    expect(a.trainS).toHaveLength(5);
    expect(a.top3).toBe(1);
    expect(kFold({ labelled, options }, { folds: 5, seed: 3 }).top1).toBe(a.top1);
  });
});

describe('evaluateFiles', () => {
  it('reads the files with the columns given and rounds to 3 decimals', async () => {
    const rows = syntheticMessages().map((m) => `"${m.title}","${m.text}","${m.label}"`);
    await fs.writeFile(path.join(dir, 'train.csv'), ['title,body,cat', ...rows].join('\n'));
    await fs.writeFile(path.join(dir, 'test.csv'), ['title,body,cat', rows[0], rows[7]].join('\n'));
    await fs.writeFile(path.join(dir, 'pool.csv'), ['title,body', '"学校收费","补课"'].join('\n'));
    const e = await evaluateFiles({ train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv'), unlabelled: [path.join(dir, 'pool.csv')], columns: { textColumns: ['title', 'body'], labelColumn: 'cat' }, options });
    expect(e).toEqual({ top1: 1, top3: 1, n: 2, msPerMessage: expect.any(Number) });
    expect(Math.round(e.msPerMessage * 1000) / 1000).toBe(e.msPerMessage);
  });

  it('a failure names the option of the file', async () => {
    await expect(evaluateFiles({ train: path.join(dir, 'train.csv'), test: path.join(dir, 'nope.csv'), columns: { textColumns: ['title', 'body'], labelColumn: 'cat' } })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^--test .*nope\.csv: no such file/) });
    await expect(evaluateFiles({ train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv'), columns: { textColumns: ['title', 'body'], labelColumn: 'label' } })).rejects.toMatchObject({ field: 'label-column', message: expect.stringMatching(/^--train .* has no column label/) });
  });
});
