type Position = number[];

/** The bounding box [west, south, east, north] of features' polygons. */
export function bboxOf(features: GeoJSON.Feature[]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const f of features) for (const ring of rings(f.geometry)) for (const [x, y] of ring as [number, number][]) {
    w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y);
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** The area-weighted centroid of a polygon's largest part (a label's place). */
export function centroid(g: GeoJSON.Geometry | null): [number, number] | null {
  if (!g) return null;
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let best: { area: number; x: number; y: number } | null = null;
  for (const poly of polys) {
    const ring = poly[0];
    if (!ring) continue;
    let a = 0, cx = 0, cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j] as [number, number];
      const [x1, y1] = ring[i] as [number, number];
      const c = x0 * y1 - x1 * y0;
      a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
    }
    if (a === 0) continue;
    const area = Math.abs(a / 2);
    if (!best || area > best.area) best = { area, x: cx / (3 * a), y: cy / (3 * a) };
  }
  return best ? [best.x, best.y] : null;
}

function rings(g: GeoJSON.Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
