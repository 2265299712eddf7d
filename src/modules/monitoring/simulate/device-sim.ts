import type { Incident, SimDevice } from './incidents.js';
import { normalValue, type DeviceTraits } from './normal-day.js';
import { createRandom, seedFor, type Random } from './random.js';

/** A telemetry message as the ingest takes it, marked as simulated (the ingest reads only ts and readings). */
export interface SimMessage {
  ts: string;
  simulated: true;
  source: string;
  readings: { metric: string; value: number }[];
}

/** One simulated device: it remembers its noise and when it last reported, and composes its next message. */
export interface DeviceSim {
  device: SimDevice;
  /** Seconds into the run of its last message, or null before the first. */
  lastS: number | null;
  /** The message it sends at `ms` (wall clock), `atS` seconds into the run; null when it has no metric to send. */
  message(ms: number, atS: number): SimMessage | null;
}

// Decimal places a sensor reports, per metric (rain: a 0.1 mm tipping bucket).
const decimals: Record<string, number> = { pressure_mpa: 4, methane_pct_lel: 1, temperature_c: 1, flow_m3h: 1, level_m: 3, depth_cm: 1, rain_mm: 1, strain_ue: 1, deflection_mm: 2, co_mgm3: 2, ph: 2, do_mgl: 2, nh3n_mgl: 3, codmn_mgl: 2, turbidity_ntu: 1 };

/** A device's simulator: its traits and noise come from the run's seed and its id, so a seed repeats a run. */
export function createDeviceSim(device: SimDevice, incident: Incident, seed: number): DeviceSim {
  const rnd: Random = createRandom(seedFor(seed, device.id));
  const traits: DeviceTraits = { scale: rnd.between(0.92, 1.08), offset: Math.max(-2, Math.min(2, rnd.normal())) };
  // An Ornstein–Uhlenbeck wander per metric: exact for uneven intervals, so the rate does not change its look.
  const wander = new Map<string, number>();
  const bucket = new Map<string, number>();
  const sim: DeviceSim = {
    device,
    lastS: null,
    message(ms, atS) {
      const since = sim.lastS ?? atS - 1;
      const dt = Math.max(0, atS - since);
      const readings: SimMessage['readings'] = [];
      for (const metric of device.metrics) {
        const normal = normalValue(device.asset, metric, ms, traits, rnd);
        if (!normal) continue;
        const phi = Math.exp(-dt / normal.tauS);
        const x = (wander.get(metric) ?? rnd.normal(0, normal.sd)) * phi + rnd.normal(0, normal.sd * Math.sqrt(1 - phi * phi));
        wander.set(metric, x);
        let value = incident.apply(device, metric, normal.value + x, atS, since);
        if (normal.floor !== undefined) value = Math.max(normal.floor, value);
        readings.push({ metric, value: metric === 'rain_mm' ? tip(bucket, metric, value) : round(value, decimals[metric] ?? 1) });
      }
      sim.lastS = atS;
      return readings.length ? { ts: new Date(ms).toISOString(), simulated: true, source: 'citywork monitoring simulate', readings } : null;
    },
  };
  return sim;
}

function round(v: number, places: number): number {
  const f = 10 ** places;
  return Math.round(v * f) / f;
}

// A tipping bucket reports whole tips of 0.1 mm and keeps the rest for the next interval, so nothing is lost to rounding.
function tip(bucket: Map<string, number>, metric: string, mm: number): number {
  const total = (bucket.get(metric) ?? 0) + Math.max(0, mm);
  const tips = Math.floor(total * 10 + 1e-9) / 10;
  bucket.set(metric, total - tips);
  return round(tips, 1);
}
