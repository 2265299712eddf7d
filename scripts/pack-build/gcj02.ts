import gcoordModule from 'gcoord';
import type { MultiPolygon, Position } from './geometry.js';

// gcoord is CommonJS whose types declare an ES default export; Node hands over module.exports itself.
export const gcoord = ((gcoordModule as { default?: unknown }).default ?? gcoordModule) as typeof gcoordModule.default;

/** GCJ-02 ("Mars" coordinates of Chinese map services) to WGS-84 for one position, via gcoord. */
export function gcj02ToWgs84([lon, lat]: Position): Position {
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [x, y];
}

/** Every vertex of a multipolygon from GCJ-02 to WGS-84. */
export function multiPolygonToWgs84(polygons: MultiPolygon): MultiPolygon {
  return polygons.map((polygon) => polygon.map((ring) => ring.map(gcj02ToWgs84)));
}
