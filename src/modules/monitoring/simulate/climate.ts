// The city's rhythms the simulated readings follow: Beijing's weather, water demand, traffic.

/** Beijing local time (UTC+8, no daylight saving) of an instant: month 0–11, day of month, hour with fractions. */
export function beijingTime(ms: number, offsetMinutes = 480): { month: number; day: number; hour: number } {
  const d = new Date(ms + offsetMinutes * 60_000);
  return { month: d.getUTCMonth(), day: d.getUTCDate(), hour: d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600 };
}

/** CMA climate normals 1971–2000 for Beijing, average daily high and low in °C, January first
   (as quoted by Wikipedia, "Geography of Beijing", climate table). */
export const beijingNormalsC = {
  high: [1.8, 5.0, 11.6, 20.3, 26.0, 30.2, 30.9, 29.7, 25.8, 19.1, 10.1, 3.7],
  low: [-8.4, -5.6, 0.4, 7.9, 13.6, 18.8, 22.0, 20.8, 14.8, 7.9, 0.0, -5.8],
} as const;

/** The month's normal high and low, interpolated between mid-months so the seasons turn smoothly. */
export function normalHighLow(month: number, day: number): { high: number; low: number } {
  const f = (day - 15) / 30;
  const other = (month + (f < 0 ? 11 : 1)) % 12;
  const w = Math.abs(f);
  const mix = (t: readonly number[]) => (1 - w) * t[month]! + w * t[other]!;
  return { high: mix(beijingNormalsC.high), low: mix(beijingNormalsC.low) };
}

/** The air temperature a typical day brings at this hour: the low near 05:00, the high near 14:00. */
export function airTemperatureC(ms: number): number {
  const { month, day, hour } = beijingTime(ms);
  const { high, low } = normalHighLow(month, day);
  // Warming from 05:00 to 14:00 (9 h), cooling over the other 15 h: a half cosine each way.
  const h = (hour - 5 + 24) % 24;
  const up = h <= 9;
  const phase = up ? h / 9 : (h - 9) / 15;
  const shape = up ? (1 - Math.cos(Math.PI * phase)) / 2 : (1 + Math.cos(Math.PI * phase)) / 2;
  return low + (high - low) * shape;
}

/** Whether district heating runs: Beijing's heating period, 15 November to 15 March (北京市供热采暖管理办法; not checked here). */
export function inHeatingSeason(ms: number): boolean {
  const { month, day } = beijingTime(ms);
  return month === 10 ? day >= 15 : month === 2 ? day <= 15 : month === 11 || month === 0 || month === 1;
}

/** Hourly water demand as a share of the daily mean (they average 1), 00:00 first: the night minimum at 03–04,
   the morning peak at 07–08, the evening peak at 19–20 (citywork default, authored; a
   typical residential pattern, not a Beijing measurement). */
export const waterDemandByHour = [0.64, 0.54, 0.47, 0.42, 0.44, 0.63, 1.02, 1.4, 1.43, 1.25, 1.15, 1.17, 1.2, 1.1, 1.02, 1.0, 1.06, 1.2, 1.35, 1.41, 1.33, 1.15, 0.9, 0.72] as const;

/** Hourly road traffic as a share of the daily mean (they average 1), 00:00 first: rush hours 07–09 and 17–19
   (citywork default, authored). */
export const trafficByHour = [0.3, 0.2, 0.15, 0.12, 0.15, 0.4, 0.98, 1.64, 1.7, 1.4, 1.21, 1.2, 1.16, 1.16, 1.2, 1.3, 1.52, 1.72, 1.68, 1.36, 1.15, 1.0, 0.75, 0.55] as const;

/** Water demand at this hour as a share of the daily mean (linear between the hours). */
export function waterDemandFactor(hour: number): number {
  return hourly(waterDemandByHour, hour);
}

/** Road traffic at this hour as a share of the daily mean (linear between the hours). */
export function trafficFactor(hour: number): number {
  return hourly(trafficByHour, hour);
}

function hourly(table: readonly number[], hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return table[i]! * (1 - f) + table[(i + 1) % 24]! * f;
}
