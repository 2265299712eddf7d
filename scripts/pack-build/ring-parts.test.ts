import { describe, expect, it } from 'vitest';
import type { Position } from './geometry.js';
import { splitRingsIntoParts } from './ring-parts.js';

const square = (x: number, y: number, size: number): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('splitRingsIntoParts', () => {
  it('makes two rings side by side two parts, not a polygon with a hole', () => {
    const parts = splitRingsIntoParts([square(0, 0, 2), square(5, 0, 1)]);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length === 1)).toBe(true);
  });

  it('keeps a ring inside a ring as a hole of that part', () => {
    const parts = splitRingsIntoParts([square(2, 2, 2), square(0, 0, 10)]);
    expect(parts).toEqual([[square(0, 0, 10), square(2, 2, 2)]]);
  });

  it('makes an island inside a hole a part again', () => {
    const parts = splitRingsIntoParts([square(0, 0, 10), square(2, 2, 6), square(4, 4, 1)]);
    expect(parts).toEqual([[square(0, 0, 10), square(2, 2, 6)], [square(4, 4, 1)]]);
  });

  it('counts a ring touching its container at a vertex as inside', () => {
    const triangle: Position[] = [[0, 0], [3, 1], [1, 3], [0, 0]];
    const parts = splitRingsIntoParts([square(0, 0, 10), triangle]);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toHaveLength(2);
  });

  it('closes open rings and drops rings without area', () => {
    const open: Position[] = [[0, 0], [1, 0], [1, 1]];
    const flat: Position[] = [[0, 0], [1, 0], [2, 0], [0, 0]];
    expect(splitRingsIntoParts([open, flat])).toEqual([[[[0, 0], [1, 0], [1, 1], [0, 0]]]]);
  });
});
