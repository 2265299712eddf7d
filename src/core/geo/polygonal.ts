// Checks that a geometry is a Polygon or MultiPolygon as RFC 7946 §3.1.6 defines them.
import { AppError } from '../errors.js';
import { geometryBbox } from './bbox.js';
import type { Polygonal, Position } from './types.js';

/** The rings of one polygon: its exterior, then its holes. */
export type PolygonRings = readonly (readonly Position[])[];

/**
 * The polygons of a Polygon (one) or MultiPolygon (each part), after checking that every ring
 * is closed with at least four positions and every position is WGS-84; throws AppError('invalid').
 */
export function polygonalParts(geometry: Polygonal, { field = 'geometry' }: { field?: string } = {}): PolygonRings[] {
  const type = (geometry as { type?: unknown } | null)?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw new AppError('invalid', `${field} must be a Polygon or MultiPolygon, got ${String(type)}`, { field: `${field}.type` });
  }
  geometryBbox(geometry, { field });
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  parts.forEach((rings, p) => {
    const at = geometry.type === 'Polygon' ? `${field}.coordinates` : `${field}.coordinates[${p}]`;
    if (rings.length === 0) throw new AppError('invalid', `${at} has no exterior ring`, { field: at });
    rings.forEach((ring, r) => {
      const f = `${at}[${r}]`;
      if (ring.length < 4) throw new AppError('invalid', `${f}: a ring needs at least 4 positions, has ${ring.length}`, { field: f });
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) throw new AppError('invalid', `${f}: a ring must end where it starts`, { field: f });
    });
  });
  return [...parts];
}
