import type { AssetInfo, Reading } from './types.js';

/**
 * A synthetic load for the Beijing lifelines rules, for tests and benchmarks: assets of the
 * pack's eight types with the properties their rules read, and readings with daily cycles,
 * noise and incidents (gas leaks, bursts and leaks on water mains, storms, ponding,
 * overflowing manholes, a bridge's sensors falling silent) on a few assets, so that the rule
 * kinds have work to do.
 */

const mix: [type: string, share: number, metrics: string[], props: Record<string, number>][] = [
  ['gas_adjacent_space', 30, ['methane_pct_lel'], {}],
  ['gas_pipe_segment', 10, ['pressure_mpa'], {}],
  ['water_main', 20, ['pressure_mpa', 'flow_m3h'], {}],
  ['drainage_manhole', 15, ['level_m'], { overflowLevelM: 3 }],
  ['bridge', 5, ['strain_ue', 'deflection_mm'], { designStrainUe: 400, deflectionLimitMm: 50 }],
  ['heating_pipe', 10, ['temperature_c', 'pressure_mpa'], { designSupplyTempC: 110, designPressureMpa: 1.6 }],
  ['rain_gauge', 5, ['rain_mm'], {}],
  ['waterlogging_point', 5, ['depth_cm'], {}],
];

export interface SyntheticLoad {
  assets: Map<string, AssetInfo>;
  readings: Reading[];
}

/** `n` readings from `100 × scale` assets, one per asset and step of `stepMs`, from `start`. */
export function syntheticLoad({ n, scale = 10, stepMs = 10_000, start = Date.UTC(2026, 6, 1) }: { n: number; scale?: number; stepMs?: number; start?: number }): SyntheticLoad {
  const assets = new Map<string, AssetInfo>();
  const feeds: { id: string; metrics: string[]; hot: boolean }[] = [];
  for (const [type, share, metrics, properties] of mix)
    for (let i = 0; i < share * scale; i++) {
      const id = `ast_${type}_${i}`;
      assets.set(id, { type, properties });
      feeds.push({ id, metrics, hot: i % 37 === 0 });
    }
  const readings: Reading[] = new Array(n);
  let i = 0;
  for (let step = 0; i < n; step++)
    for (let k = 0; k < feeds.length && i < n; k++) {
      const f = feeds[k]!;
      const metric = f.metrics[step % f.metrics.length]!;
      const ts = start + step * stepMs;
      // A troubled bridge's sensors fall silent during its incidents (the no-data rule's work).
      if (f.hot && f.metrics[0] === 'strain_ue' && (ts - start) % (12 * H) > 8 * H) continue;
      readings[i++] = { assetId: f.id, deviceId: `dev_${k}`, metric, value: value(metric, k, f.hot, ts - start), ts };
    }
  return { assets, readings };
}

const H = 3_600_000;

// A plausible value at `t` ms into the run; every 37th asset of a type (the first one included) has incidents.
function value(metric: string, k: number, hot: boolean, t: number): number {
  const noise = Math.sin(k * 12.9898 + t * 7.8233e-4) * 0.5;
  const hour = (t / H + 8) % 24;
  const incident = hot && t % (12 * H) > 8 * H;
  switch (metric) {
    case 'methane_pct_lel':
      return incident ? 5 + ((t / 60_000) % 40) : 1 + noise;
    case 'pressure_mpa':
      return (incident ? 0.22 : 0.3) + noise * 0.004;
    case 'flow_m3h':
      // Low at night (about 10 at 03:00), a leak adds 6 from the fifth day on.
      return 25 - 15 * Math.cos(((hour - 3) / 24) * 2 * Math.PI) + noise + (hot && t > 4 * 24 * H ? 6 : 0);
    case 'level_m':
      return incident ? 2.8 : 0.8 + noise * 0.2;
    case 'strain_ue':
      return 200 + noise * 60;
    case 'deflection_mm':
      return 10 + noise * 3;
    case 'temperature_c':
      return 95 + noise * 2;
    case 'rain_mm':
      return incident ? 2.5 : 0;
    default:
      return incident ? 30 : 0;
  }
}
