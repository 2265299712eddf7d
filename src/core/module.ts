import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from './kernel.js';
import type { Subscriber } from './events.js';
import type { Job } from './scheduler.js';
import type { PackLoader } from './pack.js';
import type { PolicyTable } from './auth/policy.js';

/** The Fastify instance every module registers its routes on, validated by zod schemas. */
export type Routes = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/**
 * What a module is to the server: its name, its SQL migrations, its routes, the events it
 * reacts to, its scheduled jobs, what it reads from a city pack, and the actions it adds to
 * the access policy. The server composes the modules it is given; the core knows none of them.
 */
export interface CityworkModule {
  /** Lower-case, one word: `hotline`, `regions`; table names start with it. */
  name: string;
  /** Absolute path of the module's folder of `NNNN_name.sql` migrations. */
  migrationsDir?: string;
  /** Registers the module's routes under `/api/<name>` (or any prefix it needs). */
  routes?: (app: Routes, kernel: Kernel) => void | Promise<void>;
  subscribers?: Subscriber[];
  jobs?: Job[];
  packLoaders?: PackLoader[];
  /** Role → actions this module allows, merged into the one policy table. */
  policy?: PolicyTable;
  /** Called once the database is migrated, before the service listens. */
  start?: (kernel: Kernel) => void | Promise<void>;
  /** Called on shutdown, after the HTTP server stopped accepting. */
  stop?: (kernel: Kernel) => void | Promise<void>;
}
