import type { CityworkModule } from '../core/module.js';
import { regionsModule } from './regions/index.js';
import { hotlineModule } from './hotline/index.js';
import { monitoringModule } from './monitoring/index.js';
import { environmentModule } from './environment/index.js';
import { checkupModule } from './checkup/index.js';

/** The domain modules this build of citywork composes, in migration order. */
export const modules: CityworkModule[] = [regionsModule, hotlineModule, monitoringModule, environmentModule, checkupModule];
