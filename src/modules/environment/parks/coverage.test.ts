import { describe, expect, it } from 'vitest';
import type { Polygonal } from '../../../core/geo/index.js';
import { metresPerDegree } from './coverage-grid.js';
import { parkCoverage } from './coverage.js';
import type { ParkGeometry } from './parks-file.js';

// Hand-made geometry in metres east and north of a corner at (116°E, 40°N), turned into degrees
// with the grid's own metres per degree (the middle latitude of each test's areas is 40°N + a few
// hundred metres, so the scale used and the one assumed here differ by well under 0.01%).
const origin = { lon: 116, lat: 40 };
const m = metresPerDegree(origin.lat);
const at = (x: number, y: number): [number, number] => [origin.lon + x / m.lon, origin.lat + y / m.lat];
const ring = (x0: number, y0: number, x1: number, y1: number) => [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
const rect = (x0: number, y0: number, x1: number, y1: number): Polygonal => ({ type: 'Polygon', coordinates: [ring(x0, y0, x1, y1)] });
const point = (x: number, y: number): ParkGeometry => ({ type: 'Point', coordinates: at(x, y) });

describe('parkCoverage', () => {
  it('a park along the west edge covers its own width plus the radius: (200 + 500) / 2000 of the land', () => {
    const region = { code: 'A', population: 10_000, geometry: rect(0, 0, 2000, 1000) };
    const park = rect(0, 0, 200, 1000) as ParkGeometry;
    const r = parkCoverage([region], [park]);
    expect(r.coverage).toBeCloseTo(0.35, 3);
    expect(r.residentsCovered).toBe(3500);
    expect(r.weighting).toBe('population');
    expect(r.areaKm2).toBeCloseTo(2, 2);
    expect(r.coveredAreaKm2).toBeCloseTo(0.7, 2);
  });

  it('a lone park point in a 4 km square covers π·500² of 16 km² (within 0.5% on 10 m cells)', () => {
    const r = parkCoverage([{ code: 'A', population: 1, geometry: rect(0, 0, 4000, 4000) }], [point(2000, 2000)], { cellM: 10 });
    const exact = (Math.PI * 500 ** 2) / 16e6;
    expect(Math.abs(r.coverage! - exact) / exact).toBeLessThan(0.005);
  });

  it('on the default 100 m cells the lone circle stays within the stated ±4%', () => {
    const r = parkCoverage([{ code: 'A', population: 1, geometry: rect(0, 0, 4000, 4000) }], [point(2030, 1970)]);
    const exact = (Math.PI * 500 ** 2) / 16e6;
    expect(Math.abs(r.coverage! - exact) / exact).toBeLessThan(0.04);
  });

  it('a park outside the region reaches across its edge: the circular segment of a circle 300 m away', () => {
    const r = parkCoverage([{ code: 'A', population: 5, geometry: rect(0, 0, 1000, 1000) }], [point(-300, 500)], { cellM: 5 });
    // Segment of a 500 m circle cut by a line 300 m from its centre: R²·acos(d/R) − d·√(R²−d²).
    const segment = 500 ** 2 * Math.acos(300 / 500) - 300 * Math.sqrt(500 ** 2 - 300 ** 2);
    expect(r.coverage!).toBeCloseTo(segment / 1e6, 2);
    expect(Math.abs(r.coverage! - segment / 1e6) / (segment / 1e6)).toBeLessThan(0.01);
  });

  it('weights areas by their residents: a covered area of 1 000 and an uncovered one of 3 000 give 25%', () => {
    const r = parkCoverage(
      [
        { code: 'A', population: 1000, geometry: rect(0, 0, 1000, 1000) },
        { code: 'B', population: 3000, geometry: rect(3000, 0, 4000, 1000) },
      ],
      [rect(400, 400, 600, 600) as ParkGeometry],
    );
    expect(r.areas.map((a) => [a.code, a.share])).toEqual([
      ['A', 1],
      ['B', 0],
    ]);
    expect(r.coverage).toBe(0.25);
    expect([r.residents, r.residentsCovered]).toEqual([4000, 1000]);
  });

  it('falls back to the share of land, and says so, when a population is missing', () => {
    const r = parkCoverage(
      [
        { code: 'A', population: 1000, geometry: rect(0, 0, 1000, 1000) },
        { code: 'B', population: null, geometry: rect(3000, 0, 4000, 1000) },
      ],
      [rect(400, 400, 600, 600) as ParkGeometry],
    );
    expect(r.weighting).toBe('area');
    expect(r.coverage).toBe(0.5);
    expect(r.residents).toBeNull();
    expect(r.notes.some((n) => n.includes('share of land'))).toBe(true);
  });

  it('counts nothing without parks, and a park inside a hole of the region covers only land around it', () => {
    const none = parkCoverage([{ code: 'A', population: 10, geometry: rect(0, 0, 1000, 1000) }], []);
    expect(none.coverage).toBe(0);
    const withHole: Polygonal = { type: 'Polygon', coordinates: [ring(0, 0, 3000, 3000), ring(1000, 1000, 2000, 2000).reverse()] };
    const r = parkCoverage([{ code: 'A', population: 10, geometry: withHole }], [rect(1400, 1400, 1600, 1600) as ParkGeometry], { cellM: 10 });
    // The buffer (a 200 m square grown by 500 m: 200² + 4·200·500 + π·500²) less the part of it
    // over the hole: the hole but its four corners beyond 500 m of the park's corners, each
    // 400² − ∫₀⁴⁰⁰ min(400, √(500² − u²)) du.
    const buffer = 200 ** 2 + 4 * 200 * 500 + Math.PI * 500 ** 2;
    const F = (u: number) => (u / 2) * Math.sqrt(500 ** 2 - u ** 2) + (500 ** 2 / 2) * Math.asin(u / 500);
    const corner = 400 ** 2 - (300 * 400 + F(400) - F(300));
    const covered = buffer - (1000 ** 2 - 4 * corner);
    expect(Math.abs(r.coveredAreaKm2 - covered / 1e6) / (covered / 1e6)).toBeLessThan(0.01);
    expect(r.areaKm2).toBeCloseTo(8, 2);
  });

  it('refuses a radius or cell size that is not positive, and no areas', () => {
    const area = { code: 'A', population: 1, geometry: rect(0, 0, 100, 100) };
    expect(() => parkCoverage([area], [], { radiusM: 0 })).toThrow(/radiusM/);
    expect(() => parkCoverage([area], [], { cellM: -1 })).toThrow(/cellM/);
    expect(() => parkCoverage([], [])).toThrow(/area/);
  });
});
