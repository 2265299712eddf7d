import { describe, expect, it } from 'vitest';
import type { Ring } from './geometry.js';
import { polygonProblems } from './polygon-validity.js';
import { repairPolygons } from './repair-polygons.js';
import { splitRingsIntoParts } from './ring-parts.js';
import { multiPolygonAreaKm2 } from './spherical-area.js';

const square = (x: number, y: number, size: number): Ring => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('repairPolygons', () => {
  it('turns a self-intersecting bow-tie into two valid triangles that keep its area', () => {
    const bowTie: Ring = [[116, 39], [116.02, 39.02], [116.02, 39], [116, 39.02], [116, 39]];
    expect(polygonProblems([[bowTie]]).join()).toMatch(/crosses itself/);
    const { polygons, problems } = repairPolygons([[bowTie]]);
    expect(problems).toEqual([]);
    expect(polygons).toHaveLength(2);
    expect(polygons.every((p) => p[0]!.length === 4)).toBe(true);
    // Two triangles, each a quarter of the 0.02° square.
    expect(multiPolygonAreaKm2(polygons)).toBeCloseTo(multiPolygonAreaKm2([[square(116, 39, 0.02)]]) / 2, 2);
  });

  it('keeps a ring inside a ring as a hole, wound clockwise', () => {
    const parts = splitRingsIntoParts([square(116.2, 39.2, 0.2), square(116, 39, 1)]);
    const { polygons, problems } = repairPolygons(parts);
    expect(problems).toEqual([]);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(2);
    const outer = multiPolygonAreaKm2([[square(116, 39, 1)]]);
    const hole = multiPolygonAreaKm2([[square(116.2, 39.2, 0.2)]]);
    expect(multiPolygonAreaKm2(polygons)).toBeCloseTo(outer - hole, 3);
  });

  it('merges overlapping parts and winds the result by the right-hand rule', () => {
    const clockwise = [...square(116, 39, 1)].reverse();
    const { polygons, problems } = repairPolygons([[clockwise], [square(116.5, 39.5, 1)]]);
    expect(problems).toEqual([]);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]![0]!.length).toBe(9);
  });

  it('rounds to 6 decimals', () => {
    const { polygons } = repairPolygons([[square(116.12345678, 39.87654321, 0.5)]]);
    expect(polygons[0]![0]![0]).toEqual([116.123457, 39.876543]);
  });
});

describe('repairPolygons with minAreaKm2', () => {
  it('drops parts and holes smaller than the threshold', () => {
    const sliverHole: Ring = [...square(116.5, 39.5, 0.0001)].reverse();
    const { polygons, problems } = repairPolygons([[square(116, 39, 1), sliverHole], [square(118, 39, 0.0001)]], { minAreaKm2: 0.001 });
    expect(problems).toEqual([]);
    expect(polygons).toEqual([[polygons[0]![0]]]);
  });
});
