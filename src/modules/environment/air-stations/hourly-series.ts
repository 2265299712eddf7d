import type { Kernel } from '../../../core/kernel.js';
import type { Actor } from '../../../core/context.js';
import { deviceReadings, type Point } from '../../monitoring/index.js';
import { hourlyPollutants, type HourlyPollutant, type HourlyReading } from '../air/hourly.js';
import type { AirStation } from './station-assets.js';

const hourMs = 3_600_000;

/** The pollutant each catalogue metric measures; CO arrives in mg/m³ (the daily AQI is told so). */
export const pollutantOfMetric: Record<string, HourlyPollutant> = {
  pm25_ugm3: 'pm25',
  pm10_ugm3: 'pm10',
  so2_ugm3: 'so2',
  no2_ugm3: 'no2',
  co_mgm3: 'co',
  o3_ugm3: 'o3',
};

/** An hourly series keyed by the hour's start (epoch ms). */
export type HourlySeries = Map<number, HourlyReading & { ts: number }>;

/**
 * A station's hourly concentrations in [from, to) from monitoring's stored readings: the mean of
 * each clock hour per pollutant. Readings stamped on the hour, one an hour (as the UCI data has),
 * are their own means and are read raw in one query; other series are read as hourly means.
 */
export async function stationHourly(k: Kernel, actor: Actor, station: AirStation, from: Date, to: Date): Promise<HourlySeries> {
  const series: HourlySeries = new Map();
  const put = (p: HourlyPollutant, points: readonly Point[]) => {
    for (const pt of points) {
      const ts = Date.parse(pt.ts);
      let hour = series.get(ts);
      if (!hour) series.set(ts, (hour = { ts }));
      hour[p] = 'avg' in pt ? pt.avg : pt.value;
    }
  };
  const byDevice = new Map<string, string[]>();
  for (const [metric, device] of station.devices) byDevice.set(device, [...(byDevice.get(device) ?? []), metric]);
  const hours = Math.ceil((to.getTime() - from.getTime()) / hourMs);
  for (const [device, metrics] of byDevice) {
    const read = (resolution: 'raw' | 'hour', metric?: string) => deviceReadings(k.db, actor, device, { metric, from, to, resolution, limit: hours }, k.clock.now());
    const raw = await read('raw', metrics.length === 1 ? metrics[0] : undefined);
    for (const s of raw.series) {
      const p = metrics.includes(s.metric) ? pollutantOfMetric[s.metric] : undefined;
      if (!p) continue;
      put(p, !s.truncated && onTheHour(s.points) ? s.points : (await read('hour', s.metric)).series[0]?.points ?? []);
    }
  }
  return series;
}

// Whether raw points are one a clock hour, each stamped on the hour (ordered by time, as read).
function onTheHour(points: readonly Point[]): boolean {
  let last = -Infinity;
  for (const pt of points) {
    const ts = Date.parse(pt.ts);
    if (ts % hourMs !== 0 || ts <= last) return false;
    last = ts;
  }
  return true;
}

/**
 * A region's hourly series from its stations': each hour and pollutant the arithmetic mean of
 * the stations that have a value (at least one), with how many stations reported that hour.
 */
export function meanHourly(stations: readonly HourlySeries[]): { series: HourlySeries; reporting: Map<number, number> } {
  const sums = new Map<number, Record<HourlyPollutant, [number, number]>>();
  const reporting = new Map<number, number>();
  for (const s of stations) {
    for (const [ts, h] of s) {
      let acc = sums.get(ts);
      if (!acc) sums.set(ts, (acc = Object.fromEntries(hourlyPollutants.map((p) => [p, [0, 0]])) as Record<HourlyPollutant, [number, number]>));
      let any = false;
      for (const p of hourlyPollutants) {
        const v = h[p];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
        acc[p][0] += v;
        acc[p][1]++;
        any = true;
      }
      if (any) reporting.set(ts, (reporting.get(ts) ?? 0) + 1);
    }
  }
  const series: HourlySeries = new Map();
  for (const [ts, acc] of [...sums].sort(([a], [b]) => a - b)) {
    const h: HourlyReading & { ts: number } = { ts };
    for (const p of hourlyPollutants) if (acc[p][1]) h[p] = acc[p][0] / acc[p][1];
    series.set(ts, h);
  }
  return { series, reporting };
}
