/** The rank-size rule fitted to a set of cities: ln P(r) = ln A − q·ln r. */
export interface RankSizeFit {
  /** The Zipf exponent q (1 = Zipf's law; > 1 concentrated, < 1 dispersed). */
  zipfExponent: number;
  /** ln A, the fitted intercept. */
  intercept: number;
  rSquared: number;
  /** Two-city primacy index P1 / P2. */
  primacy2: number;
  /** Four-city primacy index P1 / (P2 + P3 + P4), where there are four cities. */
  primacy4: number | null;
  n: number;
  ranked: { code: string; population: number; rank: number }[];
}

// Rank-size rule (Zipf 1949; Auerbach 1913) by ordinary least squares on log rank vs log size;
// primacy indexes after Jefferson (1939) and Ginsburg (1961).
/** Fits the rank-size rule to cities' populations (at least two cities, all > 0). */
export function rankSize(cities: readonly { code: string; population: number }[]): RankSizeFit {
  const valid = cities.filter((c) => Number.isFinite(c.population) && c.population > 0);
  if (valid.length < 2) throw new RangeError('rank-size needs at least two cities with a population > 0');
  const ranked = [...valid].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code)).map((c, i) => ({ ...c, rank: i + 1 }));
  const xs = ranked.map((c) => Math.log(c.rank));
  const ys = ranked.map((c) => Math.log(c.population));
  const n = ranked.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxy / sxx;
  const p = ranked.map((c) => c.population);
  return {
    zipfExponent: -slope,
    intercept: my - slope * mx,
    rSquared: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy),
    primacy2: p[0]! / p[1]!,
    primacy4: n >= 4 ? p[0]! / (p[1]! + p[2]! + p[3]!) : null,
    n,
    ranked,
  };
}
