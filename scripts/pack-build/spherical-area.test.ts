import { describe, expect, it } from 'vitest';
import type { Position } from './geometry.js';
import { multiPolygonAreaKm2, polygonAreaKm2, ringAreaKm2 } from './spherical-area.js';

const cell: Position[] = [[116, 39], [117, 39], [117, 40], [116, 40], [116, 39]];

describe('spherical area', () => {
  it('gives a 1°×1° cell at 39–40°N its area on the authalic sphere', () => {
    // R² · Δλ · (sin φ2 − sin φ1), R = 6371007.2 m
    const expected = (6371007.2 ** 2 * (Math.PI / 180) * (Math.sin((40 * Math.PI) / 180) - Math.sin((39 * Math.PI) / 180))) / 1e6;
    expect(ringAreaKm2(cell)).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(9_540, -1);
  });

  it('is negative for a clockwise ring and ignores winding for polygons', () => {
    const cw = [...cell].reverse();
    expect(ringAreaKm2(cw)).toBeCloseTo(-ringAreaKm2(cell), 9);
    expect(polygonAreaKm2([cw])).toBeCloseTo(ringAreaKm2(cell), 9);
  });

  it('takes holes off and adds parts', () => {
    const hole: Position[] = [[116.25, 39.25], [116.75, 39.25], [116.75, 39.75], [116.25, 39.75], [116.25, 39.25]];
    const outer = ringAreaKm2(cell);
    expect(polygonAreaKm2([cell, hole])).toBeCloseTo(outer - ringAreaKm2(hole), 6);
    expect(multiPolygonAreaKm2([[cell], [hole]])).toBeCloseTo(outer + ringAreaKm2(hole), 6);
  });
});
