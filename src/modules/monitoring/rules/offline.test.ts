import { describe, expect, it } from 'vitest';
import { engineFor, MIN, reading, T0 } from './fixtures.js';

const silent = (extra: Record<string, unknown> = {}) => engineFor({ kind: 'offline', minutes: 15, severity: 'minor', ...extra });

describe('no data for N minutes', () => {
  it('is judged on the tick: raised after exactly N minutes of silence, cleared by the next reading', () => {
    const e = silent();
    e.evaluate(reading(T0, 1, 'any_metric'));
    expect(e.tick(T0 + 15 * MIN - 1)).toEqual([]);
    const raised = e.tick(T0 + 15 * MIN);
    expect(raised.map((s) => `${s.kind}:${s.severity}`)).toEqual(['raise:minor']);
    expect(raised[0]!.details).toMatchObject({ rule: 'r1', kind: 'offline', lastSeen: T0, device: 'd1' });
    expect(raised[0]!.value).toBe(15);
    expect(e.tick(T0 + 16 * MIN)).toEqual([]);
    expect(e.evaluate(reading(T0 + 17 * MIN, 1)).map((s) => s.kind)).toEqual(['clear']);
  });

  it('sends a heartbeat update with the minutes of silence while it lasts', () => {
    const e = silent({ updateEverySeconds: 600 });
    e.evaluate(reading(T0, 1));
    const s = [15, 20, 25, 30].flatMap((m) => e.tick(T0 + m * MIN));
    expect(s.map((x) => `${x.kind}:${x.value}`)).toEqual(['raise:15', 'update:25']);
  });

  it('watches an asset that never reported from the time it was registered', () => {
    const e = silent();
    expect(e.tick(T0 + 60 * MIN)).toEqual([]);
    e.watch('a1', T0 + 60 * MIN);
    expect(e.tick(T0 + 74 * MIN)).toEqual([]);
    expect(e.tick(T0 + 75 * MIN).map((s) => s.kind)).toEqual(['raise']);
  });

  it('with a metric, counts only that metric as data', () => {
    const e = silent({ metric: 'level_m' });
    e.evaluate(reading(T0, 1, 'level_m'));
    e.evaluate(reading(T0 + 10 * MIN, 1, 'battery_v'));
    expect(e.tick(T0 + 15 * MIN).map((s) => s.kind)).toEqual(['raise']);
  });

  it('a late reading does not move the last-seen time back', () => {
    const e = silent();
    e.evaluate(reading(T0 + 10 * MIN, 1));
    e.evaluate(reading(T0, 1));
    expect(e.tick(T0 + 24 * MIN)).toEqual([]);
    expect(e.tick(T0 + 25 * MIN).map((s) => s.kind)).toEqual(['raise']);
  });
});
