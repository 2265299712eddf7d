import { describe, expect, it } from 'vitest';
import { seededDraws } from './random.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('seeded draws', () => {
  it('repeats with the same seed and differs with another', () => {
    const a = seededDraws(7);
    const b = seededDraws(7);
    const c = seededDraws(8);
    const take = (d: ReturnType<typeof seededDraws>) => Array.from({ length: 5 }, () => d.dirichlet([1, 2, 3]));
    expect(take(a)).toEqual(take(b));
    expect(take(seededDraws(7))).not.toEqual(take(c));
  });

  it('draws normals with mean 0 and variance 1', () => {
    const d = seededDraws(1);
    const xs = Array.from({ length: 20_000 }, () => d.normal());
    expect(mean(xs)).toBeCloseTo(0, 1);
    expect(mean(xs.map((x) => x * x))).toBeCloseTo(1, 1);
  });

  it('draws gammas with mean equal to the shape, also below 1', () => {
    const d = seededDraws(2);
    for (const shape of [0.5, 1, 4]) {
      const xs = Array.from({ length: 20_000 }, () => d.gamma(shape));
      expect(Math.abs(mean(xs) - shape) / shape).toBeLessThan(0.03);
      expect(Math.min(...xs)).toBeGreaterThan(0);
    }
    expect(() => d.gamma(0)).toThrow(/shape/);
  });

  it('draws Dirichlet weights that sum to 1 with mean α ÷ Σα', () => {
    const d = seededDraws(3);
    const alphas = [2, 6, 12];
    const runs = Array.from({ length: 10_000 }, () => d.dirichlet(alphas));
    for (const w of runs.slice(0, 10)) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    alphas.forEach((a, i) => expect(mean(runs.map((w) => w[i]!))).toBeCloseTo(a / 20, 2));
  });

  it('picks every element of a list, and refuses an empty one', () => {
    const d = seededDraws(4);
    const seen = new Set(Array.from({ length: 200 }, () => d.pick(['a', 'b', 'c'])));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => d.pick([])).toThrow(/empty/);
  });
});
