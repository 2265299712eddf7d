type Ring = number[][];

/**
 * A region map's features with every ring simplified (Douglas–Peucker, tolerance in the
 * coordinates' units), each ring kept closed and at least a triangle: what a map drawn a few
 * hundred pixels wide can show, at a fraction of the points to draw and to embed.
 */
export function simplifyFeatures<F extends GeoJSON.Feature>(features: readonly F[], tolerance: number): F[] {
  if (!(tolerance > 0)) return [...features];
  return features.map((f) => ({ ...f, geometry: simplifyGeometry(f.geometry, tolerance) }));
}

/** The tolerance that keeps a drawing of `features` `widthPx` wide exact to about half a pixel. */
export function toleranceFor(features: readonly GeoJSON.Feature[], widthPx: number): number {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const f of features) {
    for (const ring of rings(f.geometry)) {
      for (const [x, y] of ring) {
        if (x! < west) west = x!;
        if (x! > east) east = x!;
        if (y! < south) south = y!;
        if (y! > north) north = y!;
      }
    }
  }
  const span = Math.max(east - west, north - south);
  return Number.isFinite(span) && span > 0 && widthPx > 0 ? (span / widthPx) * 0.5 : 0;
}

function simplifyGeometry(g: GeoJSON.Geometry, tolerance: number): GeoJSON.Geometry {
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map((r) => simplifyRing(r, tolerance)) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => simplifyRing(r, tolerance))) };
  return g;
}

function rings(g: GeoJSON.Geometry | null): Ring[] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

// Douglas & Peucker (1973), on a closed ring: the first point and the one farthest from it are kept.
function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 5) return ring;
  const open = ring.slice(0, -1);
  let far = 1;
  let best = -1;
  for (let i = 1; i < open.length; i++) {
    const d = (open[i]![0]! - open[0]![0]!) ** 2 + (open[i]![1]! - open[0]![1]!) ** 2;
    if (d > best) [best, far] = [d, i];
  }
  const keep = new Uint8Array(open.length + 1);
  keep[0] = keep[far] = keep[open.length] = 1;
  const closed = [...open, open[0]!];
  const stack: [number, number][] = [
    [0, far],
    [far, open.length],
  ];
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let index = -1;
    let max = t2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(closed[i]!, closed[a]!, closed[b]!);
      if (d > max) [max, index] = [d, i];
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([a, index], [index, b]);
    }
  }
  const out = closed.filter((_, i) => keep[i]);
  // A ring needs four positions (a triangle, closed); a sliver that vanished keeps its original.
  return out.length >= 4 ? out : ring;
}

function segmentDistance2(p: number[], a: number[], b: number[]): number {
  const [px, py, ax, ay, bx, by] = [p[0]!, p[1]!, a[0]!, a[1]!, b[0]!, b[1]!];
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}
