import { describe, expect, it } from 'vitest';
import { oneHot } from './examples.js';
import { emptyModel, type LinearModel } from './linear.js';
import { selfTrain } from './semi.js';

const x = (id: number, v = 1) => ({ ids: Uint32Array.of(id), values: Float64Array.of(v) });

// A stand-in learner: label a scores feature 0, label b feature 1; it counts what it was given.
function fitter(seen: number[]) {
  return (examples: { x: unknown }[]): LinearModel => {
    seen.push(examples.length);
    const m = emptyModel(['a', 'b'], 2);
    m.weights.set([3, 0, 0, 3]);
    return m;
  };
}

describe('selfTrain', () => {
  it('adds the surest unlabelled messages, per label as many as its share', () => {
    const seen: number[] = [];
    const unlabelled = [x(0, 1), x(0, 0.2), x(1, 1), x(1, 0.5), x(1, 0.1), x(0, 0.9)];
    const { pseudo } = selfTrain([{ x: x(0), target: oneHot(0, 2), weight: 1 }], unlabelled, fitter(seen), { rounds: 1, fraction: 0.5, shares: [1 / 3, 2 / 3], weight: 0.2 });
    expect(pseudo.map((p) => [[...p.x.values][0], p.target[0], p.weight])).toEqual([
      [1, 1, 0.2],
      [1, 0, 0.2],
      [0.5, 0, 0.2],
    ]);
    expect(seen).toEqual([1, 4]);
  });

  it('a prior from a reply can overrule the text', () => {
    const { pseudo } = selfTrain([], [x(0, 0.1)], fitter([]), { rounds: 1, fraction: 1, shares: [0, 1], priors: [Float64Array.of(0.05, 0.95)] });
    expect(pseudo[0]!.target[1]).toBe(1);
  });
});
