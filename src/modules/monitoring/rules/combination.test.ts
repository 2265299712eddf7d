import { describe, expect, it } from 'vitest';
import { brief, engineFor, MIN, reading, T0 } from './fixtures.js';

// Methane rising (≥ 1 %LEL/min over 5 min) AND above 10 %LEL.
const methane = (mode: 'all' | 'any', extra: Record<string, unknown> = {}) =>
  engineFor({
    kind: 'combination',
    mode,
    severity: 'critical',
    conditions: [
      { kind: 'rate', metric: 'ch4', direction: 'rise', per: 'minute', windowSeconds: 300, levels: [{ raise: 1, clear: 0.5 }] },
      { kind: 'threshold', metric: 'ch4', direction: 'above', levels: [{ raise: 10, clear: 8 }] },
    ],
    ...extra,
  });
const ch4 = (values: number[]) => values.map((v, i) => reading(T0 + i * MIN, v, 'ch4'));

describe('combination', () => {
  it('all: raised only while both hold, cleared when one fails', () => {
    // Rising from minute 3 on; above 10 from minute 5; by minute 10 the 5-minute slope is 0.4/min (< 0.5).
    const s = methane('all').evaluateBatch(ch4([2, 3, 4, 5, 7, 10, 12, 14, 14, 14, 14, 14, 14]));
    expect(brief(s)).toEqual(['raise:critical@5', 'clear:critical@10']);
    expect(s[0]!.details.conditions).toEqual([expect.objectContaining({ kind: 'rate', met: true }), expect.objectContaining({ kind: 'threshold', met: true, value: 10 })]);
  });

  it('all: a high but steady value is not enough, nor a rise below the threshold', () => {
    expect(methane('all').evaluateBatch(ch4([12, 12, 12, 12, 12, 12]))).toEqual([]);
    expect(methane('all').evaluateBatch(ch4([1, 2, 3, 4, 5, 6, 7]))).toEqual([]);
  });

  it('any: either one raises, both must fail to clear', () => {
    const s = methane('any').evaluateBatch(ch4([1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5]));
    expect(brief(s)).toEqual(['raise:critical@3', 'clear:critical@7']);
  });

  it('has its own minimum duration on top of the conditions', () => {
    const s = methane('all', { forSeconds: 120 }).evaluateBatch(ch4([2, 3, 4, 5, 7, 10, 12, 14, 16, 18]));
    expect(brief(s)).toEqual(['raise:critical@7']);
  });

  it('combines conditions on different metrics and ticks its no-data condition', () => {
    const e = engineFor({
      kind: 'combination',
      mode: 'all',
      conditions: [
        { kind: 'threshold', metric: 'level_m', direction: 'above', levels: [{ raise: 2 }] },
        { kind: 'offline', metric: 'pump_on', minutes: 10 },
      ],
    });
    e.evaluate(reading(T0, 1, 'pump_on'));
    expect(e.evaluate(reading(T0 + MIN, 2.5, 'level_m'))).toEqual([]);
    expect(e.tick(T0 + 10 * MIN).map((s) => s.kind)).toEqual(['raise']);
    expect(e.stats().ignored).toBe(0);
  });

  it('feeds a combination that reads every metric once per reading', () => {
    const e = engineFor({
      kind: 'combination',
      mode: 'any',
      conditions: [
        { kind: 'threshold', metric: 'level_m', direction: 'above', levels: [{ raise: 2 }] },
        { kind: 'offline', minutes: 10 },
      ],
    });
    expect(e.evaluateBatch([reading(T0, 2.5, 'level_m'), reading(T0 + MIN, 1, 'level_m')]).map((s) => s.kind)).toEqual(['raise', 'clear']);
    expect(e.stats().ignored).toBe(0);
  });
});
