import { AppError } from '../../../core/errors.js';
import type { SimAsset } from './normal-day.js';
import { createRandom, seedFor } from './random.js';

export const incidentKinds = ['gas-leak', 'storm', 'none'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** A device as the incidents see it: its id, its asset and the metrics it reports. */
export interface SimDevice {
  id: string;
  asset: SimAsset;
  metrics: string[];
}

/** When an incident starts (seconds into the run) and how long it takes to reach its peak. */
export interface IncidentTiming {
  onsetS: number;
  rampS: number;
}

/** An injected incident: which devices it touches, and how it changes their readings. */
export interface Incident {
  kind: IncidentKind;
  /** What it is, in a line, for the start of the run. */
  summary: string;
  /** The reading to show in the progress line (the leaking space's methane, a gauge's rain). */
  watch: { deviceId: string; metric: string } | null;
  /** Devices that report every second while it runs, as detectors in alarm do. */
  fast: Set<string>;
  /** A device's reading changed by the incident; `sinceS` is when the device last reported (interval metrics). */
  apply(device: SimDevice, metric: string, value: number, atS: number, sinceS: number): number;
}

// Roughly the middle of 建外街道 (Jianwai subdistrict, Chaoyang), east of the Jianguomen
// interchange: where the demo's gas leak happens by default (approximate, WGS-84).
export const jianwaiPoint = { lon: 116.446, lat: 39.9085 } as const;

/** The leaking space's methane peak (%LEL): past the 10/20/25 %LEL alarm levels, below the 50 %LEL second level. */
export const gasLeakPeakPctLel = 40;
/** The storm's total rain at an average gauge (mm): past the CMA red signal's 100 mm in 3 h. */
export const stormTotalMm = 120;

const none: Incident = { kind: 'none', summary: 'no incident: an ordinary day', watch: null, fast: new Set(), apply: (_d, _m, v) => v };

/** An S-curve from 0 at the onset to 1 at the peak (smoothstep), 1 after. */
export function rampShare(atS: number, { onsetS, rampS }: IncidentTiming): number {
  const x = Math.min(1, Math.max(0, (atS - onsetS) / Math.max(rampS, 1e-9)));
  return x * x * (3 - 2 * x);
}

/** The incident of that kind over these devices; an `invalid` error when the fleet has nothing it could touch. */
export function createIncident(kind: IncidentKind, devices: SimDevice[], timing: IncidentTiming, { seed = 1, deviceId }: { seed?: number; deviceId?: string } = {}): Incident {
  if (kind === 'gas-leak') return gasLeak(devices, timing, deviceId);
  if (kind === 'storm') return storm(devices, timing, seed);
  return none;
}

/** The methane detector nearest a point (any device reporting methane_pct_lel). */
export function nearestMethaneDetector(devices: SimDevice[], at: { lon: number; lat: number } = jianwaiPoint): SimDevice | undefined {
  return devices.filter((d) => d.metrics.includes('methane_pct_lel')).sort((a, b) => distance2(a.asset, at) - distance2(b.asset, at))[0];
}

function gasLeak(devices: SimDevice[], timing: IncidentTiming, deviceId?: string): Incident {
  const leak = deviceId ? devices.find((d) => d.id === deviceId) : nearestMethaneDetector(devices);
  if (!leak || !leak.metrics.includes('methane_pct_lel')) {
    throw new AppError('invalid', deviceId ? `device ${deviceId} is not a simulated methane detector (methane_pct_lel)` : 'no simulated device reports methane_pct_lel: there is nowhere to leak', { field: deviceId ? '--incident-device' : '--incident' });
  }
  // Gas spreading along the same main reaches the other spaces beside it, much diluted; the main loses a little pressure.
  const main = leak.asset.properties.nearGasMain;
  const beside = new Set(devices.filter((d) => d !== leak && main !== undefined && d.asset.properties.nearGasMain === main && d.metrics.includes('methane_pct_lel')).map((d) => d.id));
  const pipes = new Set(devices.filter((d) => main !== undefined && d.asset.code === main && d.metrics.includes('pressure_mpa')).map((d) => d.id));
  return {
    kind: 'gas-leak',
    summary: `gas leak: methane in ${leak.asset.name} (${leak.id}) rises to ${gasLeakPeakPctLel} %LEL from ${timing.onsetS} s over ${Math.round(timing.rampS)} s`,
    watch: { deviceId: leak.id, metric: 'methane_pct_lel' },
    fast: new Set([leak.id, ...beside]),
    apply(d, metric, v, atS) {
      const s = rampShare(atS, timing);
      if (metric === 'methane_pct_lel' && d.id === leak.id) return v + gasLeakPeakPctLel * s;
      if (metric === 'methane_pct_lel' && beside.has(d.id)) return v + 0.15 * gasLeakPeakPctLel * s;
      if (metric === 'pressure_mpa' && pipes.has(d.id)) return v * (1 - 0.03 * s);
      return v;
    },
  };
}

function storm(devices: SimDevice[], timing: IncidentTiming, seed: number): Incident {
  const gauges = devices.filter((d) => d.metrics.includes('rain_mm'));
  if (!gauges.length) throw new AppError('invalid', 'no simulated device reports rain_mm: a storm needs rain gauges', { field: '--incident' });
  // Rain is uneven: each gauge gets 70–130% of the storm's total; other devices follow their nearest gauge.
  const share = new Map(gauges.map((g) => [g.id, createRandom(seedFor(seed, g.id)).between(0.7, 1.3)]));
  const local = new Map<string, number>();
  const shareAt = (d: SimDevice) => {
    let s = local.get(d.id);
    if (s === undefined) {
      const g = [...gauges].sort((a, b) => distance2(a.asset, d.asset) - distance2(b.asset, d.asset))[0]!;
      local.set(d.id, (s = share.get(g.id)!));
    }
    return s;
  };
  const fallen = (d: SimDevice, atS: number) => stormTotalMm * shareAt(d) * rampShare(atS, timing);
  const traits = (d: SimDevice) => createRandom(seedFor(seed, `storm:${d.id}`));
  const wettest = [...gauges].sort((a, b) => share.get(b.id)! - share.get(a.id)!)[0]!;
  return {
    kind: 'storm',
    summary: `storm: ${gauges.length} rain gauges gather ${stormTotalMm * 0.7}–${stormTotalMm * 1.3} mm (past the CMA blue, yellow and orange signals at 50 mm, red at 100 mm) from ${timing.onsetS} s over ${Math.round(timing.rampS)} s; ponding and manhole levels rise`,
    watch: { deviceId: wettest.id, metric: 'rain_mm' },
    fast: new Set(),
    apply(d, metric, v, atS, sinceS) {
      if (metric === 'rain_mm') return v + Math.max(0, fallen(d, atS) - fallen(d, sinceS));
      const mm = fallen(d, atS);
      if (metric === 'depth_cm') {
        // Ponding starts once the first 25 mm have soaked in and filled the drains; underpasses differ in how deep they get.
        const deepest = traits(d).between(10, 60);
        return v + deepest * Math.min(1, Math.max(0, (mm - 25) / 95));
      }
      if (metric === 'level_m' && typeof d.asset.properties.overflowLevelM === 'number') {
        const top = d.asset.properties.overflowLevelM;
        const reach = traits(d).between(0.45, 1);
        return Math.min(top, v + (top * reach - v) * Math.pow(Math.min(1, Math.max(0, (mm - 10) / 100)), 0.8));
      }
      return v;
    },
  };
}

// Squared distance in degrees, longitude shrunk by the latitude: enough to rank neighbours.
function distance2(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const dx = (a.lon - b.lon) * Math.cos((a.lat * Math.PI) / 180);
  const dy = a.lat - b.lat;
  return dx * dx + dy * dy;
}
