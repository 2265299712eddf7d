import polygonClipping from 'polygon-clipping';
import { ringSignedArea2, type MultiPolygon, type Position, type Ring } from './geometry.js';
import { polygonProblems } from './polygon-validity.js';
import { ringAreaKm2 } from './spherical-area.js';

/** A repaired multipolygon, how many union passes it took, and what is still wrong (empty when valid). */
export interface Repaired {
  polygons: MultiPolygon;
  passes: number;
  problems: string[];
}

/**
 * Makes a set of polygons one valid multipolygon: the union of the polygons with themselves
 * (polygon-clipping resolves self-intersections and overlapping parts), rounded to `decimals`,
 * cleaned of repeated positions, empty rings and rings under `minAreaKm2` (slivers the union cuts
 * off), wound by the RFC 7946 right-hand rule. Rounding
 * can make new contacts, so the union is repeated on the rounded result until it is valid.
 */
export function repairPolygons(polygons: MultiPolygon, { decimals = 6, maxPasses = 4, minAreaKm2 = 0 } = {}): Repaired {
  let current = polygons;
  let problems: string[] = ['not checked'];
  let passes = 0;
  while (passes < maxPasses && problems.length) {
    passes++;
    current = cleanMultiPolygon(polygonClipping.union(current as polygonClipping.Geom) as MultiPolygon, decimals, minAreaKm2);
    problems = polygonProblems(current, { decimals });
  }
  return { polygons: current, passes, problems };
}

/**
 * Rounds, drops repeated positions and rings without area or smaller than `minAreaKm2` (with a
 * shell go its holes), and winds outer rings counter-clockwise, holes clockwise.
 */
export function cleanMultiPolygon(polygons: MultiPolygon, decimals = 6, minAreaKm2 = 0): MultiPolygon {
  const out: MultiPolygon = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => cleanRing(ring, decimals)).map((ring) => (ring && Math.abs(ringAreaKm2(ring)) >= minAreaKm2 ? ring : null));
    const shell = rings[0];
    if (!shell) continue;
    const holes = rings.slice(1).filter((r): r is Ring => r !== null);
    out.push([wind(shell, true), ...holes.map((h) => wind(h, false))]);
  }
  return out;
}

function cleanRing(ring: readonly Position[], decimals: number): Ring | null {
  const scale = 10 ** decimals;
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Position = [Math.round(x * scale) / scale, Math.round(y * scale) / scale];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  if (out.length < 4 || ringSignedArea2(out) === 0) return null;
  return out;
}

function wind(ring: Ring, counterClockwise: boolean): Ring {
  return ringSignedArea2(ring) > 0 === counterClockwise ? ring : [...ring].reverse();
}
