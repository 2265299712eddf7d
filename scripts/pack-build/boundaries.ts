import type { Division } from './divisions.js';
import type { CodedFeature } from './echarts-codes.js';
import { multiPolygonToWgs84 } from './gcj02.js';
import type { MultiPolygon, Position } from './geometry.js';
import { polygonProblems } from './polygon-validity.js';
import { repairPolygons } from './repair-polygons.js';
import { splitRingsIntoParts } from './ring-parts.js';
import { multiPolygonAreaKm2 } from './spherical-area.js';

/** One feature of `boundaries.geojson`. */
export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; level: Division['level'] };
  geometry: { type: 'Polygon'; coordinates: MultiPolygon[number] } | { type: 'MultiPolygon'; coordinates: MultiPolygon };
}

/** A built boundary and what it took. */
export interface BuiltBoundary {
  feature: BoundaryFeature;
  /** Whether the parts as shipped (before conversion) were invalid, and the first thing wrong. */
  invalidAsShipped: boolean;
  shippedProblem: string | null;
  partsShipped: number;
  holesShipped: number;
  passes: number;
  areaKm2: number;
  problems: string[];
}

// echarts quantises coordinates to 1/1024 degree, so shipped parts are checked exactly on that grid.
const ECHARTS_GRID = 1024;
// On that grid (about 100 m) the smallest triangle is about 5,000 m²: a ring under 1,000 m² after
// the repair is a sliver cut off where edges crossed, not a shape of the source.
export const SLIVER_KM2 = 0.001;

/**
 * A boundary from echarts rings: rings grouped into parts and holes by containment, every vertex
 * GCJ-02 → WGS-84, repaired (union with itself) and rounded to `decimals`, then checked.
 */
export function buildBoundary({ code, level, sources }: CodedFeature, { decimals = 6 } = {}): BuiltBoundary {
  const parts = splitRingsIntoParts(sources.flatMap((s) => s.rings));
  // Repeated positions are harmless in OGC terms, so they do not count against the source.
  const shippedProblems = polygonProblems(parts.map((p) => p.map(withoutRepeats)), { scale: ECHARTS_GRID, winding: false, limit: 1 });
  const repaired = repairPolygons(multiPolygonToWgs84(parts), { decimals, minAreaKm2: SLIVER_KM2 });
  const polygons = repaired.polygons;
  const geometry: BoundaryFeature['geometry'] = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
  return {
    feature: { type: 'Feature', properties: { code, level }, geometry },
    invalidAsShipped: shippedProblems.length > 0,
    shippedProblem: shippedProblems[0] ?? null,
    partsShipped: parts.length,
    holesShipped: parts.reduce((n, p) => n + p.length - 1, 0),
    passes: repaired.passes,
    areaKm2: multiPolygonAreaKm2(polygons),
    problems: repaired.problems,
  };
}

function withoutRepeats(ring: Position[]): Position[] {
  return ring.filter((q, i) => i === 0 || q[0] !== ring[i - 1]![0] || q[1] !== ring[i - 1]![1]);
}
