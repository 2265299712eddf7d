import type { CityworkModule } from '../core/module.js';

/** The domain modules this build of citywork composes, in migration order. */
export const modules: CityworkModule[] = [];
