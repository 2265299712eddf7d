import type { MultiPolygon, Polygon, Position } from './geometry.js';

// Radius of the sphere with the WGS-84 ellipsoid's surface area (authalic radius), in metres.
const AUTHALIC_RADIUS_M = 6_371_007.2;
const RAD = Math.PI / 180;

/**
 * The area of a ring on the sphere, in km², positive when counter-clockwise.
 * Chamberlain & Duquette, "Some Algorithms for Polygons on a Sphere", JPL Publication 07-03 (2007).
 */
export function ringAreaKm2(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 4) return 0;
  let sum = 0;
  for (let i = 0; i < n - 1; i++) {
    const prev = ring[i === 0 ? n - 2 : i - 1]!;
    const next = ring[i + 1]!;
    sum += (next[0] - prev[0]) * RAD * Math.sin(ring[i]![1] * RAD);
  }
  return (-sum * AUTHALIC_RADIUS_M * AUTHALIC_RADIUS_M) / 2 / 1e6;
}

/** The area of a polygon (outer ring less its holes) in km², whatever the rings' winding. */
export function polygonAreaKm2(polygon: Polygon): number {
  return polygon.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(ringAreaKm2(ring)), 0);
}

/** The area of a multipolygon in km². */
export function multiPolygonAreaKm2(polygons: MultiPolygon): number {
  return polygons.reduce((sum, p) => sum + polygonAreaKm2(p), 0);
}
