import { describe, expect, it } from 'vitest';
import { nowcast, nowcastAqi } from './nowcast.js';

describe('NowCast (US EPA / AirNow)', () => {
  it('ozone: the AirNow worked example (8 hours, one missing, weight 0.275, no floor)', () => {
    // forum.airnowtech.org "AirNow Updates to Ozone Real-time Reporting": 63, 69, 80, 74, 60,
    // missing, 35, 22 ppb, newest first; range 58, scaled rate 0.725, weight 0.275, Σ wⁱcᵢ = 89.925.
    const nc = nowcast([63, 69, 80, 74, 60, null, 35, 22], 'o3')!;
    expect(nc.weight).toBeCloseTo(0.275, 12);
    expect(nc.hoursUsed).toBe(7);
    const sumOfWeights = [0, 1, 2, 3, 4, 6, 7].reduce((s, i) => s + 0.275 ** i, 0);
    expect(nc.value * sumOfWeights).toBeCloseTo(89.925, 3);
    expect(nc.value).toBeCloseTo(65.272, 3);
    // The 9th hour back is outside ozone's 8-hour window.
    expect(nowcast([63, 69, 80, 74, 60, null, 35, 22, 1000], 'o3')!.value).toBe(nc.value);
  });

  it('PM: a one-hour pulse of 71 µg/m³ (the NowCast article’s example) gives 35.5 the hour it happens', () => {
    const pulse = [71, ...Array(11).fill(0)];
    const nc = nowcast(pulse, 'pm25')!;
    expect(nc.weight).toBe(0.5); // min/max = 0, floored at 0.5
    expect(nc.value).toBeCloseTo(71 / (2 - 0.5 ** 11), 12);
    expect(nc.truncated).toBe('35.5');
    expect(nowcastAqi(pulse, 'pm25')).toMatchObject({ aqi: 101, category: 'Unhealthy for Sensitive Groups' });
    // An hour later the pulse weighs half.
    expect(nowcast([0, 71, ...Array(10).fill(0)], 'pm25')!.truncated).toBe('17.7');
  });

  it('PM: the weight factor is min/max when above 0.5; steady air is the plain 12-hour mean', () => {
    const hours = [30, 28, 26, 24, 22, 20, 20, 22, 24, 26, 28, 30];
    const nc = nowcast(hours, 'pm10')!;
    expect(nc.weight).toBeCloseTo(20 / 30, 12);
    const w = 20 / 30;
    const expected = hours.reduce((s, c, i) => s + c * w ** i, 0) / hours.reduce((s, _c, i) => s + w ** i, 0);
    expect(nc.value).toBeCloseTo(expected, 10);
    expect(nc.truncated).toBe(String(Math.trunc(expected)));
    expect(nowcast(Array(12).fill(12.3), 'pm25')).toMatchObject({ value: 12.3, weight: 1, truncated: '12.3' });
  });

  it('needs 2 of the 3 most recent hours', () => {
    const rest = Array(9).fill(20);
    expect(nowcast([null, null, 20, ...rest], 'pm25')).toBeNull();
    expect(nowcast([null, 20, null, ...rest], 'pm25')).toBeNull();
    expect(nowcast([20, null, 20, ...rest], 'pm25')).not.toBeNull();
    expect(nowcast([null, 20, 20], 'pm25')).toMatchObject({ value: 20, hoursUsed: 2 });
    expect(nowcast([null, null, 40, 40, 40, 40, 40, 40], 'o3')).toBeNull();
    expect(nowcastAqi([], 'pm10')).toBeNull();
  });

  it('refuses negative or non-numeric hours, naming the hour', () => {
    expect(() => nowcast([10, -1, 10], 'pm25')).toThrow(/hourly\[1\] must be a non-negative number/);
    expect(() => nowcast([10, 10, 10], 'nox' as never)).toThrow(/no NowCast for nox/);
  });
});
