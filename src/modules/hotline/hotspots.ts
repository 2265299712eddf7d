import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { poissonTail } from './poisson.js';

/** A case as hotspot detection needs it. */
export interface HotspotCase {
  id: string;
  category: string;
  lon: number;
  lat: number;
  region: string | null;
  at: Date;
}

export interface HotspotOptions {
  /** The window looked at, [from, to); the period as long before it is the comparison. */
  from: Date;
  to: Date;
  /** H3 resolution: 8 is about 0.74 km² a cell. */
  resolution?: number;
  /** Family-wise error rate: a cell is hot when its Poisson tail is below alpha / tests. */
  alpha?: number;
  /** Fewer cases than this in a cell are never a hotspot, however unlikely. */
  minCount?: number;
  /** How many case ids each hotspot cites. */
  evidence?: number;
}

/** Adjacent hot cells of one category, merged. */
export interface Hotspot {
  category: string;
  /** The district (6-digit prefix) most of its cases are in; null when they have none. */
  district: string | null;
  cells: string[];
  count: number;
  expected: number;
  /** P(X ≥ count) under Poisson(expected), over the merged area. */
  pValue: number;
  /** Cases of the category in the same cells in the period before. */
  before: number;
  /** count / before; null when there were none before. */
  ratio: number | null;
  trend: 'new' | 'rising' | 'steady' | 'falling';
  centre: [number, number];
  caseIds: string[];
}

export interface HotspotReport {
  hotspots: Hotspot[];
  /** (cell, category) pairs with at least one case in the window: the Bonferroni divisor. */
  tests: number;
  threshold: number;
}

/**
 * Spatial-temporal hotspots of cases by category on H3 cells. The expected count of a
 * category in a cell is the category's count in the cell's district over the window, times
 * the cell's share of the district's volume of the OTHER categories over the window and the
 * period before (Laplace-smoothed by one case per occupied cell): dense neighbourhoods call
 * more about everything, and a hotspot is a category over-represented where it is. A cell is
 * hot when it has at least `minCount` cases and P(X ≥ count) under Poisson(expected) is below
 * alpha / tests (Bonferroni over every (cell, category) pair with a case in the window), so
 * uniform noise yields none with probability ≥ 1 − alpha. Hot cells of one category that
 * touch are merged; the trend compares the same cells in the period before.
 */
// Kulldorff, "A spatial scan statistic" (1997), for the Poisson model of expected counts; Bonferroni for the many cells.
export function findHotspots(cases: readonly HotspotCase[], { from, to, resolution = 8, alpha = 0.001, minCount = 5, evidence = 20 }: HotspotOptions): HotspotReport {
  const start = from.getTime();
  const end = to.getTime();
  const previous = start - (end - start);
  const all = new Map<string, number>(); // district|cell → cases, window and before
  const own = new Map<string, number>(); // district|category|cell → cases, window and before
  const districtAll = new Map<string, number>();
  const districtOwn = new Map<string, number>();
  const occupied = new Map<string, number>();
  const now = new Map<string, HotspotCase[]>(); // district|category|cell → window cases
  const categoryInDistrict = new Map<string, number>(); // district|category → window cases
  const before = new Map<string, number>(); // category|cell → cases before
  const inc = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  for (const c of cases) {
    const t = c.at.getTime();
    if (t < previous || t >= end) continue;
    const cell = latLngToCell(c.lat, c.lon, resolution);
    const d = c.region ? c.region.slice(0, 6) : '';
    if ((all.get(`${d}|${cell}`) ?? 0) === 0) inc(occupied, d);
    inc(all, `${d}|${cell}`);
    inc(own, `${d}|${c.category}|${cell}`);
    inc(districtAll, d);
    inc(districtOwn, `${d}|${c.category}`);
    if (t < start) {
      inc(before, `${c.category}|${cell}`);
      continue;
    }
    inc(categoryInDistrict, `${d}|${c.category}`);
    const key = `${d}|${c.category}|${cell}`;
    const list = now.get(key);
    if (list) list.push(c);
    else now.set(key, [c]);
  }

  const tests = now.size;
  const threshold = alpha / Math.max(1, tests);
  const hot = new Map<string, { category: string; cell: string; district: string; cases: HotspotCase[]; expected: number }>();
  for (const [key, list] of now) {
    const [d, category, cell] = key.split('|') as [string, string, string];
    const othersHere = all.get(`${d}|${cell}`)! - own.get(key)!;
    const othersInDistrict = districtAll.get(d)! - districtOwn.get(`${d}|${category}`)!;
    const expected = (categoryInDistrict.get(`${d}|${category}`)! * (othersHere + 1)) / (othersInDistrict + occupied.get(d)!);
    if (list.length >= minCount && poissonTail(list.length, expected) < threshold) {
      const at = `${category}|${cell}`;
      const prior = hot.get(at);
      // A cell on a district edge may hold cases of two districts: it is one place.
      if (prior) {
        prior.cases.push(...list);
        prior.expected += expected;
      } else hot.set(at, { category, cell, district: d, cases: [...list], expected });
    }
  }
  return { hotspots: merge(hot, before, evidence), tests, threshold };
}

function merge(hot: Map<string, { category: string; cell: string; cases: HotspotCase[]; expected: number }>, before: Map<string, number>, evidence: number): Hotspot[] {
  const seen = new Set<string>();
  const out: Hotspot[] = [];
  for (const [key, first] of hot) {
    if (seen.has(key)) continue;
    // Flood fill over touching hot cells of the same category.
    const area = [first];
    seen.add(key);
    for (let i = 0; i < area.length; i++) {
      for (const n of gridDisk(area[i]!.cell, 1)) {
        const k = `${first.category}|${n}`;
        const next = hot.get(k);
        if (next && !seen.has(k)) {
          seen.add(k);
          area.push(next);
        }
      }
    }
    const cases = area.flatMap((a) => a.cases);
    const count = cases.length;
    const expected = area.reduce((s, a) => s + a.expected, 0);
    const prior = area.reduce((s, a) => s + (before.get(`${first.category}|${a.cell}`) ?? 0), 0);
    const ratio = prior > 0 ? count / prior : null;
    const districts = new Map<string, number>();
    for (const c of cases) if (c.region) districts.set(c.region.slice(0, 6), (districts.get(c.region.slice(0, 6)) ?? 0) + 1);
    let lat = 0;
    let lon = 0;
    for (const a of area) {
      const [y, x] = cellToLatLng(a.cell);
      lat += y * a.cases.length;
      lon += x * a.cases.length;
    }
    out.push({
      category: first.category,
      district: [...districts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null,
      cells: area.map((a) => a.cell).sort(),
      count,
      expected,
      pValue: poissonTail(count, expected),
      before: prior,
      ratio,
      trend: ratio === null ? 'new' : ratio >= 1.5 ? 'rising' : ratio <= 2 / 3 ? 'falling' : 'steady',
      centre: [lon / count, lat / count],
      caseIds: cases
        .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, evidence)
        .map((c) => c.id),
    });
  }
  return out.sort((a, b) => a.pValue - b.pValue || b.count - a.count);
}
