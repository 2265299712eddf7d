import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { polygonalParts } from './polygonal.js';
import type { Polygonal, Position } from './types.js';

const ring: Position[] = [[0, 0], [1, 0], [1, 1], [0, 0]];

function refusal(geometry: unknown): AppError {
  try {
    polygonalParts(geometry as Polygonal, { field: 'g' });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('polygonalParts', () => {
  it('gives a Polygon as one part and a MultiPolygon as its parts', () => {
    expect(polygonalParts({ type: 'Polygon', coordinates: [ring] })).toEqual([[ring]]);
    expect(polygonalParts({ type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] })).toEqual([[ring], [ring, ring]]);
  });

  it.each<[unknown, string, string]>([
    [{ type: 'LineString', coordinates: ring }, 'g.type', 'must be a Polygon or MultiPolygon, got LineString'],
    [{ type: 'Polygon', coordinates: [] }, 'g', 'has no coordinates'],
    [{ type: 'MultiPolygon', coordinates: [] }, 'g', 'has no coordinates'],
    [{ type: 'MultiPolygon', coordinates: [[ring], []] }, 'g.coordinates[1]', 'has no exterior ring'],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] }, 'g.coordinates[0]', 'at least 4 positions, has 3'],
    [{ type: 'Polygon', coordinates: [ring, [[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'g.coordinates[1]', 'must end where it starts'],
    [{ type: 'MultiPolygon', coordinates: [[ring], [[[0, 0], [1, 0], [1, 1]]]] }, 'g.coordinates[1][0]', 'at least 4 positions'],
    [{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 95], [0, 0]]]] }, 'g.coordinates[0][0][2]', 'latitude 95 is outside'],
  ])('refuses %j at %s', (geometry, field, message) => {
    const err = refusal(geometry);
    expect(err.kind).toBe('invalid');
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });
});
