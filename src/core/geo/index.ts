// The geo kernel's public face: modules import from here; files of the kernel import each other directly.
export { assertLonLat, geometryBbox, lonLatProblem } from './bbox.js';
export { crsNames, fromWgs84, isCrs, toWgs84, type Crs } from './crs.js';
export { pointInPolygon, pointLocation, type PointLocation } from './point-in-polygon.js';
export { polygonalParts, type PolygonRings } from './polygonal.js';
export { createSpatialIndex, type SpatialHit, type SpatialIndex, type SpatialIndexItem, type SpatialIndexOptions } from './spatial-index.js';
export type { Bbox, Geometry, MultiPolygon, Polygon, Polygonal, Position } from './types.js';
