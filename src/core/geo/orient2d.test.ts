import { describe, expect, it } from 'vitest';
import { orient2d, orient2dExact } from './orient2d.js';
import { mulberry32 } from './seeded-random.js';

describe('orient2d', () => {
  it('is 1 counter-clockwise, -1 clockwise, 0 collinear', () => {
    expect(orient2d(0, 0, 1, 0, 0, 1)).toBe(1);
    expect(orient2d(0, 0, 1, 0, 0, -1)).toBe(-1);
    expect(orient2d(0, 0, 1, 1, 2, 2)).toBe(0);
    expect(orient2d(0, 0, 0, 0, 5, 7)).toBe(0);
  });

  // Kettner et al., "Classroom examples of robustness problems in geometric computations" (2008): p near the line y = x.
  it('is exact where naive arithmetic gets the sign wrong', () => {
    const ulp = 2 ** -53;
    let naiveWrong = 0;
    let wrong = 0;
    for (let i = 0; i < 256; i++) {
      for (let j = 0; j < 256; j++) {
        const px = 0.5 + i * ulp;
        const py = 0.5 + j * ulp;
        const expected = Math.sign(py - px);
        const naive = Math.sign((12 - px) * (24 - py) - (12 - py) * (24 - px));
        if (naive !== expected) naiveWrong++;
        if (orient2d(12, 12, 24, 24, px, py) !== expected) wrong++;
      }
    }
    expect(naiveWrong).toBeGreaterThan(1000);
    expect(wrong).toBe(0);
  });

  it('agrees with exact integer arithmetic on random and nearly collinear points', () => {
    const random = mulberry32(7);
    let wrong = 0;
    for (let k = 0; k < 20_000; k++) {
      const [ax, ay, bx, by] = [random() * 360 - 180, random() * 180 - 90, random() * 360 - 180, random() * 180 - 90];
      const t = random();
      const cx = k % 2 ? ax + t * (bx - ax) : random() * 360 - 180;
      const cy = k % 2 ? ay + t * (by - ay) : random() * 180 - 90;
      if (orient2d(ax, ay, bx, by, cx, cy) !== orient2dExact(ax, ay, bx, by, cx, cy)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('reads negative, tiny and subnormal coordinates exactly', () => {
    expect(orient2dExact(-1, -1, 1, 1, 5e-324, 0)).toBe(-1);
    expect(orient2dExact(-1, -1, 1, 1, 0, 5e-324)).toBe(1);
    expect(orient2dExact(-180, -90, 180, 90, 0, 0)).toBe(0);
  });
});
