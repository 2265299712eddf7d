import { describe, expect, it } from 'vitest';
import { buildVocabulary, inverseDocumentFrequency, vectorise } from './vectors.js';

const docs = [new Map([['a', 1], ['b', 2]]), new Map([['a', 3], ['c', 1]]), new Map([['a', 1], ['b', 1]])];

describe('buildVocabulary', () => {
  it('keeps terms in minDf documents, most frequent first', () => {
    expect([...buildVocabulary(docs, { minDf: 2 })]).toEqual([['a', 0], ['b', 1]]);
    expect(buildVocabulary(docs, { minDf: 1 }).size).toBe(3);
  });
});

describe('inverseDocumentFrequency', () => {
  it('is ln((1 + n) / (1 + df)) + 1', () => {
    const idf = inverseDocumentFrequency(new Map([['a', 0], ['c', 1]]), docs);
    expect(idf[0]).toBeCloseTo(1, 12);
    expect(idf[1]).toBeCloseTo(Math.log(4 / 2) + 1, 12);
  });
});

describe('vectorise', () => {
  it('is unit length, ln(1 + tf)·idf, unknown terms dropped', () => {
    const v = vectorise(new Map([['b', 2], ['zzz', 5], ['a', 1]]), new Map([['a', 0], ['b', 1]]), [1, 2]);
    expect([...v.ids]).toEqual([1, 0]);
    expect(Math.hypot(...v.values)).toBeCloseTo(1, 12);
    expect(v.values[0]! / v.values[1]!).toBeCloseTo((Math.log1p(2) * 2) / Math.log1p(1), 12);
  });

  it('a document of unknown terms only is the zero vector', () => {
    expect(vectorise(new Map([['x', 1]]), new Map(), []).ids.length).toBe(0);
  });
});
