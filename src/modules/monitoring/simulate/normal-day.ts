import { airTemperatureC, beijingTime, inHeatingSeason, normalHighLow, trafficFactor, waterDemandFactor } from './climate.js';
import type { Random } from './random.js';

/** What the simulator knows of an asset: its type and the properties its readings depend on. */
export interface SimAsset {
  id: string;
  code: string | null;
  type: string;
  name: string;
  lon: number;
  lat: number;
  properties: Record<string, unknown>;
}

/** A device's own character: how far its asset sits from the typical one (scale ≈ 1, offset ≈ N(0, 1)). */
export interface DeviceTraits {
  scale: number;
  offset: number;
}

/** A metric's value on an ordinary day, and the sensor noise around it (sd, and how long a wander lasts). */
export interface NormalValue {
  value: number;
  sd: number;
  tauS: number;
  /** The lowest the sensor shows (0 for concentrations and levels). */
  floor?: number;
}

// Earlier names of the demo pack's asset types, read as the current ones.
const typeAliases: Record<string, string> = { gas_pipe: 'gas_pipe_segment', adjacent_space: 'gas_adjacent_space', manhole: 'drainage_manhole', heat_pipe: 'heating_pipe' };

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * A device's reading of `metric` at `ms` on a day without incidents: diurnal water demand and
 * traffic, the season's temperatures, heating in season, no rain. Undefined for a metric the
 * simulator has no model of (it is then not sent).
 */
export function normalValue(asset: SimAsset, metric: string, ms: number, traits: DeviceTraits, rnd: Random): NormalValue | undefined {
  const p = asset.properties;
  const { month, day, hour } = beijingTime(ms);
  const air = airTemperatureC(ms);
  const demand = waterDemandFactor(hour);
  const traffic = trafficFactor(hour);
  switch (`${typeAliases[asset.type] ?? asset.type}:${metric}`) {
    case 'gas_pipe_segment:pressure_mpa': {
      // Run at about 80% of the design pressure, sagging a little at the cooking peaks.
      const v = num(p.designPressureMpa, 0.2) * 0.8 * traits.scale * (1 - 0.03 * (demand - 1));
      return { value: v, sd: v * 0.004, tauS: 120 };
    }
    case 'gas_adjacent_space:methane_pct_lel':
      return { value: 0.6 + 0.3 * traits.offset, sd: 0.25, tauS: 60, floor: 0 };
    case 'gas_adjacent_space:temperature_c':
      return { value: undergroundC(month, day) + 0.8 * traits.offset, sd: 0.08, tauS: 600 };
    case 'water_main:pressure_mpa':
    case 'valve:pressure_mpa': {
      // Highest at the night minimum of demand, lowest at the peaks (head loss grows with flow).
      const v = num(p.normalPressureMpa, 0.3) * traits.scale * (1 + 0.1 * (1 - demand));
      return { value: v, sd: v * 0.006, tauS: 60 };
    }
    case 'water_main:flow_m3h': {
      // Mean velocity about 0.6 m/s in the pipe's section; the night flow is the leakage floor plus night use.
      const d = num(p.diameterMm, 600) / 1000;
      const v = 0.6 * traits.scale * ((Math.PI * d * d) / 4) * 3600 * demand;
      return { value: v, sd: v * 0.02, tauS: 60, floor: 0 };
    }
    case 'drainage_manhole:level_m':
      return { value: dryWeatherLevelM(p, hour, traits), sd: 0.008, tauS: 120, floor: 0 };
    case 'bridge:strain_ue': {
      // Live load from traffic, and now and then a heavy vehicle crossing.
      const design = num(p.designStrainUe, 150);
      const truck = rnd.next() < 0.08 * traffic ? rnd.between(0.05, 0.15) : 0;
      return { value: design * (0.04 + 0.2 * traffic * traits.scale + truck) + 0.4 * (air - 15), sd: design * 0.01, tauS: 5 };
    }
    case 'bridge:deflection_mm': {
      const design = num(p.deflectionLimitMm ?? p.designDeflectionMm, 60);
      const truck = rnd.next() < 0.08 * traffic ? rnd.between(0.04, 0.12) : 0;
      return { value: design * (0.03 + 0.16 * traffic * traits.scale + truck), sd: design * 0.005, tauS: 5 };
    }
    case 'bridge:temperature_c':
      return { value: air + 1.5 + 0.5 * traits.offset, sd: 0.1, tauS: 600 };
    case 'waterlogging_point:depth_cm':
      return { value: 0, sd: 0, tauS: 60, floor: 0 };
    case 'rain_gauge:rain_mm':
      return { value: 0, sd: 0, tauS: 60, floor: 0 };
    case 'heating_pipe:temperature_c':
      return { value: heatingSupplyC(p, ms, air, traits), sd: 0.3, tauS: 300 };
    case 'heating_pipe:pressure_mpa': {
      // Circulating in season, the static pressure of the filled network out of it.
      const v = num(p.designPressureMpa, 1.6) * (inHeatingSeason(ms) ? 0.55 : 0.35) * traits.scale;
      return { value: v, sd: v * 0.004, tauS: 120 };
    }
    default:
      return environmental(metric, month, hour, air, traffic, traits);
  }
}

