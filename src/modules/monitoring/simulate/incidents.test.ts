import { describe, expect, it } from 'vitest';
import { createIncident, gasLeakPeakPctLel, jianwaiPoint, nearestMethaneDetector, rampShare, stormTotalMm, type SimDevice } from './incidents.js';

const asset = (code: string, type: string, lon: number, lat: number, properties: Record<string, unknown> = {}) => ({ id: code, code, type, name: code, lon, lat, properties });
const fleet: SimDevice[] = [
  { id: 'ch4-far', asset: asset('ADJ-1', 'gas_adjacent_space', 116.3, 39.99, { nearGasMain: 'GAS-1' }), metrics: ['methane_pct_lel', 'temperature_c'] },
  { id: 'ch4-jianwai', asset: asset('ADJ-2', 'gas_adjacent_space', jianwaiPoint.lon + 0.001, jianwaiPoint.lat + 0.002, { nearGasMain: 'GAS-2' }), metrics: ['methane_pct_lel', 'temperature_c'] },
  { id: 'ch4-beside', asset: asset('ADJ-3', 'gas_adjacent_space', jianwaiPoint.lon - 0.004, jianwaiPoint.lat + 0.003, { nearGasMain: 'GAS-2' }), metrics: ['methane_pct_lel'] },
  { id: 'gas-p-2', asset: asset('GAS-2', 'gas_pipe_segment', jianwaiPoint.lon, jianwaiPoint.lat + 0.003), metrics: ['pressure_mpa'] },
  { id: 'rg-1', asset: asset('RG-1', 'rain_gauge', 116.4, 39.9), metrics: ['rain_mm'] },
  { id: 'rg-2', asset: asset('RG-2', 'rain_gauge', 116.2, 40.1), metrics: ['rain_mm'] },
  { id: 'wl-1', asset: asset('WL-1', 'waterlogging_point', 116.401, 39.901), metrics: ['depth_cm'] },
  { id: 'mh-1', asset: asset('MH-1', 'drainage_manhole', 116.41, 39.9, { overflowLevelM: 3 }), metrics: ['level_m'] },
];
const timing = { onsetS: 10, rampS: 100 };

describe('the ramp', () => {
  it('is 0 before the onset, ½ halfway, 1 at the peak and after', () => {
    expect(rampShare(5, timing)).toBe(0);
    expect(rampShare(10, timing)).toBe(0);
    expect(rampShare(60, timing)).toBeCloseTo(0.5, 9);
    expect(rampShare(110, timing)).toBe(1);
    expect(rampShare(500, timing)).toBe(1);
  });
});

describe('a gas leak', () => {
  const leak = createIncident('gas-leak', fleet, timing);

  it('happens in the methane detector nearest 建外街道, which reports every second', () => {
    expect(nearestMethaneDetector(fleet)?.id).toBe('ch4-jianwai');
    expect(leak.watch).toEqual({ deviceId: 'ch4-jianwai', metric: 'methane_pct_lel' });
    expect(leak.fast.has('ch4-jianwai')).toBe(true);
  });

  it('raises methane past the 10, 20 and 25 %LEL alarm levels in turn, to its peak', () => {
    const d = fleet[1]!;
    const at = (s: number) => leak.apply(d, 'methane_pct_lel', 0.5, s, s - 1);
    expect(at(9)).toBe(0.5);
    const crossing = (level: number) => Array.from({ length: 200 }, (_, s) => s).find((s) => at(s) >= level)!;
    expect(crossing(10)).toBeLessThan(crossing(20));
    expect(crossing(20)).toBeLessThan(crossing(25));
    expect(at(110)).toBeCloseTo(0.5 + gasLeakPeakPctLel, 9);
  });

  it('reaches the spaces beside the same main much diluted, drops the main’s pressure a little, leaves the rest alone', () => {
    expect(leak.apply(fleet[2]!, 'methane_pct_lel', 0.5, 110, 109)).toBeCloseTo(0.5 + 0.15 * gasLeakPeakPctLel, 9);
    expect(leak.apply(fleet[3]!, 'pressure_mpa', 0.16, 110, 109)).toBeCloseTo(0.16 * 0.97, 9);
    expect(leak.apply(fleet[0]!, 'methane_pct_lel', 0.5, 110, 109)).toBe(0.5);
    expect(leak.apply(fleet[1]!, 'temperature_c', 12, 110, 109)).toBe(12);
  });

  it('can be put on a named device, and refuses one without methane', () => {
    expect(createIncident('gas-leak', fleet, timing, { deviceId: 'ch4-far' }).watch?.deviceId).toBe('ch4-far');
    expect(() => createIncident('gas-leak', fleet, timing, { deviceId: 'rg-1' })).toThrow(/not a simulated methane detector/);
    expect(() => createIncident('gas-leak', fleet.slice(3), timing)).toThrow(/nowhere to leak/);
  });
});

describe('a storm', () => {
  const storm = createIncident('storm', fleet, timing, { seed: 7 });

  it('fills each gauge with 70–130% of the storm total, whatever its reporting intervals', () => {
    for (const g of [fleet[4]!, fleet[5]!]) {
      let total = 0;
      let since = 0;
      for (let s = 3; s <= 130; s += 1 + (s % 7)) {
        total += storm.apply(g, 'rain_mm', 0, s, since);
        since = s;
      }
      total += storm.apply(g, 'rain_mm', 0, 200, since);
      expect(total).toBeGreaterThanOrEqual(0.7 * stormTotalMm - 1e-9);
      expect(total).toBeLessThanOrEqual(1.3 * stormTotalMm + 1e-9);
    }
  });

  it('passes the CMA red signal’s 100 mm at the wettest gauge before the peak', () => {
    const wettest = fleet.find((d) => d.id === storm.watch?.deviceId)!;
    expect(storm.apply(wettest, 'rain_mm', 0, 110, 0)).toBeGreaterThanOrEqual(100);
  });

  it('floods the waterlogging point and raises the manhole toward (never past) its overflow level', () => {
    expect(storm.apply(fleet[6]!, 'depth_cm', 0, 10, 9)).toBe(0);
    expect(storm.apply(fleet[6]!, 'depth_cm', 0, 110, 109)).toBeGreaterThan(5);
    const level = (s: number) => storm.apply(fleet[7]!, 'level_m', 0.2, s, s - 1);
    expect(level(10)).toBeCloseTo(0.2, 9);
    expect(level(80)).toBeGreaterThan(level(40));
    expect(level(110)).toBeLessThanOrEqual(3);
  });
});

it('no incident changes nothing', () => {
  const none = createIncident('none', fleet, timing);
  expect(none.apply(fleet[1]!, 'methane_pct_lel', 0.7, 50, 49)).toBe(0.7);
  expect(none.watch).toBeNull();
});
