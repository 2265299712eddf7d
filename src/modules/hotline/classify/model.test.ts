import { describe, expect, it } from 'vitest';
import { loadModel, modelVersion, predict, serialiseModel, trainClassifier } from './index.js';
import { syntheticMessages } from './testing.js';

const options = { minDf: 1, epochs: 30 };
const model = trainClassifier({ labelled: syntheticMessages(), options });

describe('trainClassifier and predict', () => {
  it('suggests the right category first, Chinese or English, with probabilities best first', () => {
    const zh = predict(model, { title: '学校乱收补课费', text: '孩子学校周末补课收费' });
    expect(zh.map((s) => s.label)).toEqual(['教育文体', expect.any(String), expect.any(String)]);
    expect(zh[0]!.score).toBeGreaterThan(zh[1]!.score);
    expect(predict(model, { title: 'wages not paid', text: 'the employer owes wages' })[0]!.label).toBe('劳动和社会保障');
    expect(predict(model, { text: '物业不修电梯' }, 1)).toEqual([{ label: '城乡建设', score: expect.any(Number) }]);
  });

  it('scores are probabilities: the top k sum to at most 1, all k to 1', () => {
    const all = predict(model, { text: '养老保险' }, 10);
    expect(all).toHaveLength(3);
    expect(all.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 12);
    expect(predict(model, { text: '' }, 2).reduce((a, s) => a + s.score, 0)).toBeLessThanOrEqual(1);
  });

  it('is deterministic: the same input gives the same model, id and JSON', () => {
    const again = trainClassifier({ labelled: syntheticMessages(), options });
    expect(serialiseModel(again)).toBe(serialiseModel(model));
    expect(model.id).toMatch(/^clf_[0-9a-f]{16}$/);
  });

  it('uses the taxonomy names as messages of their label', () => {
    const taxonomy = [{ level1: '城乡建设', level2: '住房保障与房地产', level3: '房屋租赁' }];
    const withTaxonomy = trainClassifier({ labelled: syntheticMessages(), taxonomy, options });
    expect(withTaxonomy.trainedOn.taxonomy).toBe(1);
    expect(predict(withTaxonomy, { text: '房屋租赁' })[0]!.label).toBe('城乡建设');
  });

  it('needs two labels at least', () => {
    expect(() => trainClassifier({ labelled: syntheticMessages().filter((m) => m.label === '城乡建设') })).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});

describe('serialiseModel and loadModel', () => {
  it('round-trips: the loaded model predicts the same', () => {
    const loaded = loadModel(serialiseModel(model));
    expect(loaded.version).toBe(modelVersion);
    expect(loaded.vocabulary).toEqual(model.vocabulary);
    const m = { title: '社保断缴', text: '换工作后社保断缴' };
    expect(predict(loaded, m)).toEqual(predict(model, m));
  });

  it('refuses another version, a malformed or an inconsistent model', () => {
    const json = JSON.parse(serialiseModel(model));
    expect(() => loadModel({ ...json, version: 'citywork.hotline.classifier/0' })).toThrow(/version "citywork.hotline.classifier\/0"/);
    expect(() => loadModel('{')).toThrow(/not JSON/);
    expect(() => loadModel({ ...json, labels: 'x' })).toThrow(/malformed: labels/);
    expect(() => loadModel({ ...json, idf: [] })).toThrow(/inconsistent/);
  });
});
