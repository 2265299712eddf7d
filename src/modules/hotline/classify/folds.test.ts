import { describe, expect, it } from 'vitest';
import { assignFolds } from './folds.js';

describe('assignFolds', () => {
  const labels = [...'aaaaaaaaaa', ...'bbbbb'];

  it('gives every fold its share of every label', () => {
    const fold = assignFolds(labels, 5, 1);
    for (let f = 0; f < 5; f++) {
      expect(fold.filter((x, i) => x === f && labels[i] === 'a')).toHaveLength(2);
      expect(fold.filter((x, i) => x === f && labels[i] === 'b')).toHaveLength(1);
    }
  });

  it('is the same for a seed and differs between seeds', () => {
    expect(assignFolds(labels, 5, 1)).toEqual(assignFolds(labels, 5, 1));
    expect(assignFolds(labels, 5, 1)).not.toEqual(assignFolds(labels, 5, 2));
  });
});
