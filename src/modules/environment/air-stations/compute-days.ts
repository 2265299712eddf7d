import { AppError } from '../../../core/errors.js';
import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import { normaliseCode } from '../../regions/index.js';
import { dailyAqi } from '../air/daily-aqi.js';
import { upsertDays, type Scope } from './daily-rows.js';
import { meanHourly, stationHourly, type HourlySeries } from './hourly-series.js';
import { airStations, type AirStation } from './station-assets.js';

/** What a computation of daily figures did. */
export interface AirDaysReport {
  from: string;
  to: string;
  stations: number;
  regions: number;
  rows: number;
  seconds: number;
}

const dayMs = 86_400_000;
const beijingMs = 8 * 3_600_000;
const day = /^\d{4}-\d{2}-\d{2}$/;
const startOf = (d: string) => Date.parse(`${d}T00:00:00Z`) - beijingMs;
// The daily AQI reads CO in mg/m³ (the catalogue's unit) and local days in China Standard Time.
const dailyOptions = { coUnit: 'mg/m³', utcOffsetMinutes: 480 } as const;

/**
 * The regions whose figure is computed from their real (not simulated) stations: the city, from
 * every one of them (a city's hourly concentration is the mean of its stations'). Districts get
 * none: their figures come from district stations, and a national station's district would rest
 * on its approximate published point against the pack's boundaries (东四 falls in 朝阳区 so).
 */
export function regionScopes(cityCode: string, stations: readonly AirStation[]): { code: string; stations: string[] }[] {
  const real = stations.filter((s) => !s.asset.simulated && s.devices.size);
  return real.length ? [{ code: normaliseCode(cityCode), stations: real.map((s) => s.asset.id) }] : [];
}

/**
 * Computes and stores the daily AQI of the air stations (every one, or those `only` names by
 * asset id) and of the city (always from every station) for the local days from … to (inclusive),
 * a local year at a time, streaming the hourly readings from monitoring. Days without readings
 * are left as they are (their raw readings may be gone).
 */
export async function computeAirDays(k: Kernel, ctx: RequestContext, { from, to, only, onProgress }: { from: string; to: string; only?: readonly string[]; onProgress?: (done: number, total: number) => void }): Promise<AirDaysReport> {
  if (!day.test(from) || !day.test(to) || from > to) throw new AppError('invalid', 'from and to must be days YYYY-MM-DD, from not after to', { field: 'from' });
  const actor = k.policy.check(ctx.actor, { action: 'environment.air.import' });
  const started = performance.now();
  const stations = (await airStations(k, actor)).filter((s) => s.devices.size);
  const regions = regionScopes(ctx.cityCode, stations);
  const inRegion = new Set(regions.flatMap((r) => r.stations));
  const wanted = stations.filter((s) => !only || only.includes(s.asset.id) || inRegion.has(s.asset.id));
  const chunks = yearChunks(from, to);
  let rows = 0;
  for (const [i, [a, b]] of chunks.entries()) {
    const fromTs = new Date(startOf(a));
    const toTs = new Date(startOf(b) + dayMs);
    const hourly = new Map<string, HourlySeries>();
    const out: { scope: Scope; day: ReturnType<typeof dailyAqi>[number]; stations: number }[] = [];
    for (const s of wanted) {
      const series = await stationHourly(k, actor, s, fromTs, toTs);
      hourly.set(s.asset.id, series);
      if (only && !only.includes(s.asset.id)) continue;
      for (const d of dailyAqi(series.values(), dailyOptions)) out.push({ scope: { kind: 'station', id: s.asset.id }, day: d, stations: 1 });
    }
    for (const r of regions) {
      const { series, reporting } = meanHourly(r.stations.map((id) => hourly.get(id) ?? new Map()));
      const perDay = new Map<string, number>();
      for (const [ts, n] of reporting) {
        const d = new Date(ts + beijingMs).toISOString().slice(0, 10);
        perDay.set(d, Math.max(perDay.get(d) ?? 0, n));
      }
      for (const d of dailyAqi(series.values(), dailyOptions)) out.push({ scope: { kind: 'region', id: r.code }, day: d, stations: perDay.get(d.date) ?? 0 });
    }
    rows += await upsertDays(k.db, ctx.cityCode, out, k.clock.now());
    onProgress?.(i + 1, chunks.length);
  }
  return { from, to, stations: only ? stations.filter((s) => only.includes(s.asset.id)).length : stations.length, regions: regions.length, rows, seconds: (performance.now() - started) / 1000 };
}

// [from, to] cut at the ends of local calendar years, so a chunk holds every station's year at most.
function yearChunks(from: string, to: string): [string, string][] {
  const out: [string, string][] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    out.push([y === Number(from.slice(0, 4)) ? from : `${y}-01-01`, y === Number(to.slice(0, 4)) ? to : `${y}-12-31`]);
  }
  return out;
}
