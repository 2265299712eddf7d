/** A city as the gravity model sees it: a mass (population or GDP) at a place. */
export interface GravityCity {
  code: string;
  lon: number;
  lat: number;
  mass: number;
}

export interface Linkage {
  a: string;
  b: string;
  distanceKm: number;
  strength: number;
}

export interface LinkageNetwork {
  links: Linkage[];
  /** Each city's weighted degree (sum of its link strengths) and its share of all linkage. */
  centrality: { code: string; strength: number; share: number }[];
}

// Mean Earth radius, IUGG (Moritz 1980).
const earthRadiusKm = 6371.0088;

/** Great-circle distance in km by the haversine formula. */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Gravity model of spatial interaction (Zipf 1946; Reilly 1931): R_ij = k·M_i·M_j / d_ij^b.
/** The linkage strength of every pair of cities, strongest first, and each city's centrality. */
export function gravityLinkage(cities: readonly GravityCity[], { exponent = 2, k = 1, top = Infinity }: { exponent?: number; k?: number; top?: number } = {}): LinkageNetwork {
  if (!(exponent > 0)) throw new RangeError('exponent must be > 0');
  const links: Linkage[] = [];
  for (let i = 0; i < cities.length; i++) {
    for (let j = i + 1; j < cities.length; j++) {
      const a = cities[i]!;
      const b = cities[j]!;
      const distanceKm = greatCircleKm(a.lon, a.lat, b.lon, b.lat);
      if (distanceKm === 0) throw new RangeError(`${a.code} and ${b.code} are at the same place`);
      links.push({ a: a.code, b: b.code, distanceKm, strength: (k * a.mass * b.mass) / distanceKm ** exponent });
    }
  }
  links.sort((x, y) => y.strength - x.strength || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  const degree = new Map(cities.map((c) => [c.code, 0]));
  for (const l of links) {
    degree.set(l.a, degree.get(l.a)! + l.strength);
    degree.set(l.b, degree.get(l.b)! + l.strength);
  }
  const total = [...degree.values()].reduce((s, v) => s + v, 0);
  const centrality = [...degree.entries()]
    .map(([code, strength]) => ({ code, strength, share: total > 0 ? strength / total : 0 }))
    .sort((x, y) => y.strength - x.strength || x.code.localeCompare(y.code));
  return { links: links.slice(0, top), centrality };
}
