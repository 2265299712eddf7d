import { describe, expect, it } from 'vitest';
import { oneHot, type Example } from './examples.js';
import { probabilities } from './linear.js';
import { trainLogistic } from './logistic.js';

const x = (ids: number[]) => ({ ids: Uint32Array.from(ids), values: Float64Array.from(ids, () => 1 / Math.sqrt(ids.length)) });
const examples: Example[] = [
  { x: x([0, 1]), target: oneHot(0, 2), weight: 1 },
  { x: x([0, 2]), target: oneHot(0, 2), weight: 1 },
  { x: x([3, 1]), target: oneHot(1, 2), weight: 1 },
  { x: x([3, 2]), target: oneHot(1, 2), weight: 1 },
];

describe('trainLogistic', () => {
  it('separates what is separable, and the shared features stay neutral', () => {
    const m = trainLogistic(['a', 'b'], 4, examples, { epochs: 30 });
    expect(probabilities(m, x([0]))[0]).toBeGreaterThan(0.8);
    expect(probabilities(m, x([3]))[1]).toBeGreaterThan(0.8);
    expect(probabilities(m, x([1]))[0]).toBeCloseTo(0.5, 1);
  });

  it('is the same for the same seed', () => {
    const a = trainLogistic(['a', 'b'], 4, examples, { seed: 7 });
    const b = trainLogistic(['a', 'b'], 4, examples, { seed: 7 });
    expect([...a.weights]).toEqual([...b.weights]);
  });

  it('follows soft targets and ignores examples of weight 0', () => {
    const soft: Example[] = [{ x: x([0]), target: Float64Array.of(0.7, 0.3), weight: 1 }, { x: x([0]), target: oneHot(1, 2), weight: 0 }];
    const m = trainLogistic(['a', 'b'], 1, soft, { epochs: 200, l2: 1e-6 });
    expect(probabilities(m, x([0]))[0]).toBeCloseTo(0.7, 1);
  });
});
