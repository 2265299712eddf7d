import { describe, expect, it } from 'vitest';
import { newLadder, setLevel, stepLadder, type Thresholds } from './ladder.js';

const th: Thresholds = { sign: 1, raise: [10, 20], clear: [8, 18] };
const below: Thresholds = { sign: -1, raise: [5], clear: [6] };

function run(values: [ts: number, x: number][], t = th, forMs = 0, clearForMs = 0): number[] {
  const st = newLadder(t.raise.length);
  return values.map(([ts, x]) => stepLadder(st, ts, x, t, forMs, clearForMs));
}

describe('the level ladder', () => {
  it('raises at the raise value and holds down to the clear value', () => {
    expect(run([[0, 9.99], [1, 10], [2, 8], [3, 7.99]])).toEqual([-1, 0, 0, -1]);
  });

  it('with a falling sign: raised at or below raise, held at or below clear', () => {
    expect(run([[0, 5.01], [1, 5], [2, 6], [3, 6.01]], below)).toEqual([-1, 0, 0, -1]);
  });

  it('takes the highest level met at once, and comes down one hysteresis at a time', () => {
    expect(run([[0, 25], [1, 17.9], [2, 8], [3, 7.9]])).toEqual([1, 0, 0, -1]);
  });

  it('needs forMs of continuous condition to rise, clearForMs of continuous failure to fall', () => {
    expect(run([[0, 12], [5, 12], [9, 12], [10, 12], [11, 1], [15, 1], [16, 12], [20, 1], [29, 1], [30, 1]], th, 10, 10)).toEqual([-1, -1, -1, 0, 0, 0, 0, 0, 0, -1]);
  });

  it('rises to a higher level only after its own duration, while the lower one is held', () => {
    expect(run([[0, 25], [10, 25], [15, 25], [20, 25]], th, 10, 0)).toEqual([-1, 1, 1, 1]);
    expect(run([[0, 12], [10, 25], [15, 25], [20, 25]], th, 10, 0)).toEqual([-1, 0, 0, 1]);
  });

  it('meets no condition with NaN (not enough data): nothing is raised, an active level is let go', () => {
    expect(run([[0, NaN], [1, 12], [2, NaN]])).toEqual([-1, 0, -1]);
  });

  it('takes one measure per level (window sums)', () => {
    const st = newLadder(2);
    expect(stepLadder(st, 0, [10, 19], th, 0, 0)).toBe(0);
    expect(stepLadder(st, 1, [0, 20], th, 0, 0)).toBe(1);
  });

  it('setLevel sets a level outright and resets the clocks', () => {
    const st = newLadder(2);
    stepLadder(st, 0, 12, th, 10, 0);
    expect(st.since).toEqual([0, null]);
    setLevel(st, 1);
    expect(st).toEqual({ level: 1, since: [null, null] });
  });
});
