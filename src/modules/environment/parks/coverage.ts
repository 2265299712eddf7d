import { AppError } from '../../../core/errors.js';
import { geometryBbox, pointInPolygon, type Bbox, type Polygonal } from '../../../core/geo/index.js';
import { gridOver, rasterise, toMetres, type Grid } from './coverage-grid.js';
import type { ParkGeometry } from './parks-file.js';

/** An area residents live in: a region (or part of one) and its population, spread evenly over it. */
export interface CoverageArea {
  code: string;
  /** Residents; null when unknown (then every area is weighted by its land instead). */
  population: number | null;
}

/** The share of residents within the service radius of a park, per area and overall. */
export interface ParkCoverage {
  /** 0…1: residents within `radiusM` of a park over all residents (or of the land, see `weighting`). */
  coverage: number | null;
  weighting: 'population' | 'area';
  residents: number | null;
  residentsCovered: number | null;
  areaKm2: number;
  coveredAreaKm2: number;
  areas: { code: string; population: number | null; areaKm2: number; coveredAreaKm2: number; share: number | null }[];
  radiusM: number;
  cellM: number;
  parks: number;
  notes: string[];
}

/** The assumptions every coverage figure rests on, said with it. */
export const coverageAssumptions = [
  'residents are spread evenly over each area (uniform density): an area’s covered residents are its population × its covered share of land',
  'a park serves everyone within the radius, measured in a straight line from its edge (a polygon) or its point (an entrance, or a small park); walking distance on streets is for the living-circle engine',
  'land is counted on square cells by their centres: the covered area is exact up to the cells the radius line crosses (on 100 m cells, a lone 500 m circle within about ±4%; errors largely cancel over a district)',
];

const sq = (x: number) => x * x;

/** Squared distance in metres from (x, y) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return sq(x - ax - t * dx) + sq(y - ay - t * dy);
}

/** Marks every cell of an area whose centre lies within `r` metres of the park (inside it, for a polygon). */
function markPark(g: Grid, park: ParkGeometry, r: number, covered: Uint8Array): void {
  const inMetres = (p: readonly number[]) => toMetres(g, p[0]!, p[1]!);
  const rings = park.type === 'Point' ? [] : (park.type === 'Polygon' ? [park.coordinates] : park.coordinates).flatMap((poly) => poly.map((ring) => ring.map(inMetres)));
  const polygon: Polygonal | null = park.type === 'Point' ? null : { type: 'MultiPolygon', coordinates: (park.type === 'Polygon' ? [park.coordinates] : park.coordinates).map((poly) => poly.map((ring) => ring.map(inMetres))) };
  const box = geometryBbox(park);
  const [x0, y0] = inMetres([box[0], box[1]]);
  const [x1, y1] = inMetres([box[2], box[3]]);
  const c0 = Math.max(0, Math.ceil((x0 - r) / g.cellM - 0.5));
  const c1 = Math.min(g.cols - 1, Math.floor((x1 + r) / g.cellM - 0.5));
  const r0 = Math.max(0, Math.ceil((y0 - r) / g.cellM - 0.5));
  const r1 = Math.min(g.rows - 1, Math.floor((y1 + r) / g.cellM - 0.5));
  const r2 = r * r;
  for (let row = r0; row <= r1; row++) {
    const y = (row + 0.5) * g.cellM;
    for (let col = c0; col <= c1; col++) {
      const i = row * g.cols + col;
      if (covered[i] || g.area[i]! < 0) continue;
      const x = (col + 0.5) * g.cellM;
      let near = false;
      if (!polygon) near = sq(x - x0) + sq(y - y0) <= r2;
      else if (pointInPolygon(x, y, polygon)) near = true;
      else near = rings.some((ring) => ring.some((p, k) => k > 0 && segmentDistance2(x, y, ring[k - 1]![0], ring[k - 1]![1], p[0], p[1]) <= r2));
      if (near) covered[i] = 1;
    }
  }
}

/**
 * Park service-radius coverage on a grid whose cells are already assigned to areas: the share
 * of each area's cells within `radiusM` of a park, and overall the population-weighted share
 * (residents spread evenly over each area), or the land share when a population is missing.
 */
export function coverageOnGrid(g: Grid, areas: readonly CoverageArea[], parks: readonly ParkGeometry[], { radiusM = 500 }: { radiusM?: number } = {}): ParkCoverage {
  if (!(radiusM > 0)) throw new AppError('invalid', 'radiusM must be > 0', { field: 'radiusM' });
  const covered = new Uint8Array(g.area.length);
  for (const p of parks) markPark(g, p, radiusM, covered);
  const cells = new Array<number>(areas.length).fill(0);
  const hits = new Array<number>(areas.length).fill(0);
  for (let i = 0; i < g.area.length; i++) {
    const a = g.area[i]!;
    if (a < 0) continue;
    cells[a]!++;
    if (covered[i]) hits[a]!++;
  }
  const km2 = (n: number) => (n * g.cellM * g.cellM) / 1e6;
  const notes = [...coverageAssumptions];
  const rows = areas.map((a, i) => ({ code: a.code, population: a.population, areaKm2: km2(cells[i]!), coveredAreaKm2: km2(hits[i]!), share: cells[i]! ? hits[i]! / cells[i]! : null }));
  const empty = rows.filter((r) => r.share === null);
  if (empty.length) notes.push(`no cell’s centre falls in ${empty.map((r) => r.code).join(', ')} at ${g.cellM} m cells: left out`);
  const counted = rows.filter((r) => r.share !== null);
  const byPopulation = counted.length > 0 && counted.every((r) => r.population !== null && r.population > 0);
  if (!byPopulation && counted.length) notes.push('a population is missing: the figure is the share of land within the radius, not of residents');
  const residents = byPopulation ? counted.reduce((s, r) => s + r.population!, 0) : null;
  const residentsCovered = byPopulation ? counted.reduce((s, r) => s + r.population! * r.share!, 0) : null;
  const land = counted.reduce((s, r) => s + r.areaKm2, 0);
  const landCovered = counted.reduce((s, r) => s + r.coveredAreaKm2, 0);
  return {
    coverage: byPopulation ? residentsCovered! / residents! : land > 0 ? landCovered / land : null,
    weighting: byPopulation ? 'population' : 'area',
    residents,
    residentsCovered: residentsCovered === null ? null : Math.round(residentsCovered),
    areaKm2: land,
    coveredAreaKm2: landCovered,
    areas: rows,
    radiusM,
    cellM: g.cellM,
    parks: parks.length,
    notes,
  };
}

/**
 * Park service-radius coverage of areas given as polygons (WGS-84): the share of residents within
 * `radiusM` (default 500 m) of a park, residents spread evenly over each area, land counted on
 * `cellM` cells (default 100 m). The pure entry point a living-circle engine can refine.
 */
export function parkCoverage(
  areas: readonly (CoverageArea & { geometry: Polygonal })[],
  parks: readonly ParkGeometry[],
  { radiusM = 500, cellM = 100 }: { radiusM?: number; cellM?: number } = {},
): ParkCoverage {
  if (!areas.length) throw new AppError('invalid', 'give at least one area', { field: 'areas' });
  if (!(cellM > 0)) throw new AppError('invalid', 'cellM must be > 0', { field: 'cellM' });
  const boxes = areas.map((a, i) => geometryBbox(a.geometry, { field: `areas[${i}].geometry` }));
  const bbox: Bbox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  const g = gridOver(bbox, cellM);
  rasterise(g, areas.map((a) => a.geometry));
  return coverageOnGrid(g, areas, parks, { radiusM });
}
