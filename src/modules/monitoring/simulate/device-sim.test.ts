import { describe, expect, it } from 'vitest';
import { createDeviceSim } from './device-sim.js';
import { createIncident, type SimDevice } from './incidents.js';

const bj = (iso: string) => Date.parse(`${iso}+08:00`);
const asset = (type: string, properties: Record<string, unknown> = {}) => ({ id: `a-${type}`, code: `A-${type}`, type, name: type, lon: 116.4, lat: 39.9, properties });
const main: SimDevice = { id: 'wm-1', asset: asset('water_main', { diameterMm: 600, normalPressureMpa: 0.3 }), metrics: ['pressure_mpa', 'flow_m3h'] };
const gauge: SimDevice = { id: 'rg-1', asset: asset('rain_gauge'), metrics: ['rain_mm'] };
const odd: SimDevice = { id: 'x-1', asset: asset('mystery'), metrics: ['warp_factor'] };
const none = createIncident('none', [], { onsetS: 0, rampS: 1 });

const value = (m: ReturnType<ReturnType<typeof createDeviceSim>['message']>, metric: string) => m!.readings.find((r) => r.metric === metric)!.value;

describe('a simulated device', () => {
  it('labels every message simulated, with the reading time', () => {
    const m = createDeviceSim(main, none, 1).message(bj('2025-06-01T08:00:00'), 0);
    expect(m).toMatchObject({ ts: '2025-06-01T00:00:00.000Z', simulated: true, readings: [{ metric: 'pressure_mpa' }, { metric: 'flow_m3h' }] });
  });

  it('repeats itself with the same seed and differs with another', () => {
    const run = (seed: number) => {
      const sim = createDeviceSim(main, none, seed);
      return Array.from({ length: 5 }, (_, i) => sim.message(bj('2025-06-01T08:00:00') + i * 1000, i));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('shows the night minimum flow at 03:00 far below the morning peak, and the pressure the other way round', () => {
    const night = createDeviceSim(main, none, 1).message(bj('2025-06-01T03:00:00'), 0);
    const peak = createDeviceSim(main, none, 1).message(bj('2025-06-01T08:00:00'), 0);
    expect(value(night, 'flow_m3h')).toBeLessThan(0.5 * value(peak, 'flow_m3h'));
    expect(value(night, 'pressure_mpa')).toBeGreaterThan(value(peak, 'pressure_mpa'));
  });

  it('reports no rain on an ordinary day, and whole 0.1 mm tips in a storm with nothing lost to rounding', () => {
    const dry = createDeviceSim(gauge, none, 1);
    expect(Array.from({ length: 10 }, (_, i) => value(dry.message(Date.now(), i), 'rain_mm'))).toEqual(Array(10).fill(0));
    const storm = createIncident('storm', [gauge], { onsetS: 0, rampS: 100 });
    const wet = createDeviceSim(gauge, storm, 1);
    const tips = Array.from({ length: 400 }, (_, i) => value(wet.message(Date.now(), i * 0.5), 'rain_mm'));
    expect(tips.every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9)).toBe(true);
    const fallen = storm.apply(gauge, 'rain_mm', 0, 199.5, 0);
    expect(tips.reduce((a, b) => a + b, 0)).toBeGreaterThan(fallen - 0.1);
    expect(tips.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(fallen + 1e-6);
  });

  it('sends nothing for a metric it has no model of', () => {
    expect(createDeviceSim(odd, none, 1).message(Date.now(), 0)).toBeNull();
  });
});
