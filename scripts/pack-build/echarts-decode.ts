import type { Position } from './geometry.js';

/** One feature of an echarts 4 map file, as shipped (possibly with encoded coordinates). */
export interface EchartsFeature {
  id?: string;
  properties: { id?: string; name: string; cp?: [number, number]; childNum?: number };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets?: unknown };
}

/** An echarts 4 map file (`echarts/map/json/*.json`). */
export interface EchartsMap {
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: EchartsFeature[];
}

/** A decoded feature: its id, name and every ring it stores, in source order. */
export interface DecodedFeature {
  id: string;
  name: string;
  rings: Position[][];
}

/**
 * Decodes an echarts 4 map into plain rings (GCJ-02 degrees, as echarts stores them). Every
 * ring of every polygon is returned flat: echarts' "holes" are often separate parts.
 */
export function decodeEchartsMap(map: EchartsMap): DecodedFeature[] {
  const scale = map.UTF8Scale ?? 1024;
  return map.features.map((f) => {
    const id = String(f.id ?? f.properties.id ?? '');
    const { type, coordinates, encodeOffsets } = f.geometry;
    const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[][];
    const offsets = (type === 'Polygon' ? [encodeOffsets] : encodeOffsets) as unknown[][] | undefined;
    const rings: Position[][] = [];
    polygons.forEach((polygon, p) => {
      polygon.forEach((ring, r) => {
        if (!map.UTF8Encoding) rings.push((ring as number[][]).map(([x, y]) => [x!, y!]));
        else rings.push(decodeRing(ring as string, offsets?.[p]?.[r] as [number, number], scale));
      });
    });
    return { id, name: f.properties.name, rings };
  });
}

/**
 * Decodes one ring: pairs of UTF-16 code units, each minus 64, zig-zag decoded, are deltas
 * from the offset, in units of 1/scale degree. Mirrors echarts/lib/coord/geo/parseGeoJson.js.
 */
export function decodeRing(encoded: string, offset: readonly [number, number], scale = 1024): Position[] {
  if (encoded.length % 2 !== 0) throw new Error(`encoded ring has an odd length (${encoded.length})`);
  const out: Position[] = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    out.push([x / scale, y / scale]);
  }
  return out;
}
