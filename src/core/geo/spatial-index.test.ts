import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { pointLocation } from './point-in-polygon.js';
import { mulberry32 } from './seeded-random.js';
import { createSpatialIndex, type SpatialIndexItem } from './spatial-index.js';
import type { MultiPolygon, Polygon, Position } from './types.js';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [square(x0, y0, x1, y1)] });

describe('createSpatialIndex', () => {
  // A 3 × 3 chessboard of unit squares named by column and row, given row by row.
  const board: SpatialIndexItem[] = [];
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) board.push({ id: `c${col}r${row}`, geometry: box(col, row, col + 1, row + 1) });
  const index = createSpatialIndex(board);

  it('finds the one square a point is inside', () => expect(index.containing(1.5, 2.5)).toEqual(['c1r2']));

  it('puts a point on a shared edge in both neighbours, in the order given', () => {
    expect(index.containing(1, 0.5)).toEqual(['c0r0', 'c1r0']);
    expect(index.containing(2.5, 2)).toEqual(['c2r1', 'c2r2']);
  });

  it('puts a shared corner in all four squares', () => expect(index.containing(1, 1)).toEqual(['c0r0', 'c1r0', 'c0r1', 'c1r1']));

  it('finds nothing outside, or for a point that is no point', () => {
    expect(index.containing(3.5, 1)).toEqual([]);
    expect(index.containing(-0.000001, 0)).toEqual([]);
    expect(index.containing(Number.NaN, 1)).toEqual([]);
    expect(index.containing(1, Number.NEGATIVE_INFINITY)).toEqual([]);
  });

  it('says which hits are on a boundary', () => {
    expect(index.locate(1, 0.5)).toEqual([{ id: 'c0r0', onBoundary: true }, { id: 'c1r0', onBoundary: true }]);
    expect(index.locate(0.5, 0.5)).toEqual([{ id: 'c0r0', onBoundary: false }]);
  });

  it('answers for one item', () => {
    expect(index.contains('c1r1', 1.5, 1.5)).toBe(true);
    expect(index.contains('c1r1', 1, 1)).toBe(true);
    expect(index.contains('c1r1', 0.5, 1.5)).toBe(false);
    expect(index.contains('nowhere', 1.5, 1.5)).toBe(false);
  });

  it('knows its size, ids and bbox', () => {
    expect(index.size).toBe(9);
    expect(index.ids).toEqual(board.map((b) => b.id));
    expect(index.bbox).toEqual([0, 0, 3, 3]);
  });

  it('keeps the order items were given, not their ids’', () => {
    const reversed = createSpatialIndex([...board].reverse());
    expect(reversed.containing(1, 1)).toEqual(['c1r1', 'c0r1', 'c1r0', 'c0r0']);
  });

  it('is empty when given nothing', () => {
    const empty = createSpatialIndex([]);
    expect(empty.size).toBe(0);
    expect(empty.bbox).toBeUndefined();
    expect(empty.containing(0, 0)).toEqual([]);
  });

  describe('holes, enclaves and parts', () => {
    const donut: SpatialIndexItem = { id: 'donut', geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] } };
    const enclave: SpatialIndexItem = { id: 'enclave', geometry: box(4, 4, 6, 6) };
    const islands: SpatialIndexItem = { id: 'islands', geometry: { type: 'MultiPolygon', coordinates: [[square(20, 0, 21, 1)], [square(30, 0, 31, 1)], [square(30.5, 0, 32, 1)]] } };
    const enclaves = createSpatialIndex([donut, enclave, islands]);

    it('gives a point in a hole to the enclave that fills it', () => expect(enclaves.containing(5, 5)).toEqual(['enclave']));
    it('gives the hole’s edge to both', () => expect(enclaves.locate(4, 5)).toEqual([{ id: 'donut', onBoundary: true }, { id: 'enclave', onBoundary: true }]));
    it('finds every part of a multipolygon', () => {
      expect(enclaves.containing(20.5, 0.5)).toEqual(['islands']);
      expect(enclaves.containing(30.2, 0.5)).toEqual(['islands']);
      expect(enclaves.containing(25, 0.5)).toEqual([]);
    });
    it('counts an item once where its parts overlap, inside winning over boundary', () => {
      expect(enclaves.containing(30.75, 0.5)).toEqual(['islands']);
      expect(enclaves.locate(30.5, 0.5)).toEqual([{ id: 'islands', onBoundary: false }]);
      expect(enclaves.locate(32, 0.5)).toEqual([{ id: 'islands', onBoundary: true }]);
    });
  });

  describe('checks its input', () => {
    const refusal = (items: unknown[]): AppError => {
      try {
        createSpatialIndex(items as SpatialIndexItem[]);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).kind).toBe('invalid');
        return err as AppError;
      }
      throw new Error('expected an AppError');
    };
    it('refuses an id given twice', () => expect(refusal([{ id: 'a', geometry: box(0, 0, 1, 1) }, { id: 'a', geometry: box(1, 0, 2, 1) }]).field).toBe('items[1].id'));
    it('refuses a missing id', () => expect(refusal([{ geometry: box(0, 0, 1, 1) }]).field).toBe('items[0].id'));
    it('refuses a bad geometry, naming the item', () => {
      const err = refusal([{ id: 'a', geometry: box(0, 0, 1, 1) }, { id: 'b', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 91], [0, 0]]] } }]);
      expect(err.field).toBe('items[1].geometry.coordinates[0][2]');
      expect(err.message).toContain('latitude 91');
    });
    it('refuses a geometry that is not polygonal', () => expect(refusal([{ id: 'a', geometry: { type: 'Point', coordinates: [0, 0] } }]).field).toBe('items[0].geometry.type'));
  });

  it('answers as testing every polygon would, on overlapping random polygons', () => {
    const random = mulberry32(5);
    const snap = (v: number) => Math.round(v * 256) / 256;
    const items: SpatialIndexItem[] = Array.from({ length: 40 }, (_, k) => {
      const parts = Array.from({ length: 1 + (k % 3) }, () => {
        const [cx, cy] = [random() * 10, random() * 10];
        const n = 3 + Math.floor(random() * 300);
        const ring: Position[] = Array.from({ length: n }, (_, i) => {
          const r = 0.5 + random() * 2;
          return [snap(cx + r * Math.cos((2 * Math.PI * i) / n)), snap(cy + r * Math.sin((2 * Math.PI * i) / n))];
        });
        return [[...ring, ring[0]!]];
      });
      return { id: `p${k}`, geometry: { type: 'MultiPolygon', coordinates: parts } satisfies MultiPolygon };
    });
    const probes: [number, number][] = [];
    for (const item of items) for (const rings of (item.geometry as MultiPolygon).coordinates) for (const [x, y] of rings[0]!.slice(0, 20)) probes.push([x!, y!]);
    for (let i = 0; i < 6_000; i++) probes.push(i % 2 ? [random() * 14 - 2, random() * 14 - 2] : [snap(random() * 14 - 2), snap(random() * 14 - 2)]);
    const expected = probes.map(([x, y]) =>
      JSON.stringify(
        items.flatMap((item) => {
          const where = pointLocation(x, y, item.geometry);
          return where === 'outside' ? [] : [{ id: item.id, onBoundary: where === 'boundary' }];
        }),
      ),
    );
    expect(expected.filter((e) => e.includes('true')).length).toBeGreaterThan(200);
    expect(expected.filter((e) => e.includes('},{')).length).toBeGreaterThan(200);
    for (const options of [{}, { edgesPerBand: 1, nodeSize: 4 }, { edgesPerBand: Infinity }]) {
      const locator = createSpatialIndex(items, options);
      const mismatches = probes.filter(([x, y], i) => JSON.stringify(locator.locate(x, y)) !== expected[i]);
      expect(mismatches).toEqual([]);
    }
  });

  describe('on real boundaries (Beijing, Tianjin, Langfang from echarts 4.9.0)', () => {
    const fixture = JSON.parse(readFileSync(new URL('./test/in/beijing-tianjin-langfang.json', import.meta.url), 'utf8')) as {
      features: { properties: { code: string }; geometry: MultiPolygon }[];
    };
    const items = fixture.features.map((f) => ({ id: f.properties.code, geometry: f.geometry }));
    const cities = createSpatialIndex(items);

    it('locates the cities and Langfang’s exclave', () => {
      expect(cities.containing(116.3975, 39.9087)).toEqual(['110000']);
      expect(cities.containing(117.2, 39.13)).toEqual(['120000']);
      expect(cities.containing(116.7, 39.52)).toEqual(['131000']);
      // Sanhe, in the "three northern counties" between Beijing and Tianjin.
      expect(cities.containing(117.07, 39.98)).toEqual(['131000']);
      expect(cities.containing(115.0, 41.0)).toEqual([]);
    });

    it('puts every vertex two cities share in both', () => {
      const vertices = items.map((i) => new Set(i.geometry.coordinates.flat(2).map((p) => `${p[0]},${p[1]}`)));
      const byId = Object.fromEntries(items.map((item, i) => [item.id, vertices[i]!]));
      const shared = [...byId['110000']!].filter((v) => byId['131000']!.has(v));
      expect(shared.length).toBeGreaterThan(10);
      for (const v of shared) {
        const [x, y] = v.split(',').map(Number);
        const expected = items.filter((_, i) => vertices[i]!.has(v)).map((item) => ({ id: item.id, onBoundary: true }));
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(cities.locate(x!, y!)).toEqual(expected);
      }
    });

    it('agrees with testing each city on 20,000 random points', () => {
      const random = mulberry32(9);
      const [x0, y0, x1, y1] = cities.bbox!;
      let mismatches = 0;
      for (let i = 0; i < 20_000; i++) {
        const x = x0 + random() * (x1 - x0);
        const y = y0 + random() * (y1 - y0);
        const expected = items.filter((item) => pointLocation(x, y, item.geometry) !== 'outside').map((item) => item.id);
        if (cities.containing(x, y).join() !== expected.join()) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  });
});
