import { describe, expect, it } from 'vitest';
import { brief, engineFor, feed, MIN, reading, T0 } from './fixtures.js';

// Methane rising by at least 2 %LEL per minute over the last 5 minutes (clear below 1).
const rising = (extra: Record<string, unknown> = {}) =>
  engineFor({ kind: 'rate', metric: 'm', direction: 'rise', per: 'minute', windowSeconds: 300, levels: [{ raise: 2, clear: 1 }], ...extra });

describe('rate of change', () => {
  it('measures the least-squares slope per minute and raises on it', () => {
    const s = feed(rising(), [0, 2, 4, 6, 8]);
    // The window needs 3 points spanning 150 s: judged from minute 3 on, slope exactly 2/min.
    expect(brief(s)).toEqual(['raise:major@3']);
    expect(s[0]!.value).toBeCloseTo(2, 9);
  });

  it('does not raise just below the rate, nor before the window holds enough data', () => {
    expect(brief(feed(rising(), [0, 1.99, 3.98, 5.97, 7.96]))).toEqual([]);
    expect(brief(feed(rising({ minPoints: 6 }), [0, 3, 6, 9, 12]))).toEqual([]);
  });

  it('clears when the rise slows below the clear rate, with the window sliding', () => {
    const values = [0, 2, 4, 6, 8, 10, 10, 10, 10, 10, 10, 10];
    expect(brief(feed(rising(), values))).toEqual(['raise:major@3', 'clear:major@8']);
  });

  it('per hour, and falling', () => {
    const e = engineFor({ kind: 'rate', metric: 'm', direction: 'fall', per: 'hour', windowSeconds: 3600, levels: [{ raise: 0.1 }] });
    // 0.002 MPa per minute = 0.12 MPa per hour downwards.
    const s = feed(e, Array.from({ length: 40 }, (_, i) => 0.4 - 0.002 * i));
    expect(brief(s)[0]).toBe('raise:major@30');
    expect(s[0]!.value).toBeCloseTo(0.12, 9);
  });

  it('takes a late reading into the window where it belongs and ignores a duplicate', () => {
    const e = rising();
    const s = e.evaluateBatch([reading(T0, 0), reading(T0 + 2 * MIN, 4), reading(T0 + 3 * MIN, 6), reading(T0 + MIN, 2), reading(T0 + MIN, 2)]);
    // Without the late point the window spans 180 s with 3 points: raised at minute 3 already; the late one keeps slope 2.
    expect(brief(s)).toEqual(['raise:major@3']);
    expect(e.stats().ignored).toBe(1);
  });

  it('stays exact over a long run (the anchor follows the window)', () => {
    const e = rising({ windowSeconds: 120, minSpanSeconds: 60 });
    const values = Array.from({ length: 5000 }, (_, i) => 1e4 + (i % 100 < 50 ? 3 * i : 0));
    const s = feed(e, values, { stepMs: 10_000 });
    expect(s.filter((x) => x.kind === 'raise').length).toBe(s.filter((x) => x.kind === 'clear').length);
    expect(s.filter((x) => x.kind === 'raise').length).toBeGreaterThan(40);
  });
});
