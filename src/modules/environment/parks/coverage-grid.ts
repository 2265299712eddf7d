// A grid of square cells in a local metric projection: the equirectangular projection about the
// grid's middle latitude, with the WGS-84 ellipsoid's metres per degree there (the series of
// the ellipsoid's radii of curvature). Across ±1° of latitude its scale is off by at most
// about 1.5% east–west, which is the precision the park-coverage figures carry.
import { pointInPolygon, type Bbox, type Polygonal } from '../../../core/geo/index.js';

/** Metres per degree of longitude and of latitude at a latitude (WGS-84). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const p = (lat * Math.PI) / 180;
  return {
    lon: 111_412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
    lat: 111_132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p) - 0.0023 * Math.cos(6 * p),
  };
}

/** Square cells of `cellM` metres over a bbox; `area[i]` is the index of the area cell i lies in, −1 for none. */
export interface Grid {
  west: number;
  south: number;
  cellM: number;
  cols: number;
  rows: number;
  /** Metres per degree at the grid's middle latitude. */
  m: { lon: number; lat: number };
  area: Int32Array;
}

/** An empty grid (every cell in no area) of `cellM`-metre cells covering a bbox. */
export function gridOver(bbox: Bbox, cellM: number): Grid {
  const [w, s, e, n] = bbox;
  const m = metresPerDegree((s + n) / 2);
  const cols = Math.max(1, Math.ceil(((e - w) * m.lon) / cellM));
  const rows = Math.max(1, Math.ceil(((n - s) * m.lat) / cellM));
  return { west: w, south: s, cellM, cols, rows, m, area: new Int32Array(cols * rows).fill(-1) };
}

/** The WGS-84 centre of cell (col, row). */
export function cellCentre(g: Grid, col: number, row: number): [number, number] {
  return [g.west + ((col + 0.5) * g.cellM) / g.m.lon, g.south + ((row + 0.5) * g.cellM) / g.m.lat];
}

/** A WGS-84 position in the grid's metres, from its south-west corner. */
export function toMetres(g: Grid, lon: number, lat: number): [number, number] {
  return [(lon - g.west) * g.m.lon, (lat - g.south) * g.m.lat];
}

/** Marks each cell whose centre lies in one of the polygons (boundary included) with that polygon's index; the first polygon wins. */
export function rasterise(g: Grid, polygons: readonly Polygonal[]): void {
  for (let row = 0; row < g.rows; row++) {
    for (let col = 0; col < g.cols; col++) {
      const [lon, lat] = cellCentre(g, col, row);
      const i = polygons.findIndex((p) => pointInPolygon(lon, lat, p));
      if (i >= 0) g.area[row * g.cols + col] = i;
    }
  }
}
