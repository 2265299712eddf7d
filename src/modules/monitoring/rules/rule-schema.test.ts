import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { parseRule } from './rule-schema.js';

const base = { id: 'r', alarmType: 'a' };
const threshold = { ...base, kind: 'threshold', metric: 'm', direction: 'above', levels: [{ raise: 20, clear: 15 }] };

function fieldOf(raw: unknown): string | undefined {
  try {
    parseRule(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('invalid');
    return (err as AppError).field;
  }
  throw new Error('expected the rule to be refused');
}

describe('parseRule', () => {
  it('fills the defaults', () => {
    expect(parseRule(threshold)).toMatchObject({ severity: 'major', forSeconds: 0, clearForSeconds: 0, updateEverySeconds: 300 });
    expect(parseRule({ ...base, kind: 'night-min', metric: 'flow_m3h', levels: [{ raise: 20 }] })).toMatchObject({ from: '02:00', to: '04:00', utcOffsetMinutes: 480, nights: 7, minNights: 3 });
    expect(parseRule({ ...base, kind: 'window-sum', metric: 'rain_mm', levels: [{ windowMinutes: 180, raise: 50 }] })).toMatchObject({ resolution: 0.001 });
    expect(parseRule({ ...base, kind: 'baseline', metric: 'p', method: 'percent', direction: 'below', windowHours: 24, levels: [{ raise: 10 }] })).toMatchObject({ bucketMinutes: 5, minSigma: 0, freezeWhileActive: true });
    expect(parseRule({ ...threshold, levels: [{ raise: { property: 'limit' } }] }).kind === 'threshold' && parseRule({ ...threshold, levels: [{ raise: { property: 'limit' } }] })).toMatchObject({ levels: [{ raise: { property: 'limit', factor: 1, offset: 0 } }] });
  });

  it.each([
    ['an unknown kind', { ...base, kind: 'guess', metric: 'm' }, 'rule.kind'],
    ['a missing metric', { ...threshold, metric: undefined }, 'rule.metric'],
    ['a bad metric name', { ...threshold, metric: 'Pressure MPa' }, 'rule.metric'],
    ['a bad direction', { ...threshold, direction: 'up' }, 'rule.direction'],
    ['an unknown severity', { ...threshold, severity: 'severe' }, 'rule.severity'],
    ['an unknown key', { ...threshold, treshold: 3 }, 'rule'],
    ['no levels', { ...threshold, levels: [] }, 'rule.levels'],
    ['clear above raise (above)', { ...threshold, levels: [{ raise: 20, clear: 21 }] }, 'rule.levels.0.clear'],
    ['clear below raise (below)', { ...threshold, direction: 'below', levels: [{ raise: 0.14, clear: 0.1 }] }, 'rule.levels.0.clear'],
    ['levels not rising (above)', { ...threshold, levels: [{ raise: 20 }, { raise: 20 }] }, 'rule.levels.1.raise'],
    ['levels not falling (below)', { ...threshold, direction: 'below', levels: [{ raise: 0.2 }, { raise: 0.25 }] }, 'rule.levels.1.raise'],
    ['a level name twice', { ...threshold, levels: [{ level: 'x', raise: 1 }, { level: 'x', raise: 2 }] }, 'rule.levels.1.level'],
    ['a negative duration', { ...threshold, forSeconds: -1 }, 'rule.forSeconds'],
    ['a bad property reference', { ...threshold, levels: [{ raise: { property: '1x' } }] }, 'rule.levels.0.raise.property'],
    ['a window level without its window', { ...base, kind: 'window-sum', metric: 'rain_mm', levels: [{ raise: 50 }] }, 'rule.levels.0.windowMinutes'],
    ['a warm-up longer than the window', { ...base, kind: 'baseline', metric: 'p', method: 'zscore', direction: 'above', windowHours: 6, warmupHours: 7, levels: [{ raise: 3 }] }, 'rule.warmupHours'],
    ['a night window of no length', { ...base, kind: 'night-min', metric: 'f', from: '02:00', to: '02:00', levels: [{ raise: 20 }] }, 'rule.to'],
    ['a bad local time', { ...base, kind: 'night-min', metric: 'f', from: '2:00', levels: [{ raise: 20 }] }, 'rule.from'],
    ['a rate with one point', { ...base, kind: 'rate', metric: 'm', direction: 'rise', per: 'minute', windowSeconds: 60, minPoints: 1, levels: [{ raise: 1 }] }, 'rule.minPoints'],
    ['an offline rule without minutes', { ...base, kind: 'offline' }, 'rule.minutes'],
    ['a combination of one', { ...base, kind: 'combination', mode: 'all', conditions: [{ kind: 'offline', minutes: 5 }] }, 'rule.conditions'],
    ['a combination with a bad sub-condition', { ...base, kind: 'combination', mode: 'any', conditions: [{ kind: 'offline', minutes: 5 }, { kind: 'threshold', metric: 'm', direction: 'above', levels: [{ raise: 1, clear: 2 }] }] }, 'rule.conditions.1.levels.0.clear'],
    ['a bad alarm type', { ...threshold, alarmType: 'Gas Leak' }, 'rule.alarmType'],
  ])('refuses %s, naming the field', (_what, raw, field) => {
    expect(fieldOf(raw)).toBe(field);
  });
});
