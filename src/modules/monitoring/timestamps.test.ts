import { describe, expect, it } from 'vitest';
import { parseDeviceTime } from './timestamps.js';

const t = Date.UTC(2026, 0, 5, 4, 30, 0);

describe('parseDeviceTime', () => {
  it.each([
    ['2026-01-05T04:30:00Z', t],
    ['2026-01-05T04:30:00.000Z', t],
    ['2026-01-05T04:30:00.123456Z', t + 123],
    ['2026-01-05T12:30:00+08:00', t],
    ['2026-01-05T12:30:00+0800', t],
    ['2026-01-05T12:30+08', t],
    ['2026-01-05 04:30:00z', t],
    [t, t],
    [t + 0.6, t + 1],
    [String(t), t],
  ])('reads %s', (value, ms) => {
    expect(parseDeviceTime(value)).toBe(ms);
  });

  it.each([['2026-01-05T04:30:00'], ['2026-01-05'], ['yesterday'], ['2026-13-05T04:30:00Z'], [''], [null], [undefined], [Infinity], [true], [{}]])('refuses %s', (value) => {
    expect(parseDeviceTime(value)).toBeNull();
  });
});
