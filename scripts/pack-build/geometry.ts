/** A longitude/latitude pair. */
export type Position = [number, number];
/** A closed ring: the first position repeats as the last. */
export type Ring = Position[];
/** An outer ring followed by its holes. */
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];

/** Twice the signed planar area of a ring (shoelace): positive when counter-clockwise. */
export function ringSignedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    sum += (xj - xi) * (yj + yi);
  }
  return sum;
}

/** The bbox [west, south, east, north] of a ring. */
export function ringBbox(ring: readonly Position[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of ring) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

/**
 * Where a point lies against a ring: 1 inside, -1 outside, 0 on its boundary. Exact when the
 * coordinates are integers or dyadic fractions small enough for their products to fit a double.
 */
export function pointInRing([px, py]: Position, ring: readonly Position[]): 1 | 0 | -1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    const cross = (xj - xi) * (py - yi) - (yj - yi) * (px - xi);
    if (cross === 0 && px >= Math.min(xi, xj) && px <= Math.max(xi, xj) && py >= Math.min(yi, yj) && py <= Math.max(yi, yj)) return 0;
    // Half-open rule on y, so a vertex on the ray is counted once.
    if (yi > py !== yj > py) {
      const crossesRight = yj > yi ? cross > 0 : cross < 0;
      if (crossesRight) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** A ring with its last position equal to its first. */
export function closeRing(ring: readonly Position[]): Ring {
  const out = ring.map(([x, y]) => [x, y] as Position);
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}
