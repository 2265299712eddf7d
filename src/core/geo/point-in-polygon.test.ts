import { describe, expect, it } from 'vitest';
import { orient2dExact } from './orient2d.js';
import { pointInPolygon, pointLocation } from './point-in-polygon.js';
import { mulberry32 } from './seeded-random.js';
import type { MultiPolygon, Polygon, Position } from './types.js';

const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const unit = polygon(square(0, 0, 1, 1));

describe('pointLocation', () => {
  it.each([
    [0.5, 0.5, 'inside'],
    [1e-12, 0.5, 'inside'],
    [1.5, 0.5, 'outside'],
    [-0.5, 0.5, 'outside'],
    [0.5, 1.5, 'outside'],
    [0.5, -1e-300, 'outside'],
  ] as const)('(%s, %s) is %s the unit square', (x, y, where) => expect(pointLocation(x, y, unit)).toBe(where));

  it.each([
    [0.5, 0],
    [1, 0.5],
    [0.5, 1],
    [0, 0.5],
  ])('(%s, %s) on an edge is on the boundary', (x, y) => expect(pointLocation(x, y, unit)).toBe('boundary'));

  it.each([
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ])('(%s, %s) on a vertex is on the boundary', (x, y) => expect(pointLocation(x, y, unit)).toBe('boundary'));

  it('does not take the line through an edge for the edge', () => {
    for (const [x, y] of [[2, 0], [-1, 0], [2, 1], [0, 2], [1, -1], [1, 2]] as const) expect(pointLocation(x, y, unit)).toBe('outside');
  });

  it('counts a ray through a vertex once', () => {
    const diamond = polygon([[0, -1], [1, 0], [0, 1], [-1, 0], [0, -1]]);
    expect(pointLocation(-0.5, 0, diamond)).toBe('inside');
    expect(pointLocation(0, 0, diamond)).toBe('inside');
    expect(pointLocation(-2, 0, diamond)).toBe('outside');
    expect(pointLocation(-2, 1, diamond)).toBe('outside');
    expect(pointLocation(-2, -1, diamond)).toBe('outside');
    expect(pointLocation(0.5, 0.5, diamond)).toBe('boundary');
  });

  it('handles horizontal edges on the ray', () => {
    // An L: the ray along y = 1 runs along the edge (2,1)–(1,1).
    const l = polygon([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]);
    expect(pointLocation(0.5, 1, l)).toBe('inside');
    expect(pointLocation(1.5, 1, l)).toBe('boundary');
    expect(pointLocation(1, 1, l)).toBe('boundary');
    expect(pointLocation(2, 1, l)).toBe('boundary');
    expect(pointLocation(2.5, 1, l)).toBe('outside');
    expect(pointLocation(-0.5, 1, l)).toBe('outside');
    expect(pointLocation(1.5, 1.5, l)).toBe('outside');
    expect(pointLocation(0.5, 1.5, l)).toBe('inside');
    // A saw-tooth top: rays along y = 2 touch three vertices and two flat stretches.
    const saw = polygon([[0, 0], [6, 0], [6, 2], [5, 2], [4, 3], [3, 2], [2, 2], [1, 3], [0, 2], [0, 0]]);
    expect(pointLocation(-1, 2, saw)).toBe('outside');
    expect(pointLocation(0.5, 2, saw)).toBe('inside');
    expect(pointLocation(2.5, 2, saw)).toBe('boundary');
    expect(pointLocation(3.5, 2, saw)).toBe('inside');
    expect(pointLocation(7, 2, saw)).toBe('outside');
    expect(pointLocation(2, 2.5, saw)).toBe('outside');
  });

  describe('holes', () => {
    const donut = polygon(square(0, 0, 10, 10), square(4, 4, 6, 6));
    it('a point in a hole is outside', () => expect(pointLocation(5, 5, donut)).toBe('outside'));
    it('a point between the rings is inside', () => expect(pointLocation(2, 5, donut)).toBe('inside'));
    it('a point on the edge or a vertex of a hole is on the boundary', () => {
      expect(pointLocation(4, 5, donut)).toBe('boundary');
      expect(pointLocation(6, 6, donut)).toBe('boundary');
      expect(pointInPolygon(5, 4, donut)).toBe(true);
    });
    it('does not care which way a hole winds', () => {
      const reversed = polygon(square(0, 0, 10, 10), [...square(4, 4, 6, 6)].reverse());
      for (const [x, y] of [[5, 5], [2, 5], [4, 5]] as const) expect(pointLocation(x, y, reversed)).toBe(pointLocation(x, y, donut));
    });
  });

  describe('multipolygons', () => {
    const two: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(2, 0, 3, 1), square(2.25, 0.25, 2.75, 0.75)]] };
    it('contains a point in any part', () => {
      expect(pointLocation(0.5, 0.5, two)).toBe('inside');
      expect(pointLocation(2.1, 0.5, two)).toBe('inside');
    });
    it('does not contain a point between parts or in a part’s hole', () => {
      expect(pointLocation(1.5, 0.5, two)).toBe('outside');
      expect(pointLocation(2.5, 0.5, two)).toBe('outside');
    });
    it('has the boundaries of all parts and their holes', () => {
      expect(pointLocation(3, 1, two)).toBe('boundary');
      expect(pointLocation(2.25, 0.5, two)).toBe('boundary');
    });
    it('is inside where parts touch at a vertex', () => {
      const touching: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(1, 1, 2, 2)]] };
      expect(pointLocation(1, 1, touching)).toBe('boundary');
      expect(pointLocation(1.5, 0.5, touching)).toBe('outside');
    });
  });

  describe('a shared edge between neighbours', () => {
    // Two triangles split a rectangle along the diagonal (0,0)–(3,1).
    const below = polygon([[0, 0], [3, 0], [3, 1], [0, 0]]);
    const above = polygon([[0, 0], [3, 1], [0, 1], [0, 0]]);

    it('puts a point exactly on it in both', () => {
      expect(pointLocation(1.5, 0.5, below)).toBe('boundary');
      expect(pointLocation(1.5, 0.5, above)).toBe('boundary');
      expect(pointLocation(0, 0, above)).toBe('boundary');
    });

    it('leaves no gap and no overlap for points beside it', () => {
      const random = mulberry32(3);
      let onEdge = 0;
      for (let k = 0; k < 5000; k++) {
        const x = random() * 3;
        const y = x / 3; // rounded: usually just beside the edge, now and then exactly on it
        const a = pointLocation(x, y, below);
        const b = pointLocation(x, y, above);
        const exactlyOn = orient2dExact(0, 0, 3, 1, x, y) === 0;
        if (exactlyOn) onEdge++;
        expect([a, b].sort()).toEqual(exactlyOn ? ['boundary', 'boundary'] : ['inside', 'outside']);
      }
      expect(onEdge).toBeGreaterThan(0);
    });
  });

  describe('degenerate input', () => {
    it('an empty polygon contains nothing', () => {
      expect(pointLocation(0, 0, polygon())).toBe('outside');
      expect(pointLocation(0, 0, { type: 'MultiPolygon', coordinates: [] })).toBe('outside');
    });
    it('an unclosed ring is read as closed', () => {
      expect(pointLocation(0.5, 0.5, polygon([[0, 0], [1, 0], [1, 1], [0, 1]]))).toBe('inside');
      expect(pointLocation(0, 0.5, polygon([[0, 0], [1, 0], [1, 1], [0, 1]]))).toBe('boundary');
    });
    it('a ring without area has only its boundary', () => {
      const flat = polygon([[0, 0], [2, 2], [1, 1], [0, 0]]);
      expect(pointLocation(0.5, 0.5, flat)).toBe('boundary');
      expect(pointLocation(0.5, 0.6, flat)).toBe('outside');
      const dot = polygon([[1, 1], [1, 1], [1, 1], [1, 1]]);
      expect(pointLocation(1, 1, dot)).toBe('boundary');
      expect(pointLocation(1, 1.5, dot)).toBe('outside');
    });
    it('ignores repeated vertices and altitudes', () => {
      const repeated = polygon([[0, 0, 50], [0, 0, 50], [1, 0, 50], [1, 1, 50], [1, 1, 50], [0, 1, 50], [0, 0, 50]]);
      expect(pointLocation(0.5, 0.5, repeated)).toBe('inside');
      expect(pointLocation(1, 0.5, repeated)).toBe('boundary');
    });
    it('a bow tie is read even-odd', () => {
      const bowTie = polygon([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]);
      expect(pointLocation(0.2, 1, bowTie)).toBe('inside');
      expect(pointLocation(1, 0.2, bowTie)).toBe('outside');
      expect(pointLocation(1, 1, bowTie)).toBe('boundary');
    });
    it('a non-finite point is outside', () => {
      expect(pointLocation(Number.NaN, 0.5, unit)).toBe('outside');
      expect(pointLocation(0.5, Number.POSITIVE_INFINITY, unit)).toBe('outside');
    });
  });
});
