import { mulberry32 } from '../../core/geo/seeded-random.js';

/** A seeded source of the draws the Monte Carlo needs: uniform, normal, gamma, Dirichlet. */
export interface Draws {
  uniform(): number;
  normal(): number;
  gamma(shape: number): number;
  /** Weights summing to 1, drawn around `alphas` (their mean is alphas ÷ Σ alphas). */
  dirichlet(alphas: readonly number[]): number[];
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** Reproducible draws from a 32-bit seed (mulberry32 underneath): the same seed gives the same run. */
export function seededDraws(seed: number): Draws {
  const u = mulberry32(seed);
  // Never exactly 0: logarithms below.
  const uniform = () => {
    let x = u();
    while (x === 0) x = u();
    return x;
  };
  let spare: number | null = null;
  // Box–Muller, keeping the second value of each pair.
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3); shape < 1 by boosting.
  const gamma = (shape: number): number => {
    if (!(shape > 0)) throw new Error('gamma shape must be > 0');
    if (shape < 1) return gamma(shape + 1) * Math.pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const w = uniform();
      if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  const dirichlet = (alphas: readonly number[]) => {
    const g = alphas.map((a) => gamma(a));
    const sum = g.reduce((a, b) => a + b, 0);
    return g.map((x) => x / sum);
  };
  const pick = <T>(items: readonly T[]): T => {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.min(items.length - 1, Math.floor(u() * items.length))]!;
  };
  return { uniform, normal, gamma, dirichlet, pick };
}
