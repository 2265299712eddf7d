import { describe, expect, it } from 'vitest';
import { cmaRainstormLevel, cmaRainstormRuleLevels, cmaRainstormTable } from './cma-rainstorm.js';
import { engineFor, feed, HOUR, MIN, reading, T0 } from './fixtures.js';

const severityOf = { blue: 'warning', yellow: 'minor', orange: 'major', red: 'critical' } as const;
const gauge = (extra: Record<string, unknown> = {}) => engineFor({ kind: 'window-sum', metric: 'm', levels: cmaRainstormRuleLevels(severityOf), ...extra });
const STEP = 5 * MIN;

// `mm` over `hours` in 5-minute totals of whole 0.1 mm, as a gauge reports them (each total ends at its timestamp).
function rain(mm: number, hours: number, start = T0): { ts: number; v: number }[] {
  const n = (hours * 60) / 5;
  const tenths = Math.round(mm * 10);
  return Array.from({ length: n }, (_, i) => ({ ts: start + (i + 1) * STEP, v: (Math.floor(tenths / n) + (i < tenths % n ? 1 : 0)) / 10 }));
}
const run = (e: ReturnType<typeof gauge>, xs: { ts: number; v: number }[]) => e.evaluateBatch(xs.map((x) => reading(x.ts, x.v)));

describe('the CMA rainstorm table (CMA Order No. 16, 2007, annex)', () => {
  it.each(cmaRainstormTable.map((c) => [c.level, c.mm, c.windowHours] as const))('%s: %d mm in %d h, as a rolling window at its boundary', (level, mm, hours) => {
    // Exactly the amount over exactly the window: the level is met …
    const at = run(gauge(), rain(mm, hours));
    expect(at.at(-1)!.details.level).toBe(level);
    expect(at.at(-1)!.severity).toBe(severityOf[level]);
    // … and 0.1 mm less is not (the highest level met is a lower one, or none).
    const below = run(gauge(), rain(mm - 0.1, hours)).at(-1);
    expect(below?.details.level ?? null).not.toBe(level);
  });

  it.each([
    [{ h3: 100, h6: 100, h12: 100 }, 'red'],
    [{ h3: 99.9, h6: 99.9, h12: 99.9 }, 'orange'],
    [{ h3: 50, h6: 50, h12: 50 }, 'orange'],
    [{ h3: 49.9, h6: 50, h12: 50 }, 'yellow'],
    [{ h3: 30, h6: 49.9, h12: 50 }, 'blue'],
    [{ h3: 30, h6: 40, h12: 49.9 }, null],
  ])('the highest level met wins: %o → %s', (sums, level) => {
    expect(cmaRainstormLevel(sums)).toBe(level);
  });
});

describe('rolling-window sums', () => {
  it('escalates through the colours as a storm goes on, and falls back as the windows slide', () => {
    // 1.5 mm every 5 minutes (18 mm/h) for 6 hours: 51 mm in 3 h after 170 minutes (orange).
    const s = run(gauge(), [...rain(108, 6), ...Array.from({ length: 150 }, (_, i) => ({ ts: T0 + 6 * HOUR + (i + 1) * STEP, v: 0 }))]);
    expect(s[0]!.kind).toBe('raise');
    expect(s[0]!.ts).toBe(T0 + 170 * MIN);
    expect(s[0]!.value).toBe(51);
    // Orange while it rains (the 3-hour sum peaks at 54 mm: never red), then yellow, blue, and clear as the windows slide past.
    const steps = s.map((x) => `${x.kind === 'update' ? 'level' : x.kind}:${String(x.details.level)}`).filter((x, i, all) => x !== all[i - 1]);
    expect(steps).toEqual(['raise:orange', 'level:orange', 'level:yellow', 'level:blue', 'clear:null']);
  });

  it('is exact at the boundary: 36 totals of 1.3–1.4 mm in 3 h make 50.0 mm, not 49.99999', () => {
    expect(rain(50, 3).reduce((a, x) => a + x.v, 0)).not.toBe(50);
    const s = run(gauge(), rain(50, 3));
    expect(s.map((x) => x.kind)).toEqual(['raise']);
    expect(s[0]!.value).toBe(50);
    expect(s[0]!.ts).toBe(T0 + 3 * HOUR);
  });

  it('a reading exactly one window old has left the window (end − W < ts ≤ end)', () => {
    const e = engineFor({ kind: 'window-sum', metric: 'm', levels: [{ windowMinutes: 60, raise: 10 }] });
    expect(e.evaluateBatch([reading(T0, 6), reading(T0 + HOUR - 1, 4)]).map((s) => [s.kind, s.ts - T0])).toEqual([['raise', HOUR - 1]]);
    const e2 = engineFor({ kind: 'window-sum', metric: 'm', levels: [{ windowMinutes: 60, raise: 10 }] });
    expect(e2.evaluateBatch([reading(T0, 6), reading(T0 + HOUR, 4)])).toEqual([]);
  });

  it('counts a late reading in the windows it falls into, and a redelivered one once', () => {
    const xs = rain(50, 3);
    const late = xs.splice(10, 1)[0]!;
    const e = gauge();
    expect(run(e, xs)).toEqual([]);
    expect(run(e, [late, late]).map((x) => x.kind)).toEqual(['raise']);
    expect(e.stats().ignored).toBe(1);
  });

  it('lifts the signal on the clock when the gauge falls silent (tipping buckets report only tips)', () => {
    const e = gauge();
    expect(run(e, rain(50, 3)).map((x) => x.kind)).toEqual(['raise']);
    // Orange (3 h) falls off once the first 5-minute total leaves the 3-hour window; yellow (6 h) holds.
    expect(e.tick(T0 + 3 * HOUR + STEP - 1)).toEqual([]);
    expect(e.tick(T0 + 3 * HOUR + STEP).map((x) => `${x.kind}:${x.details.level as string}`)).toEqual(['update:yellow']);
    expect(e.tick(T0 + 6 * HOUR + STEP).map((x) => `${x.kind}:${x.details.level as string}`)).toEqual(['update:blue']);
    expect(e.tick(T0 + 12 * HOUR + STEP).map((x) => x.kind)).toEqual(['clear']);
  });

  it('ignores a reading older than the longest window', () => {
    const e = gauge();
    run(e, rain(10, 13));
    expect(e.evaluate(reading(T0, 100))).toEqual([]);
    expect(e.stats().ignored).toBe(1);
  });
});

describe('ponding depth as a threshold with four colours', () => {
  it('maps depth to blue/yellow/orange/red', () => {
    const e = engineFor({
      kind: 'threshold',
      metric: 'm',
      direction: 'above',
      levels: [
        { level: 'blue', severity: 'warning', raise: 5, clear: 3 },
        { level: 'yellow', severity: 'minor', raise: 15, clear: 12 },
        { level: 'orange', severity: 'major', raise: 27, clear: 24 },
        { level: 'red', severity: 'critical', raise: 40, clear: 35 },
      ],
    });
    const s = feed(e, [4, 5, 15, 27, 40, 30, 2]);
    expect(s.map((x) => x.details.level)).toEqual(['blue', 'yellow', 'orange', 'red', 'orange', null]);
    expect(s.at(-1)!.kind).toBe('clear');
  });
});
