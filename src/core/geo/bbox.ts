// Bounding boxes of GeoJSON geometries (RFC 7946 §5), with every position checked on the way.
import { AppError } from '../errors.js';
import type { Bbox, Geometry, Position } from './types.js';

/** Throws AppError('invalid') unless lon and lat are finite WGS-84 degrees within −180..180 and −90..90. */
export function assertLonLat(lon: unknown, lat: unknown, { field = 'point' }: { field?: string } = {}): void {
  const problem = lonLatProblem(lon, lat);
  if (problem) throw new AppError('invalid', `${field}: ${problem}`, { field });
}

/** Why (lon, lat) is not a WGS-84 position, or undefined if it is one. */
export function lonLatProblem(lon: unknown, lat: unknown): string | undefined {
  if (typeof lon !== 'number' || !Number.isFinite(lon)) return `longitude must be a finite number, got ${show(lon)}`;
  if (typeof lat !== 'number' || !Number.isFinite(lat)) return `latitude must be a finite number, got ${show(lat)}`;
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside −180..180`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside −90..90`;
  return undefined;
}

/**
 * The bbox [minLon, minLat, maxLon, maxLat] of a GeoJSON geometry; throws AppError('invalid')
 * naming the field of the first malformed or out-of-range position, or if there is none.
 */
export function geometryBbox(geometry: Geometry, { field = 'geometry' }: { field?: string } = {}): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  if (!isObject(geometry)) throw new AppError('invalid', `${field} must be a GeoJSON geometry`, { field });
  extend(box, geometry, field);
  if (box[0] > box[2]) throw new AppError('invalid', `${field} has no coordinates`, { field });
  return box;
}

const depthByType: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function extend(box: Bbox, geometry: Geometry, field: string): void {
  if (geometry.type === 'GeometryCollection') {
    if (!Array.isArray(geometry.geometries)) throw new AppError('invalid', `${field}.geometries must be an array`, { field: `${field}.geometries` });
    geometry.geometries.forEach((g, i) => {
      if (!isObject(g)) throw new AppError('invalid', `${field}.geometries[${i}] must be a GeoJSON geometry`, { field: `${field}.geometries[${i}]` });
      extend(box, g, `${field}.geometries[${i}]`);
    });
    return;
  }
  const depth = depthByType[String(geometry.type)];
  if (depth === undefined) throw new AppError('invalid', `${field}.type ${show(geometry.type)} is not a GeoJSON geometry type`, { field: `${field}.type` });
  walk(box, geometry.coordinates, depth, `${field}.coordinates`);
}

function walk(box: Bbox, value: unknown, depth: number, field: string): void {
  if (!Array.isArray(value)) throw new AppError('invalid', `${field} must be an array`, { field });
  if (depth > 0) {
    for (let i = 0; i < value.length; i++) walk(box, value[i], depth - 1, `${field}[${i}]`);
    return;
  }
  const position = value as Position;
  if (position.length < 2) throw new AppError('invalid', `${field} must be [longitude, latitude]`, { field });
  const [lon, lat] = position;
  const problem = lonLatProblem(lon, lat);
  if (problem) throw new AppError('invalid', `${field}: ${problem}`, { field });
  const x = lon as number;
  const y = lat as number;
  if (x < box[0]) box[0] = x;
  if (y < box[1]) box[1] = y;
  if (x > box[2]) box[2] = x;
  if (y > box[3]) box[3] = y;
}

function isObject(value: unknown): value is Geometry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
