import { AppError } from '../../../core/errors.js';
import type { Kernel } from '../../../core/kernel.js';
import { findRegion, listAttributes, listChildren, locate, normaliseCode } from '../../regions/index.js';
import { cellCentre, gridOver, metresPerDegree, type Grid } from './coverage-grid.js';
import { coverageOnGrid, type CoverageArea, type ParkCoverage } from './coverage.js';
import { parksNear } from './parks-store.js';

/** What `regionParkCoverage` answers: the coverage, the region and year, whether sample parks were used. */
export type RegionParkCoverage = ParkCoverage & { regionCode: string; year: number | null; sample: boolean };

// A region's cells are found one `locate` each; past this many the cells grow (said in the notes).
const maxCells = 4_000_000;

/** A figure of persons at or before a year (resident population), or null. */
async function populationOf(k: Kernel, cityCode: string, code: string, year: number | null): Promise<{ value: number; year: number } | null> {
  const scale: Record<string, number> = { 人: 1, 万人: 10_000 };
  const rows = (await listAttributes(k.db, cityCode, code)).filter((r) => r.key === 'resident_population' && scale[r.unit ?? ''] && (year === null || r.year <= year));
  const r = rows.sort((a, b) => b.year - a.year)[0];
  return r ? { value: Number(r.value) * scale[r.unit!]!, year: r.year } : null;
}

// Cells are located on a lattice every `step` cells; a block whose four lattice corners agree is
// filled without locating its other cells, a block whose corners disagree is located cell by cell.
const step = 4;

/**
 * Assigns each cell to the region's child it lies in (or to the region itself where no child's
 * boundary is known), through the regions module's `locate`: -1 outside the region. A boundary
 * feature narrower than the lattice and wholly inside one block can be missed (400 m on 100 m cells).
 */
async function maskOf(k: Kernel, cityCode: string, code: string, g: Grid): Promise<{ codes: string[] }> {
  const index = new Map<string, number>();
  const codes: string[] = [];
  const areaAt = async (col: number, row: number): Promise<number> => {
    const [lon, lat] = cellCentre(g, col, row);
    const at = await locate(k, cityCode, lon, lat);
    const chain = at.region ? [at.region, ...at.ancestors] : [];
    const i = chain.findIndex((r) => r.code === code);
    if (i < 0) return -1;
    const area = i === 0 ? code : chain[i - 1]!.code;
    let n = index.get(area);
    if (n === undefined) index.set(area, (n = codes.push(area) - 1));
    return n;
  };
  const lc = Math.ceil((g.cols - 1) / step) + 1;
  const lr = Math.ceil((g.rows - 1) / step) + 1;
  const colOf = (i: number) => Math.min(i * step, g.cols - 1);
  const rowOf = (j: number) => Math.min(j * step, g.rows - 1);
  const lattice = new Int32Array(lc * lr);
  for (let j = 0; j < lr; j++) for (let i = 0; i < lc; i++) lattice[j * lc + i] = await areaAt(colOf(i), rowOf(j));
  for (let j = 0; j < lr; j++) {
    for (let i = 0; i < lc; i++) {
      const c0 = colOf(i);
      const r0 = rowOf(j);
      const c1 = i + 1 < lc ? colOf(i + 1) : c0 + 1;
      const r1 = j + 1 < lr ? rowOf(j + 1) : r0 + 1;
      const corners = [lattice[j * lc + i]!, lattice[j * lc + Math.min(i + 1, lc - 1)]!, lattice[Math.min(j + 1, lr - 1) * lc + i]!, lattice[Math.min(j + 1, lr - 1) * lc + Math.min(i + 1, lc - 1)]!];
      const same = corners.every((c) => c === corners[0]);
      for (let row = r0; row < r1; row++) {
        for (let col = c0; col < c1; col++) {
          g.area[row * g.cols + col] = same ? corners[0]! : col === c0 && row === r0 ? corners[0]! : await areaAt(col, row);
        }
      }
    }
  }
  return { codes };
}

/**
 * The share of a region's residents within `radiusM` (default 500 m) of a park: the region's land
 * on `cellM` cells (default 100 m, coarser past 4 million cells), each child region's resident
 * population spread evenly over its land when every child's boundary and population are known,
 * else the region's own population over all of it; parks from the city's park table.
 */
