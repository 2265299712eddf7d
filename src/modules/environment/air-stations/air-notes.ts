// What the air reports say about how their figures are made: one place, so the API, the
// console and the checkup indicator say the same.

/** How a daily AQI and its validity are defined. */
export const dailyNote =
  'Daily AQI (日报) under the HJ 633 in force on the day (HJ 633-2012 to 2026-02-28, HJ 633-2026 from 2026-03-01) from the 24-h means of SO2, NO2, CO, PM10 and PM2.5 (each needing ≥ 20 valid hours), the day’s highest 1-h O3 and its highest 8-h O3 moving mean (windows ending 07:00–23:00, each needing ≥ 6 valid hours, ≥ 14 valid windows); a day has an AQI only when all seven are valid (GB 3095-2012 §8). Concentrations are rounded before indexing (HJ 663-2013, GB/T 8170 halves to even). Local days in China Standard Time.';

/** How the summary figures are defined. */
export const summaryNote =
  'Good days (优良天数): valid days with AQI ≤ 100; their share (优良天数比例) is over the valid days. Exceedance days (超标天数): AQI > 100. Days by level: levels 1–6 of the valid days. Primary pollutants: the days each was primary (AQI > 50; a tie counts for each; O3 once though its 1-h and 8-h statistics tie). Mean PM2.5: the mean of the valid daily PM2.5 means (µg/m³).';

/** How the city's figure is made from its stations. */
export function regionNote(stations: number): string {
  return `The city’s figure: each hour, the arithmetic mean of the concentrations of its stations that reported that hour, then the daily statistics, validity rules and AQI as for one station — a city’s concentration is the mean of its evaluation stations’ (HJ 663-2013 城市点位浓度的算术平均; its text could not be retrieved to check whether it averages hours or daily statistics: this service averages hours, as a city’s real-time AQI is published). It rests on ${stations} real station${stations === 1 ? '' : 's'} (simulated stations never count); stations that do not report an hour are left out of that hour’s mean.`;
}

/** Where the readings come from, from the stations' own record of it. */
export function sourceNote(datasets: readonly string[]): string | null {
  const unique = [...new Set(datasets.filter(Boolean))];
  return unique.length ? `Readings: ${unique.join('; ')}.` : null;
}

/** What the points of the UCI stations are. */
export const coordinatesNote = 'Station points: the CNEMC national station list (1001A–1012A) as published, 2–4 decimals, datum not stated — approximate (uncertaintyM gives each point’s rounding alone).';
