import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import type { Kernel } from '../../core/kernel.js';
import { regionsRoutes } from './routes.js';
import { regionsPackLoader, regionsEvents, importRegions } from './import.js';
import { regionsCommands } from './cli.js';
import { prepareRegions } from './locator.js';

/** The regions module: the modern urban system, from city clusters to communities. */
export const regionsModule: CityworkModule = {
  name: 'regions',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  routes: regionsRoutes,
  packLoaders: [regionsPackLoader],
  policy: { admin: ['regions.region.import'] },
  commands: regionsCommands,
  // Build the index in the background at start, so the first locate does not wait for it;
  // stop waits for that build, so the database is never closed under its queries.
  start(k) {
    warming.set(k, prepareRegions(k, k.config.cityCode).then(() => undefined, (err) => k.logger.warn({ err: (err as Error).message }, 'regions index not built at start')));
  },
  async stop(k) {
    await warming.get(k);
  },
};

const warming = new WeakMap<Kernel, Promise<void>>();

// The module's public face for other modules: "which region is this point in, and who governs it".
export { locate, resolveAddress, lineage, invalidateRegions, type Location, type RegionNode } from './locator.js';
export { importRegions, regionsEvents };
export { normaliseCode, levelOfCode, regionLevels, type RegionLevel } from './codes.js';
export { citySizeClass, citySizeClasses } from './city-size.js';
export { findRegion, listAttributes, listChildren, searchRegions, regionsGeoJson } from './store.js';
