import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertLonLat, geometryBbox, lonLatProblem } from './bbox.js';
import type { Geometry } from './types.js';

function invalid(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('invalid');
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('geometryBbox', () => {
  it.each<[Geometry, number[]]>([
    [{ type: 'Point', coordinates: [116.39, 39.9] }, [116.39, 39.9, 116.39, 39.9]],
    [{ type: 'LineString', coordinates: [[1, 2], [-3, 4], [5, -6, 100]] }, [-3, -6, 5, 4]],
    [{ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] }, [0, 0, 2, 1]],
    [{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[-180, -90], [180, -90], [180, 90], [-180, -90]]]] }, [-180, -90, 180, 90]],
    [{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 1] }, { type: 'MultiPoint', coordinates: [[3, -2]] }] }, [1, -2, 3, 1]],
  ])('%j has bbox %j', (geometry, bbox) => expect(geometryBbox(geometry)).toEqual(bbox));

  it('names the position whose longitude is out of range', () => {
    const err = invalid(() => geometryBbox({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [181, 1], [0, 0]]] }));
    expect(err.field).toBe('geometry.coordinates[0][2]');
    expect(err.message).toBe('geometry.coordinates[0][2]: longitude 181 is outside −180..180');
  });

  it.each<[unknown, string, string]>([
    [{ type: 'Point', coordinates: [0, -91] }, 'geometry.coordinates', 'latitude -91 is outside −90..90'],
    [{ type: 'Point', coordinates: [Number.NaN, 0] }, 'geometry.coordinates', 'longitude must be a finite number, got NaN'],
    [{ type: 'Point', coordinates: [0, Number.POSITIVE_INFINITY] }, 'geometry.coordinates', 'latitude must be a finite number, got Infinity'],
    [{ type: 'Point', coordinates: ['116', 39] }, 'geometry.coordinates', 'longitude must be a finite number, got "116"'],
    [{ type: 'Point', coordinates: [116] }, 'geometry.coordinates', 'must be [longitude, latitude]'],
    [{ type: 'LineString', coordinates: [[0, 0], 'x'] }, 'geometry.coordinates[1]', 'must be an array'],
    [{ type: 'Polygon', coordinates: [[0, 0]] }, 'geometry.coordinates[0][0]', 'must be an array'],
    [{ type: 'Circle', coordinates: [0, 0] }, 'geometry.type', 'is not a GeoJSON geometry type'],
    [{ type: 'Polygon', coordinates: [] }, 'geometry', 'has no coordinates'],
    [{ type: 'GeometryCollection', geometries: [null] }, 'geometry.geometries[0]', 'must be a GeoJSON geometry'],
    [null, 'geometry', 'must be a GeoJSON geometry'],
  ])('refuses %j at %s: %s', (geometry, field, message) => {
    const err = invalid(() => geometryBbox(geometry as Geometry));
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });

  it('prefixes fields with the caller’s', () => {
    expect(invalid(() => geometryBbox({ type: 'Point', coordinates: [0, 99] }, { field: 'regions[3].geometry' })).field).toBe('regions[3].geometry.coordinates');
  });
});

describe('assertLonLat', () => {
  it('accepts the corners of the world', () => {
    for (const [lon, lat] of [[-180, -90], [180, 90], [0, 0], [116.39, 39.9]] as const) expect(() => assertLonLat(lon, lat)).not.toThrow();
    expect(lonLatProblem(-180, 90)).toBeUndefined();
  });

  it('throws invalid naming the field and the problem', () => {
    const err = invalid(() => assertLonLat(200, 10, { field: 'location' }));
    expect(err.field).toBe('location');
    expect(err.message).toBe('location: longitude 200 is outside −180..180');
    expect(invalid(() => assertLonLat(10, undefined)).message).toBe('point: latitude must be a finite number, got undefined');
  });
});
