import { AppError } from '../../core/errors.js';
import { geometryBbox, lonLatProblem, type Bbox, type Geometry } from '../../core/geo/index.js';

/** Where an asset is: its representative point, its shape if it has one, and the box around both. */
export interface AssetPlace {
  lon: number;
  lat: number;
  geometry: Geometry | null;
  bbox: Bbox;
}

/**
 * Checks an asset's point and shape and returns the box around both. The point is where the
 * asset is located in a region (a line's representative point is given, not guessed), so it
 * must lie within about a kilometre of the shape's box.
 */
export function assetPlace(lon: number, lat: number, geometry?: Geometry | null, { field = 'geometry', toleranceDeg = 0.01 } = {}): AssetPlace {
  const problem = lonLatProblem(lon, lat);
  if (problem) throw new AppError('invalid', problem, { field: problem.startsWith('longitude') ? 'lon' : 'lat' });
  if (!geometry) return { lon, lat, geometry: null, bbox: [lon, lat, lon, lat] };
  const box = geometryBbox(geometry, { field });
  if (lon < box[0] - toleranceDeg || lon > box[2] + toleranceDeg || lat < box[1] - toleranceDeg || lat > box[3] + toleranceDeg) {
    throw new AppError('invalid', `the point (${lon}, ${lat}) lies far from the asset's ${geometry.type}`, { field: 'lon' });
  }
  return { lon, lat, geometry, bbox: [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)] };
}

/** Parses `west,south,east,north` (WGS-84 degrees) into a bbox; throws naming `bbox` when it is not one. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) throw new AppError('invalid', 'bbox must be west,south,east,north in degrees', { field: 'bbox' });
  const [w, s, e, n] = parts as [number, number, number, number];
  if (w > e || s > n) throw new AppError('invalid', 'bbox must have west ≤ east and south ≤ north', { field: 'bbox' });
  if (lonLatProblem(w, s) || lonLatProblem(e, n)) throw new AppError('invalid', 'bbox corners must be WGS-84 longitude/latitude', { field: 'bbox' });
  return [w, s, e, n];
}
