// Crossing-number test with exact boundary detection: Hormann & Agathos, "The point in polygon problem for arbitrary polygons" (2001), on Shewchuk's orient2d.
import { orient2d } from './orient2d.js';
import type { Polygonal, Position } from './types.js';

/** Where a point lies relative to a polygon: inside, on its boundary, or outside. */
export type PointLocation = 'inside' | 'boundary' | 'outside';

/** edgeTest's answer when the ray from the point towards +x misses the edge. */
export const edgeMiss = 0;
/** edgeTest's answer when the ray from the point towards +x crosses the edge. */
export const edgeCrossing = 1;
/** edgeTest's answer when the point lies on the edge, an end included. */
export const edgeTouch = 2;

/**
 * Where (x, y) lies relative to the polygon or multipolygon: a point exactly on an edge or
 * vertex — of an exterior ring or of a hole — is on the boundary. Rings are read even-odd;
 * a non-finite point is outside.
 */
export function pointLocation(x: number, y: number, geometry: Polygonal): PointLocation {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return 'outside';
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let onBoundary = false;
  for (const rings of polygons) {
    const where = locateInRings(x, y, rings);
    // On the edge of one part but inside another (overlapping parts) is inside the whole.
    if (where === 'inside') return where;
    if (where === 'boundary') onBoundary = true;
  }
  return onBoundary ? 'boundary' : 'outside';
}

/** Whether the polygon or multipolygon contains (x, y), its boundary included. */
export function pointInPolygon(x: number, y: number, geometry: Polygonal): boolean {
  return pointLocation(x, y, geometry) !== 'outside';
}

/**
 * What the edge a→b says about (x, y) for a ray cast towards +x: edgeTouch if the point is on
 * the edge, edgeCrossing if the ray crosses it, else edgeMiss. An edge counts its lower end and
 * not its upper one, so a ray through a vertex is counted once.
 */
export function edgeTest(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  if (ay > y !== by > y) {
    // The edge spans y: the ray crosses it iff the point is left of the edge taken upwards.
    if (ax < x && bx < x) return edgeMiss;
    if (ax > x && bx > x) return edgeCrossing;
    const o = orient2d(ax, ay, bx, by, x, y);
    if (o === 0) return edgeTouch;
    return o > 0 === by > ay ? edgeCrossing : edgeMiss;
  }
  if (ay !== y && by !== y) return edgeMiss;
  if (ay === by) return (ax <= x && x <= bx) || (bx <= x && x <= ax) ? edgeTouch : edgeMiss;
  return (ay === y && ax === x) || (by === y && bx === x) ? edgeTouch : edgeMiss;
}

function locateInRings(x: number, y: number, rings: readonly (readonly Position[])[]): PointLocation {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    if (n === 0) continue;
    // An unclosed ring is read as closed: the last edge runs from the last position to the first.
    let a = ring[n - 1]!;
    for (let i = 0; i < n; i++) {
      const b = ring[i]!;
      const test = edgeTest(a[0]!, a[1]!, b[0]!, b[1]!, x, y);
      if (test === edgeTouch) return 'boundary';
      if (test === edgeCrossing) inside = !inside;
      a = b;
    }
  }
  return inside ? 'inside' : 'outside';
}
