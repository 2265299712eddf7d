import { describe, expect, it } from 'vitest';
import { aggregateScores } from './aggregate.js';

describe('aggregation', () => {
  const s = [
    { score: 1, weight: 1 },
    { score: 0.25, weight: 1 },
  ];

  it('takes the weighted arithmetic mean', () => {
    expect(aggregateScores(s, 'arithmetic')).toEqual({ value: 0.625, coverage: 1 });
    expect(aggregateScores([{ score: 1, weight: 3 }, { score: 0, weight: 1 }], 'arithmetic').value).toBe(0.75);
  });

  it('takes the weighted geometric mean, which punishes an imbalance more', () => {
    expect(aggregateScores(s, 'geometric').value).toBeCloseTo(0.5);
    expect(aggregateScores([{ score: 1, weight: 1 }, { score: 0, weight: 1 }], 'geometric').value).toBeCloseTo(0.1); // floored at 0.01
  });

  it('leaves missing scores out and re-normalises the weights, reporting coverage', () => {
    expect(aggregateScores([{ score: 0.8, weight: 1 }, { score: null, weight: 1 }, { score: 0.4, weight: 2 }], 'arithmetic')).toEqual({ value: (0.8 + 0.8) / 3, coverage: 0.75 });
  });

  it('gives no composite below the minimum coverage, never a 0', () => {
    expect(aggregateScores([{ score: 0.8, weight: 1 }, { score: null, weight: 3 }], 'arithmetic')).toEqual({ value: null, coverage: 0.25 });
    expect(aggregateScores([{ score: 0.8, weight: 1 }, { score: null, weight: 3 }], 'arithmetic', { minCoverage: 0.2 }).value).toBe(0.8);
    expect(aggregateScores([], 'arithmetic')).toEqual({ value: null, coverage: 0 });
  });
});
