import { describe, expect, it } from 'vitest';
import { engineFor, MIN, reading } from './fixtures.js';
import type { Signal } from './types.js';

// Local midnight, 2026-07-01 in Beijing (UTC+8).
const D0 = Date.UTC(2026, 5, 30, 16);
const DAY = 24 * 60 * MIN;

// Flow of a district metered area every 10 minutes for a day: 40 by day, `night` between 02:00 and 04:00.
function day(d: number, night: number): { ts: number; v: number }[] {
  return Array.from({ length: 144 }, (_, i) => {
    const minute = i * 10;
    return { ts: D0 + d * DAY + minute * MIN, v: minute >= 120 && minute < 240 ? night + (i % 3) * 0.5 : 40 };
  });
}

const leakRule = (extra: Record<string, unknown> = {}) =>
  engineFor({ kind: 'night-min', metric: 'm', nights: 7, minNights: 3, levels: [{ severity: 'minor', raise: 20, clear: 10 }, { severity: 'major', raise: 50, clear: 30 }], ...extra });

function run(e: ReturnType<typeof leakRule>, nights: number[]): Signal[] {
  return nights.flatMap((n, d) => e.evaluateBatch(day(d, n).map((x) => reading(x.ts, x.v))));
}

describe('minimum night flow', () => {
  it('judges each night at 04:00 local against the median of previous nights', () => {
    const s = run(leakRule(), [10, 10, 10, 10, 12.5, 16, 10.9]);
    expect(s.map((x) => `${x.kind}:${x.severity}`)).toEqual(['raise:minor', 'update:major', 'clear:major']);
    // Night 5 (index 4): min 12.5 vs median 10 = +25%, judged at 04:00 local.
    expect(s[0]!.ts).toBe(D0 + 4 * DAY + 4 * 60 * MIN);
    expect(s[0]!.value).toBe(12.5);
    expect(s[0]!.details).toMatchObject({ baseline: 10, risePct: 25 });
    // Night 6: min 16 vs median still 10 (anomalous nights stay out of the baseline) = +60%.
    expect(s[1]!.details).toMatchObject({ baseline: 10, risePct: 60 });
  });

  it('raises on exactly +20% and not on +19.9%', () => {
    expect(run(leakRule(), [10, 10, 10, 11.99]).length).toBe(0);
    expect(run(leakRule(), [10, 10, 10, 12]).map((x) => x.kind)).toEqual(['raise']);
  });

  it('does not judge before minNights nights are known (warm-up)', () => {
    expect(run(leakRule(), [10, 10, 30]).length).toBe(0);
  });

  it('closes the night on the clock when the meter falls silent after the window', () => {
    const e = leakRule();
    run(e, [10, 10, 10]);
    const night = day(3, 15).filter((x) => x.ts < D0 + 3 * DAY + 4 * 60 * MIN);
    expect(e.evaluateBatch(night.map((x) => reading(x.ts, x.v)))).toEqual([]);
    expect(e.tick(D0 + 3 * DAY + 4 * 60 * MIN - 1)).toEqual([]);
    expect(e.tick(D0 + 3 * DAY + 4 * 60 * MIN).map((x) => x.kind)).toEqual(['raise']);
  });

  it('takes late readings of the open night, ignores those of a night already judged', () => {
    const e = leakRule();
    run(e, [10, 10, 10]);
    const night = day(3, 10).filter((x) => x.ts < D0 + 3 * DAY + 4 * 60 * MIN);
    const late = night.splice(12, 1)[0]!;
    e.evaluateBatch(night.map((x) => reading(x.ts, x.v)));
    e.evaluate(reading(late.ts, 1));
    // The late 1.0 is the night's minimum: −90% is no leak, and it enters the baseline.
    expect(e.tick(D0 + 3 * DAY + 5 * 60 * MIN)).toEqual([]);
    expect(e.evaluate(reading(late.ts + 1, 99))).toEqual([]);
    expect(e.stats().ignored).toBeGreaterThan(0);
  });

  it('asks for two anomalous nights in a row with forSeconds of a day', () => {
    const s = run(leakRule({ forSeconds: 86_400 }), [10, 10, 10, 13, 13]);
    expect(s.map((x) => x.kind)).toEqual(['raise']);
    expect(s[0]!.ts).toBe(D0 + 4 * DAY + 4 * 60 * MIN);
  });

  it('supports a window across midnight (23:00–01:00)', () => {
    const e = leakRule({ from: '23:00', to: '01:00' });
    // Night d: 23:00 on day d to 01:00 on day d+1, every 10 minutes, then the day at 40.
    const nightOf = (d: number, v: number) => [
      ...Array.from({ length: 12 }, (_, i) => reading(D0 + d * DAY + 23 * 60 * MIN + i * 10 * MIN, v)),
      reading(D0 + (d + 1) * DAY + 12 * 60 * MIN, 40),
    ];
    const s = [10, 10, 10, 10, 15].flatMap((v, d) => e.evaluateBatch(nightOf(d, v)));
    expect(s.map((x) => x.ts)).toEqual([D0 + 5 * DAY + 60 * MIN]);
    expect(s.map((x) => x.kind)).toEqual(['raise']);
  });
});
