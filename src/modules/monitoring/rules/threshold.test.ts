import { describe, expect, it } from 'vitest';
import { brief, engineFor, feed, MIN, reading, T0 } from './fixtures.js';

const gas = (extra: Record<string, unknown> = {}) =>
  engineFor({
    kind: 'threshold',
    metric: 'm',
    direction: 'above',
    levels: [
      { level: 'alarm', severity: 'major', raise: 20, clear: 18 },
      { level: 'cutoff', severity: 'critical', raise: 25, clear: 23 },
    ],
    ...extra,
  });

describe('threshold', () => {
  it('raises exactly on the threshold, not just below it', () => {
    expect(brief(feed(gas(), [19.999]))).toEqual([]);
    expect(brief(feed(gas(), [20]))).toEqual(['raise:major@0']);
    expect(brief(feed(gas(), [20.001]))).toEqual(['raise:major@0']);
  });

  it('holds down to the clear value and clears just below it (hysteresis)', () => {
    expect(brief(feed(gas(), [20, 19, 18, 17.999]))).toEqual(['raise:major@0', 'clear:major@3']);
  });

  it('does not flap: values wandering around the threshold make one alarm', () => {
    const values = Array.from({ length: 200 }, (_, i) => 20 + (i % 2 ? -1.5 : 0.5));
    expect(brief(feed(gas(), values))).toEqual(['raise:major@0', 'update:major@5', 'update:major@10'].concat(Array.from({ length: 37 }, (_, i) => `update:major@${15 + i * 5}`)));
  });

  it('climbs and comes down the levels, each with its own hysteresis', () => {
    const s = feed(gas(), [21, 26, 24, 22.9, 19, 17]);
    expect(brief(s)).toEqual(['raise:major@0', 'update:critical@1', 'update:major@3', 'clear:major@5']);
    expect(s[1]!.details).toMatchObject({ rule: 'r1', kind: 'threshold', level: 'cutoff', raise: 25, clear: 23 });
  });

  it('jumps straight to the highest level met', () => {
    expect(brief(feed(gas(), [30]))).toEqual(['raise:critical@0']);
  });

  it('waits for the minimum duration before raising and before clearing', () => {
    const e = gas({ forSeconds: 120, clearForSeconds: 180 });
    // Above from minute 0; raised at minute 2. Below clear from minute 4; cleared at minute 7.
    expect(brief(feed(e, [21, 21, 21, 21, 10, 10, 10, 10, 10]))).toEqual(['raise:major@2', 'clear:major@7']);
  });

  it('restarts the duration when the condition breaks', () => {
    const e = gas({ forSeconds: 120 });
    expect(brief(feed(e, [21, 21, 10, 21, 21, 21]))).toEqual(['raise:major@5']);
  });

  it('supports direction below (a pressure too low)', () => {
    const e = engineFor({ kind: 'threshold', metric: 'm', direction: 'below', levels: [{ raise: 0.15, clear: 0.18 }] });
    expect(brief(feed(e, [0.2, 0.15, 0.17, 0.18, 0.181]))).toEqual(['raise:major@1', 'clear:major@4']);
  });

  it('ignores duplicates and readings older than the last one judged', () => {
    const e = gas();
    expect(brief(e.evaluateBatch([reading(T0, 21), reading(T0, 21), reading(T0 - MIN, 10), reading(T0 + MIN, 10)]))).toEqual(['raise:major@0', 'clear:major@1']);
    expect(e.stats().ignored).toBe(2);
  });

  it('resolves thresholds from asset properties', () => {
    const e = engineFor({ kind: 'threshold', metric: 'm', direction: 'above', levels: [{ raise: { property: 'overflowLevelM', factor: 0.8 } }] }, { overflowLevelM: 2.5 });
    expect(brief(feed(e, [1.99, 2.0]))).toEqual(['raise:major@1']);
  });

  it('records a rule an asset cannot use (missing property) as a problem and skips it', () => {
    const e = engineFor({ kind: 'threshold', metric: 'm', direction: 'above', levels: [{ raise: { property: 'overflowLevelM' } }] });
    expect(feed(e, [100])).toEqual([]);
    expect(e.problems()[0]).toMatchObject({ assetId: 'a1', ruleId: 'r1' });
    expect(e.problems()[0]!.message).toMatch(/overflowLevelM/);
  });
});
