import { describe, expect, it } from 'vitest';
import { airTemperatureC, beijingNormalsC, inHeatingSeason, normalHighLow, trafficByHour, trafficFactor, waterDemandByHour, waterDemandFactor } from './climate.js';

// An instant of Beijing local time (UTC+8).
const bj = (iso: string) => Date.parse(`${iso}+08:00`);

describe('Beijing climate normals (CMA 1971–2000)', () => {
  it.each(beijingNormalsC.high.map((high, month) => ({ month, high, low: beijingNormalsC.low[month]! })))('month $month: mid-month high $high °C, low $low °C', ({ month, high, low }) => {
    expect(normalHighLow(month, 15)).toEqual({ high: expect.closeTo(high, 9), low: expect.closeTo(low, 9) });
  });

  it('turns between mid-months: 1 February lies between January and February', () => {
    const { high } = normalHighLow(1, 1);
    expect(high).toBeGreaterThan(beijingNormalsC.high[0]);
    expect(high).toBeLessThan(beijingNormalsC.high[1]);
  });

  it('has the low near 05:00 and the high near 14:00', () => {
    expect(airTemperatureC(bj('2025-07-15T05:00:00'))).toBeCloseTo(22.0, 1);
    expect(airTemperatureC(bj('2025-07-15T14:00:00'))).toBeCloseTo(30.9, 1);
    expect(airTemperatureC(bj('2025-07-15T20:00:00'))).toBeLessThan(30.9);
    expect(airTemperatureC(bj('2025-07-15T20:00:00'))).toBeGreaterThan(22.0);
  });
});

describe('the heating period, 15 November – 15 March', () => {
  it.each([
    ['2025-11-14T12:00:00', false],
    ['2025-11-15T00:30:00', true],
    ['2026-01-10T12:00:00', true],
    ['2026-03-15T23:00:00', true],
    ['2026-03-16T01:00:00', false],
    ['2025-07-01T12:00:00', false],
  ] as const)('%s → %s', (at, on) => expect(inHeatingSeason(bj(at))).toBe(on));
});

describe('daily rhythms', () => {
  it('average 1 over the day', () => {
    expect(waterDemandByHour.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 9);
    expect(trafficByHour.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 9);
  });

  it('put the night minimum of water demand at 03:00 and interpolate between hours', () => {
    const hours = Array.from({ length: 24 }, (_, h) => waterDemandFactor(h));
    expect(hours.indexOf(Math.min(...hours))).toBe(3);
    expect(waterDemandFactor(7.5)).toBeCloseTo((waterDemandByHour[7] + waterDemandByHour[8]) / 2, 9);
    expect(waterDemandFactor(23.5)).toBeCloseTo((waterDemandByHour[23] + waterDemandByHour[0]) / 2, 9);
  });

  it('put traffic’s peaks in the rush hours', () => {
    expect(trafficFactor(8)).toBeGreaterThan(1.5);
    expect(trafficFactor(17)).toBeGreaterThan(1.5);
    expect(trafficFactor(3)).toBeLessThan(0.2);
  });
});
