import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { findHotspots, type HotspotCase } from './hotspots.js';

const DAY = 86_400_000;
const to = new Date('2026-11-30T00:00:00Z');
const from = new Date(to.getTime() - 7 * DAY);
const categories = ['010101', '010102', '010201', '020101', '030101'];
const weights = [0.35, 0.1, 0.25, 0.2, 0.1];

/** Uniform cases over a box and over the window and the period before, categories by weight. */
function uniform(n: number, box: [number, number, number, number], region: string, seed: number, prefix = 'u'): HotspotCase[] {
  const u = mulberry32(seed);
  const [w, s, e, no] = box;
  return Array.from({ length: n }, (_, i) => {
    let x = u();
    const category = categories[weights.findIndex((p) => (x -= p) < 0)] ?? categories[0]!;
    return { id: `${prefix}${i}`, category, lon: w + (e - w) * u(), lat: s + (no - s) * u(), region, at: new Date(to.getTime() - 14 * DAY * u()) };
  });
}

/** `count` cases of one category within `radiusM` of a point, in the last `days` days. */
function planted(category: string, lon: number, lat: number, radiusM: number, count: number, days: number, seed: number, region = '110101'): HotspotCase[] {
  const u = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const r = radiusM * Math.sqrt(u());
    const t = 2 * Math.PI * u();
    return { id: `p${seed}-${i}`, category, lon: lon + (r * Math.sin(t)) / (111_195 * Math.cos((lat * Math.PI) / 180)), lat: lat + (r * Math.cos(t)) / 111_195, region, at: new Date(to.getTime() - days * DAY * u()) };
  });
}

describe('findHotspots', () => {
  it.each([1, 2, 3, 4, 5])('finds none in uniform noise, sparse or dense (seed %i)', (seed) => {
    const sparse = [...uniform(2000, [1, 0, 2, 1], '110101', seed), ...uniform(2000, [0, 0, 1, 1], '110102', seed + 100, 'v')];
    expect(findHotspots(sparse, { from, to }).hotspots).toEqual([]);
    // About 20 cases a cell and category in the window: the Poisson tail, not the minimum count, decides.
    const dense = uniform(40_000, [116.4, 39.9, 116.5, 40.0], '110105', seed);
    const report = findHotspots(dense, { from, to });
    expect(report.hotspots).toEqual([]);
    expect(report.tests).toBeGreaterThan(500);
  });

  it('does not call a busy neighbourhood a hotspot when it is busy with everything', () => {
    const city = uniform(20_000, [116.4, 39.9, 116.5, 40.0], '110105', 7);
    const busy = uniform(4000, [116.45, 39.95, 116.455, 39.955], '110105', 8, 'b');
    expect(findHotspots([...city, ...busy], { from, to }).hotspots).toEqual([]);
  });

  it('finds planted clusters, each of its category, with its evidence and a trend', () => {
    const noise = [...uniform(2000, [1, 0, 2, 1], '110101', 11), ...uniform(2000, [0, 0, 1, 1], '110102', 12, 'v')];
    const a = planted('010201', 1.5, 0.5, 300, 25, 3, 21);
    const b = planted('020101', 0.3, 0.7, 200, 15, 5, 22, '110102');
    const { hotspots } = findHotspots([...noise, ...a, ...b], { from, to });
    expect(hotspots.map((h) => h.category).sort()).toEqual(['010201', '020101']);
    for (const [plant, h] of [[a, hotspots.find((x) => x.category === '010201')!], [b, hotspots.find((x) => x.category === '020101')!]] as const) {
      const cells = new Set(plant.map((c) => latLngToCell(c.lat, c.lon, 8)));
      expect(h.cells.some((c) => cells.has(c))).toBe(true);
      expect(h.count).toBeGreaterThanOrEqual(5);
      expect(h.caseIds.every((id) => plant.some((c) => c.id === id))).toBe(true);
      expect(h.trend).toBe('new');
      expect(h.pValue).toBeLessThan(1e-6);
    }
    expect(hotspots.find((x) => x.category === '010201')!.district).toBe('110101');
  });

  it('merges touching hot cells into one area, and compares it with the period before', () => {
    const noise = uniform(40_000, [116.4, 39.9, 116.5, 40.0], '110105', 31);
    // Twice the rate before, four times now, over a patch larger than a cell.
    const before = planted('030101', 116.45, 39.95, 900, 60, 7, 41, '110105').map((c) => ({ ...c, id: `b${c.id}`, at: new Date(c.at.getTime() - 7 * DAY) }));
    const now = planted('030101', 116.45, 39.95, 900, 240, 7, 42, '110105');
    const { hotspots } = findHotspots([...noise, ...before, ...now], { from, to });
    expect(hotspots).toHaveLength(1);
    const h = hotspots[0]!;
    expect(h.cells.length).toBeGreaterThan(1);
    expect(h.trend).toBe('rising');
    expect(h.ratio).toBeGreaterThan(1.5);
    expect(h.centre[0]).toBeCloseTo(116.45, 2);
    expect(h.centre[1]).toBeCloseTo(39.95, 2);
  });

  it('ignores cases outside the window and the period before it', () => {
    const old = planted('010201', 1.5, 0.5, 300, 40, 3, 51).map((c) => ({ ...c, at: new Date(c.at.getTime() - 30 * DAY) }));
    expect(findHotspots(old, { from, to }).hotspots).toEqual([]);
  });
});
