import type { CityworkModule } from '../../core/module.js';
import { roles } from '../../core/auth/policy.js';
import { registerAqiCommand } from './aqi-cli.js';
import { environmentRoutes } from './routes.js';

/**
 * The environment module (the fourth task: green, low-carbon): AQI to the letter of HJ 633 and
 * US EPA 2024, daily AQI and yearly figures from hourly station data, GB 3838 water classes.
 */
export const environmentModule: CityworkModule = {
  name: 'environment',
  routes: environmentRoutes,
  // `citywork aqi` is a calculation: it is registered at the top level and opens no database.
  commands: (program) => registerAqiCommand(program),
  // The AQI calculator is public arithmetic: every signed-in role may use it.
  policy: Object.fromEntries(roles.map((r) => [r, ['environment.aqi.compute']])),
};

// The module's public face for other modules (monitoring, checkup, the console's reports).
export { computeAqi, computeAqiRequest, levelOf, type AqiResult } from './aqi/compute.js';
export { aqiStandards, aqiStandard, standardInForce } from './aqi/standards.js';
export { standardIds, type StandardId, type AqiStandard, type Pollutant } from './aqi/types.js';
export { nowcast, nowcastAqi, type Nowcast, type NowcastPollutant } from './aqi/nowcast.js';
export { dailyAqi, dailyFields, type DailyAqi, type DailyAqiOptions, type DailyField } from './air/daily-aqi.js';
export { summariseAir, type AirSummary } from './air/air-summary.js';
export { type HourlyReading } from './air/hourly.js';
export { parseUciBeijing } from './air/uci-beijing.js';
export { waterClass, type WaterClassResult } from './water/water-class.js';
export { gb3838Table1, waterClasses, type WaterClass } from './water/gb3838-2002.js';
// The `citywork aqi` batch reader, for callers that stream JSON lines themselves.
export { aqiJsonl, parseFieldArgs } from './aqi-cli.js';
