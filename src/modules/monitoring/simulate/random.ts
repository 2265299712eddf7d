// Seeded randomness for the simulator: the same --seed gives the same readings for the same times.

/** A pseudo-random source: uniform in [0, 1), normal, and a child source of its own. */
export interface Random {
  next(): number;
  /** A normal deviate with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** A uniform value in [lo, hi). */
  between(lo: number, hi: number): number;
}

/** Mulberry32, a small fast 32-bit generator (Tommy Ettinger, public domain). */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
    normal(mean = 0, sd = 1) {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    between: (lo, hi) => lo + (hi - lo) * next(),
  };
}

/** A 32-bit seed from a run's seed and a name (FNV-1a), so each device has a stream of its own. */
export function seedFor(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