export async function regionParkCoverage(k: Kernel, cityCode: string, regionCode: string, { year = null, radiusM = 500, cellM = 100 }: { year?: number | null; radiusM?: number; cellM?: number } = {}): Promise<RegionParkCoverage> {
  const code = normaliseCode(regionCode, 'region');
  const region = await findRegion(k.db, cityCode, code);
  if (!region) throw new AppError('not_found', `no region ${regionCode}`, { field: 'region' });
  if (!region.bbox) throw new AppError('invalid', `region ${code} has no boundary: coverage needs its land`, { field: 'region' });
  const m = metresPerDegree((region.bbox[1] + region.bbox[3]) / 2);
  const cellsAt = (c: number) => (((region.bbox![2] - region.bbox![0]) * m.lon) / c) * (((region.bbox![3] - region.bbox![1]) * m.lat) / c);
  const used = cellsAt(cellM) > maxCells ? Math.ceil(Math.sqrt(cellsAt(1) / maxCells)) : cellM;
  const g = gridOver(region.bbox, used);
  const { codes } = await maskOf(k, cityCode, code, g);

  const children = new Set((await listChildren(k.db, cityCode, code)).map((c) => c.code));
  const pops = await Promise.all(codes.map((c) => populationOf(k, cityCode, c, year)));
  const notes: string[] = [];
  // Simplified boundaries leave slivers inside the region but in none of its children: up to
  // 1% of its land they are left out (and said); more, and the region is taken as one area.
  const own = codes.indexOf(code);
  const ownCells = own < 0 ? 0 : g.area.reduce((n, a) => n + (a === own ? 1 : 0), 0);
  const allCells = g.area.reduce((n, a) => n + (a >= 0 ? 1 : 0), 0);
  const childrenKnown = codes.some((c) => c !== code) && codes.every((c, i) => c === code || (children.has(c) && pops[i]));
  const byChildren = childrenKnown && ownCells <= 0.01 * allCells;
  let areas: CoverageArea[];
  const popYears: number[] = [];
  if (byChildren) {
    // Renumber the areas without the region's own slot; its cells fall out.
    const kept = codes.filter((c) => c !== code);
    const renumber = codes.map((c) => kept.indexOf(c));
    for (let i = 0; i < g.area.length; i++) if (g.area[i]! >= 0) g.area[i] = renumber[g.area[i]!]!;
    if (ownCells) {
      notes.push(`${((ownCells * used * used) / 1e6).toFixed(2)} km² (${((100 * ownCells) / allCells).toFixed(2)}%) lie inside ${code} but in none of its children’s boundaries (slivers of simplified boundaries): left out`);
    }
    areas = kept.map((c) => ({ code: c, population: pops[codes.indexOf(c)]!.value }));
    popYears.push(...new Set(kept.map((c) => pops[codes.indexOf(c)]!.year)));
  } else {
    // One area: the region itself, with its own population (its children's figures would double count).
    for (let i = 0; i < g.area.length; i++) if (g.area[i]! >= 0) g.area[i] = 0;
    const p = await populationOf(k, cityCode, code, year);
    areas = [{ code, population: p?.value ?? null }];
    popYears.push(...(p ? [p.year] : []));
  }
  const marginDeg = radiusM / Math.min(m.lon, m.lat);
  const parks = await parksNear(k.db, cityCode, region.bbox, marginDeg);
  const result = coverageOnGrid(g, areas, parks.map((p) => p.geometry), { radiusM });
  notes.unshift(...result.notes);
  if (used !== cellM) notes.push(`cells of ${used} m instead of ${cellM} m: the region needs more than ${maxCells.toLocaleString('en')} cells at ${cellM} m`);
  const of = popYears.length ? ` (${popYears.sort().join(', ')})` : '';
  notes.push(byChildren ? `population from the resident figures${of} of ${areas.length} child regions, each spread over its own land` : `population from the region’s own resident figure${of}, spread over all its land`);
  const sample = parks.some((p) => p.sample);
  if (sample) notes.push('SAMPLE parks are among those used: the figure shows how the calculation works, not the city’s real coverage');
  if (!parks.length) notes.push('no park within reach of this region in the city’s park table');
  return { ...result, notes, regionCode: code, year, sample };
}
