import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import { roles } from '../../core/auth/policy.js';
import { registerAqiCommand } from './aqi-cli.js';
import { environmentCommands } from './environment-cli.js';
import { environmentRoutes } from './routes.js';
import { zonesPackLoader } from './zones/zones-store.js';
import { zoneSubscribers } from './zones/zone-subscribers.js';
import { factorsPackLoader } from './carbon/carbon-store.js';
import { parksPackLoader } from './parks/parks-store.js';
import { goodAirDaysShare } from './air-stations/good-air-days.js';
import { environmentJobs } from './air-stations/air-jobs.js';

// The calculators are public arithmetic and the zones public maps: every signed-in role may use them.
const everyone = ['environment.aqi.compute', 'environment.water.classify', 'environment.zone.read', 'environment.park.read', 'environment.air.read'];
const staffReads = ['environment.zone-flag.read', 'environment.emissions.read'];

/**
 * The environment module (the fourth task: green, low-carbon): AQI to the letter of HJ 633 and
 * US EPA 2024, daily AQI and yearly figures from hourly station data, GB 3838 water classes,
 * drinking-water source protection zones (HJ 338-2018) and what is flagged inside them, energy
 * CO2 from activity data × emission factors, park service-radius coverage.
 */
export const environmentModule: CityworkModule = {
  name: 'environment',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  routes: environmentRoutes,
  packLoaders: [zonesPackLoader, factorsPackLoader, parksPackLoader],
  subscribers: zoneSubscribers,
  indicators: [goodAirDaysShare],
  jobs: environmentJobs,
  // `citywork aqi` is a calculation: it is registered at the top level and opens no database.
  commands: (program, cli) => {
    registerAqiCommand(program);
    environmentCommands(program, cli);
  },
  policy: {
    ...Object.fromEntries(roles.map((r) => [r, everyone])),
    admin: [...everyone, ...staffReads, 'environment.activity.import', 'environment.park.import', 'environment.air.import'],
    analyst: [...everyone, ...staffReads, 'environment.activity.import', 'environment.park.import'],
    operator: [...everyone, ...staffReads],
    dispatcher: [...everyone, ...staffReads],
    handler: [...everyone, ...staffReads],
    assessor: [...everyone, ...staffReads],
    engineer: [...everyone, ...staffReads, 'environment.air.import'],
  },
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
// The input checks the AQI and water-class API and CLI apply (units, PM2.5 vs PM10, parts above their whole).
export { checkedAqiRequest, checkAqiInput, pmTolerance } from './input-checks/aqi-plausibility.js';
export { checkedWaterClass, checkWaterInput } from './input-checks/water-plausibility.js';
// The `citywork aqi` batch reader, for callers that stream JSON lines themselves.
export { aqiJsonl, parseFieldArgs } from './aqi-cli.js';
// Drinking-water source protection zones (HJ 338-2018) and the flags of what lies inside them.
export { environmentEvents, type ZoneFlaggedPayload } from './events.js';
export { zonesAt, invalidateZones, type ZoneHit } from './zones/zone-index.js';
export { zoneLevels, zoneLevelTable, type ZoneLevel } from './zones/zone-levels.js';
export { flagSubject, listFlags, type FlagSubject, type ZoneFlag } from './zones/zone-flags.js';
export { readZonesFile, zonesFileSchema } from './zones/zones-file.js';
// Carbon: the checkup's input.
export { emissionsOf, importActivity, loadFactors } from './carbon/carbon-store.js';
export { computeEmissions, type Emissions } from './carbon/emissions.js';
export { sectors, sectorTable, type Sector } from './carbon/sectors.js';
// Park service-radius coverage: the pure function (areas as polygons) and a region's figure.
export { parkCoverage, coverageOnGrid, coverageAssumptions, type ParkCoverage, type CoverageArea } from './parks/coverage.js';
export { regionParkCoverage, type RegionParkCoverage } from './parks/region-coverage.js';
export { readParksFile, type ParkGeometry } from './parks/parks-file.js';
// Air stations on real data: the UCI Beijing import, the stored daily figures per station and region.
export { importAirStations, type AirImportReport } from './air-stations/import-air.js';
export { computeAirDays, type AirDaysReport } from './air-stations/compute-days.js';
export { recomputeRecentAirDays } from './air-stations/air-jobs.js';
export { airDaily, airSummary, listAirReportStations } from './air-stations/air-report.js';
export { uciStations, type UciStation } from './air-stations/uci-stations.js';
// A test and demo factory: a few rows of some UCI station files, written to a temporary folder at run time.
export { writeUciSlice, type SliceEdit } from './air-stations/uci-slice.js';
export { goodAirDaysShare } from './air-stations/good-air-days.js';