// Ground a metre or two down follows the air a month late and with half the swing.
function undergroundC(month: number, day: number): number {
  const { high, low } = normalHighLow((month + 11) % 12, day);
  return 13 + 0.5 * ((high + low) / 2 - 12.5);
}

// Sewage follows water demand an hour later; storm sewers are nearly dry in dry weather.
function dryWeatherLevelM(p: Record<string, unknown>, hour: number, traits: DeviceTraits): number {
  const pipe = num(p.pipeDiameterMm, 800) / 1000;
  const share = p.network === 'storm' ? 0.04 : 0.18 + 0.12 * waterDemandFactor(hour - 1);
  return pipe * share * traits.scale;
}

// Weather-compensated supply temperature: 45 °C at 18 °C outside, the design supply at Beijing's
// heating design outdoor temperature, −7.6 °C (GB 50736-2012 appendix A, quoted from memory; not checked).
function heatingSupplyC(p: Record<string, unknown>, ms: number, air: number, traits: DeviceTraits): number {
  if (!inHeatingSeason(ms)) return 24 + 2 * traits.offset;
  const design = num(p.designSupplyTempC, 110);
  return 45 + (design - 45) * clamp01((18 - air) / (18 + 7.6)) + 1.5 * traits.offset;
}

// Air and river stations: seasonal levels with their daily shapes (citywork defaults, authored:
// PM2.5 near Beijing's recent annual means of about 30–40 µg/m³, worse in the heating season).
function environmental(metric: string, month: number, hour: number, air: number, traffic: number, t: DeviceTraits): NormalValue | undefined {
  const winter = month >= 10 || month <= 1;
  const summer = month >= 5 && month <= 7;
  const night = 1 + 0.2 * Math.cos(((hour - 1) / 24) * 2 * Math.PI);
  const sun = clamp01(Math.sin(((hour - 6) / 14) * Math.PI));
  switch (metric) {
    case 'pm25_ugm3':
      return { value: (winter ? 55 : summer ? 28 : 38) * night * t.scale, sd: 8, tauS: 1800, floor: 2 };
    case 'pm10_ugm3':
      return { value: (winter ? 90 : summer ? 50 : 70) * night * t.scale, sd: 12, tauS: 1800, floor: 5 };
    case 'no2_ugm3':
      return { value: 18 + 16 * traffic * t.scale, sd: 4, tauS: 900, floor: 1 };
    case 'so2_ugm3':
      return { value: (winter ? 6 : 3) * t.scale, sd: 0.6, tauS: 1800, floor: 1 };
    case 'o3_ugm3':
      return { value: 20 + (summer ? 150 : winter ? 35 : 90) * Math.pow(sun, 1.5) * t.scale, sd: 6, tauS: 900, floor: 2 };
    case 'co_mgm3':
      return { value: (winter ? 0.8 : 0.45) + 0.15 * traffic, sd: 0.05, tauS: 900, floor: 0.1 };
    case 'ph':
      return { value: 7.8 + 0.15 * sun + 0.1 * t.offset, sd: 0.02, tauS: 1800 };
    case 'do_mgl':
      // Colder water holds more oxygen; algae add some by day.
      return { value: 11.5 - 0.18 * Math.max(0, air) + 0.8 * sun + 0.3 * t.offset, sd: 0.1, tauS: 1800, floor: 0 };
    case 'nh3n_mgl':
      return { value: 0.3 * t.scale, sd: 0.02, tauS: 3600, floor: 0.01 };
    case 'codmn_mgl':
      return { value: 3.2 * t.scale, sd: 0.1, tauS: 3600, floor: 0.1 };
    case 'turbidity_ntu':
      return { value: 8 * t.scale, sd: 0.8, tauS: 1800, floor: 0.1 };
    default:
      return undefined;
  }
}
