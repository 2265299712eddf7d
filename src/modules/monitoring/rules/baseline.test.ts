import { describe, expect, it } from 'vitest';
import { brief, engineFor, feed, HOUR, MIN, T0 } from './fixtures.js';

// A water main's pressure: 0.30 MPa with a little noise, one reading a minute.
const normal = (n: number, seed = 1) => Array.from({ length: n }, (_, i) => 0.3 + 0.002 * Math.sin(i * 0.7 + seed));

const drop = (extra: Record<string, unknown> = {}) =>
  engineFor({
    kind: 'baseline',
    metric: 'm',
    method: 'percent',
    direction: 'below',
    windowHours: 24,
    bucketMinutes: 5,
    warmupHours: 6,
    levels: [
      { severity: 'minor', raise: 10, clear: 5 },
      { severity: 'major', raise: 20, clear: 15 },
    ],
    ...extra,
  });

describe('baseline deviation', () => {
  it('raises on a percentage drop against the asset’s own mean, level by level', () => {
    const e = drop();
    expect(feed(e, normal(8 * 60))).toEqual([]);
    const s = feed(e, [0.275, 0.265, 0.23, 0.3], { start: T0 + 8 * HOUR });
    expect(brief(s, T0 + 8 * HOUR)).toEqual(['raise:minor@1', 'update:major@2', 'clear:major@3']);
    expect(s[1]!.details.baseline as number).toBeCloseTo(0.3, 3);
    expect(s[1]!.details.deviation as number).toBeCloseTo(23.3, 0);
  });

  it('does not judge before the warm-up is covered', () => {
    const e = drop();
    // Five hours of data, then a 50% drop: the baseline is not ready (6 h warm-up).
    feed(e, normal(5 * 60));
    expect(feed(e, [0.15], { start: T0 + 5 * HOUR })).toEqual([]);
    // One more hour and a bit: ready.
    feed(e, normal(70), { start: T0 + 5 * HOUR + MIN });
    expect(brief(feed(e, [0.15], { start: T0 + 7 * HOUR }), T0 + 7 * HOUR)).toEqual(['raise:major@0']);
  });

  it('freezes the baseline while an alarm is active, so a lasting leak stays an alarm', () => {
    const e = drop({ updateEverySeconds: 86_400 });
    feed(e, normal(8 * 60));
    const leak = feed(e, Array.from({ length: 20 * 60 }, () => 0.22), { start: T0 + 8 * HOUR });
    expect(brief(leak, T0 + 8 * HOUR)).toEqual(['raise:major@0']);
  });

  it('without freezing, a lasting change becomes the new normal and clears', () => {
    const e = drop({ freezeWhileActive: false, updateEverySeconds: 86_400 });
    feed(e, normal(8 * 60));
    const s = feed(e, Array.from({ length: 30 * 60 }, () => 0.22), { start: T0 + 8 * HOUR });
    expect(s.map((x) => x.kind)).toEqual(['raise', 'update', 'clear']);
  });

  it('z-score: k·σ around the rolling mean, with a floor under σ', () => {
    const e = engineFor({ kind: 'baseline', metric: 'm', method: 'zscore', direction: 'above', windowHours: 2, bucketMinutes: 10, minSigma: 0.01, levels: [{ raise: 3, clear: 2 }] });
    feed(e, normal(2 * 60));
    // σ of the noise ≈ 0.0014 < floor 0.01: 0.329 is 2.9 floors above, 0.331 is 3.1.
    expect(feed(e, [0.329], { start: T0 + 2 * HOUR })).toEqual([]);
    expect(brief(feed(e, [0.331], { start: T0 + 2 * HOUR + MIN }), T0 + 2 * HOUR)).toEqual(['raise:major@1']);
  });

  it('either: outside mean ± k·σ on both sides', () => {
    const make = () => engineFor({ kind: 'baseline', metric: 'm', method: 'zscore', direction: 'either', windowHours: 2, bucketMinutes: 10, minSigma: 0.01, levels: [{ raise: 3, clear: 2 }] });
    for (const [v, raised] of [[0.331, true], [0.269, true], [0.329, false], [0.271, false]] as const) {
      const e = make();
      feed(e, normal(2 * 60));
      expect(feed(e, [v], { start: T0 + 2 * HOUR }).length > 0, String(v)).toBe(raised);
    }
  });

  it('ignores readings older than the last one judged', () => {
    const e = drop();
    feed(e, normal(8 * 60));
    expect(feed(e, [0.1], { start: T0 + 60 * MIN })).toEqual([]);
    expect(e.stats().ignored).toBe(1);
  });
});
