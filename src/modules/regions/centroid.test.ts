import { describe, expect, it } from 'vitest';
import { centroidOf } from './centroid.js';

describe('centroid', () => {
  it('of a square is its middle', () => {
    expect(centroidOf({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] })).toEqual([1, 1]);
  });
  it('of two equal squares is between them', () => {
    const c = centroidOf({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[3, 0], [4, 0], [4, 1], [3, 1], [3, 0]]]] });
    expect(c[0]).toBeCloseTo(2, 12);
    expect(c[1]).toBeCloseTo(0.5, 12);
  });
  it('moves away from a hole', () => {
    const c = centroidOf({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]] });
    // 16 − 4 = 12: (16·(2,2) − 4·(1,1)) / 12 = (2.333…, 2.333…)
    expect(c[0]).toBeCloseTo(7 / 3, 12);
    expect(c[1]).toBeCloseTo(7 / 3, 12);
  });
});
