// GCJ-02 (国测局, China's "Mars" offset of GB 20263) and BD-09 (Baidu) to and from WGS-84, via gcoord.
import gcoordModule from 'gcoord';
import { AppError } from '../errors.js';
import { assertLonLat } from './bbox.js';

// gcoord is CommonJS whose types declare an ES default export; Node hands over module.exports itself.
const gcoord = ((gcoordModule as { default?: unknown }).default ?? gcoordModule) as typeof gcoordModule.default;

/** The coordinate systems a point may arrive in: WGS-84, GCJ-02 (Amap, Tencent, most Chinese data) or BD-09 (Baidu). */
export const crsNames = ['wgs84', 'gcj02', 'bd09'] as const;

/** One of crsNames. */
export type Crs = (typeof crsNames)[number];

const gcoordCrs = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * A point given in `crs` as WGS-84 [lon, lat]. Outside gcoord's box around China
 * (72.004–137.8347°E, 0.8293–55.8271°N) GCJ-02 equals WGS-84, while BD-09's own shift applies
 * everywhere; inverting GCJ-02 is iterative, to 1e-6°.
 */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  return convert(lon, lat, crs, 'wgs84');
}

/** A WGS-84 point as [lon, lat] in `crs`, e.g. to show it on an Amap or Baidu map. */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  return convert(lon, lat, 'wgs84', crs);
}

/** Whether a string names a coordinate system this kernel converts. */
export function isCrs(value: unknown): value is Crs {
  return typeof value === 'string' && (crsNames as readonly string[]).includes(value);
}

function convert(lon: number, lat: number, from: Crs, to: Crs): [number, number] {
  for (const crs of [from, to]) {
    if (!isCrs(crs)) throw new AppError('invalid', `crs must be one of ${crsNames.join(', ')}, got ${String(crs)}`, { field: 'crs' });
  }
  assertLonLat(lon, lat);
  if (from === to) return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], gcoordCrs[from], gcoordCrs[to]);
  return [x, y];
}
