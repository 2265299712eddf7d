import { describe, expect, it } from 'vitest';
import type { Position, Ring } from './geometry.js';
import { polygonProblems } from './polygon-validity.js';

const ccw = (x: number, y: number, size: number): Ring => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const cw = (x: number, y: number, size: number): Ring => [...ccw(x, y, size)].reverse();

describe('polygonProblems', () => {
  it('finds nothing wrong with a square, a square with a hole, or two separate squares', () => {
    expect(polygonProblems([[ccw(0, 0, 10)]])).toEqual([]);
    expect(polygonProblems([[ccw(0, 0, 10), cw(2, 2, 2)]])).toEqual([]);
    expect(polygonProblems([[ccw(0, 0, 1)], [ccw(2, 0, 1)]])).toEqual([]);
  });

  it('finds a bow-tie crossing itself', () => {
    const bowTie: Ring = [[0, 0], [4, 4], [4, 0], [0, 2], [0, 0]];
    expect(polygonProblems([[bowTie]]).join()).toMatch(/crosses itself/);
  });

  it('finds a ring that touches itself at a vertex', () => {
    const pinched: Ring = [[0, 0], [4, 0], [2, 2], [4, 4], [0, 4], [2, 2], [0, 0]];
    expect(polygonProblems([[pinched]]).join()).toMatch(/touches itself/);
  });

  it('finds a spike that doubles back', () => {
    const spike: Ring = [[0, 0], [4, 0], [6, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    expect(polygonProblems([[spike]]).join()).toMatch(/doubles back|touches itself/);
  });

  it('wants rings closed, with four positions and no repeats', () => {
    expect(polygonProblems([[[[0, 0], [1, 0], [1, 1], [0, 1]]]]).join()).toMatch(/not closed/);
    expect(polygonProblems([[[[0, 0], [1, 0], [0, 0]]]]).join()).toMatch(/at least 4/);
    expect(polygonProblems([[[[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]]]]).join()).toMatch(/repeats/);
  });

  it('wants the RFC 7946 winding', () => {
    expect(polygonProblems([[cw(0, 0, 10)]]).join()).toMatch(/clockwise/);
    expect(polygonProblems([[ccw(0, 0, 10), ccw(2, 2, 2)]]).join()).toMatch(/hole is counter-clockwise/);
  });

  it('allows a hole to touch its shell at one point, not at two', () => {
    const oneTouch: Ring = [[0, 5], [3, 4], [3, 6], [0, 5]].reverse() as Position[];
    expect(polygonProblems([[ccw(0, 0, 10), oneTouch]])).toEqual([]);
    const twoTouches: Ring = [[0, 5], [5, 0], [5, 5], [0, 5]].reverse() as Position[];
    expect(polygonProblems([[ccw(0, 0, 10), twoTouches]]).join()).toMatch(/touch at 2 points/);
  });

  it('finds holes outside their shell or inside each other, and overlapping parts', () => {
    expect(polygonProblems([[ccw(0, 0, 10), cw(20, 20, 2)]]).join()).toMatch(/outside its shell/);
    expect(polygonProblems([[ccw(0, 0, 10), cw(1, 1, 8), cw(2, 2, 2)]]).join()).toMatch(/inside hole/);
    expect(polygonProblems([[ccw(0, 0, 10)], [ccw(2, 2, 2)]]).join()).toMatch(/overlaps/);
    expect(polygonProblems([[ccw(0, 0, 10)], [ccw(5, 5, 10)]]).join()).toMatch(/cross/);
  });

  it('accepts a part inside another part’s hole', () => {
    expect(polygonProblems([[ccw(0, 0, 10), cw(2, 2, 6)], [ccw(4, 4, 1)]])).toEqual([]);
  });

  it('checks on the 6-decimal grid and says when a position is off it', () => {
    expect(polygonProblems([[ccw(116.123456, 39.5, 0.000001)]])).toEqual([]);
    expect(polygonProblems([[ccw(116.1234567, 39.5, 0.1)]]).join()).toMatch(/off the grid of 1\/1000000/);
  });
});
