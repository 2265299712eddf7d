import { describe, expect, it } from 'vitest';
import { packEdgeBands } from './edge-bands.js';
import { pointLocation } from './point-in-polygon.js';
import { mulberry32 } from './seeded-random.js';
import type { Polygon, Position } from './types.js';

const codeOf = { outside: 0, inside: 1, boundary: 2 } as const;

/** A star-shaped ring around (cx, cy) with vertices on a 1/64 grid, so that rays often run through vertices and along edges. */
function starRing(random: () => number, cx: number, cy: number, r0: number, r1: number, n: number): Position[] {
  const snap = (v: number) => Math.round(v * 64) / 64;
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = r0 + random() * (r1 - r0);
    ring.push([snap(cx + r * Math.cos(angle)), snap(cy + r * Math.sin(angle))]);
  }
  ring.push(ring[0]!);
  return ring;
}

describe('packEdgeBands', () => {
  const random = mulberry32(11);
  const polygons: Polygon[] = [
    { type: 'Polygon', coordinates: [starRing(random, 0, 0, 5, 10, 400), starRing(random, 0, 0, 1, 3, 60).reverse()] },
    { type: 'Polygon', coordinates: [starRing(random, 3, 1, 1, 2, 7)] },
    { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 0], [4, 1], [3, 1], [3, 2], [2, 2], [2, 1], [0, 1], [0, 0]]] },
    { type: 'Polygon', coordinates: [[[0, 5], [10, 5], [10, 5], [0, 5]]] },
  ];
  const probes: [number, number][] = [];
  for (const polygon of polygons) {
    for (const ring of polygon.coordinates) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        probes.push([ax!, ay!], [(ax! + bx!) / 2, (ay! + by!) / 2]);
      }
    }
  }
  for (let i = 0; i < 8_000; i++) {
    const x = -11 + random() * 22;
    const y = -11 + random() * 22;
    probes.push(i % 2 ? [x, y] : [Math.round(x * 64) / 64, Math.round(y * 64) / 64]);
  }

  it.each([1, 3, 8, Infinity])('answers as the plain test does with %s edges a band', (edgesPerBand) => {
    const bands = packEdgeBands(polygons.map((p) => p.coordinates), { edgesPerBand });
    expect(bands.size).toBe(polygons.length);
    const mismatches: unknown[] = [];
    const tally = [0, 0, 0];
    polygons.forEach((polygon, p) => {
      for (const [x, y] of probes) {
        const expected = codeOf[pointLocation(x, y, polygon)];
        tally[expected]!++;
        if (bands.locate(p, x, y) !== expected) mismatches.push({ p, x, y, expected });
      }
    });
    expect(mismatches).toEqual([]);
    expect(Math.min(...tally)).toBeGreaterThan(200);
  });

  it('puts every vertex and edge midpoint on the boundary', () => {
    const bands = packEdgeBands([polygons[0]!.coordinates]);
    for (const ring of polygons[0]!.coordinates) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        expect(bands.locate(0, ax!, ay!)).toBe(2);
        expect(bands.locate(0, (ax! + bx!) / 2, (ay! + by!) / 2)).toBe(2);
      }
    }
  });

  it('closes an open ring and copes with a part of no height', () => {
    const bands = packEdgeBands([[[[0, 0], [1, 0], [1, 1], [0, 1]]], [[[0, 2], [1, 2], [3, 2]]], [[[0, 0], [1, 0], [1, 5e-324], [0, 0]]]], { edgesPerBand: 1 });
    expect([bands.locate(0, 0.5, 0.5), bands.locate(0, 0, 0.5), bands.locate(0, 1.5, 0.5)]).toEqual([1, 2, 0]);
    expect([bands.locate(1, 2, 2), bands.locate(1, 2, 2.5), bands.locate(1, -1, 2)]).toEqual([2, 0, 0]);
    expect([bands.locate(2, 0.5, 0), bands.locate(2, 1, 5e-324), bands.locate(2, 0.5, 1)]).toEqual([2, 2, 0]);
  });

  it('finds nothing beyond a polygon’s latitudes', () => {
    const bands = packEdgeBands([polygons[0]!.coordinates]);
    expect(bands.locate(0, 0, 10.5)).toBe(0);
    expect(bands.locate(0, 0, -10.5)).toBe(0);
    expect(bands.locate(0, -20, 0)).toBe(0);
  });
});
