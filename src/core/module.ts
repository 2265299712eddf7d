import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from './kernel.js';
import type { Subscriber } from './events.js';
import type { Job } from './scheduler.js';
import type { PackLoader } from './pack.js';
import type { PolicyTable } from './auth/policy.js';
import type { RequestContext } from './context.js';
import type { Command } from 'commander';

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
  /** The events it reacts to; a function when the subscribers need the kernel. */
  subscribers?: Subscriber[] | ((kernel: Kernel) => Subscriber[]);
  /** Its scheduled jobs; a function when the jobs need the kernel. */
  jobs?: Job[] | ((kernel: Kernel) => Job[]);
  packLoaders?: PackLoader[];
  /** Indicator computations it offers, by name (`hotline.resolution-rate`); whoever evaluates indicators (the city checkup) runs them. */
  indicators?: IndicatorProvider[];
  /** Receives every module's indicator computations once the service is composed (the module that evaluates indicators). */
  receiveIndicators?: (providers: IndicatorProvider[], kernel: Kernel) => void;
  /** Role → actions this module allows, merged into the one policy table. */
  policy?: PolicyTable;
  /** Adds the module's `citywork <name> …` commands. */
  commands?: (program: Command, cli: CliContext) => void;
  /** Called once the database is migrated, before the service listens. */
  start?: (kernel: Kernel) => void | Promise<void>;
  /** Called on shutdown, after the HTTP server stopped accepting. */
  stop?: (kernel: Kernel) => void | Promise<void>;
  /** What `/readyz` shows of the module (where its MQTT broker listens, say); read at each call. */
  readiness?: (kernel: Kernel) => Record<string, unknown>;
}

/** One region and year an indicator is computed for, with the indicator definition's parameters. */
export interface IndicatorScope {
  cityCode: string;
  /** The canonical 12-digit region code. */
  regionCode: string;
  year: number;
  /** The indicator definition's parameters for its provider (a category prefix, a threshold). */
  params: Record<string, unknown>;
  /** Shares an expensive read between the regions and indicators of one run: same key, same promise. */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** An object an indicator found a problem with: a building, a community, a street. */
export interface IndicatorProblem {
  /** `building`, `community`, `township`, `street`, `district` … */
  type: string;
  id: string;
  name: string;
  detail?: string;
}

/** A computed value (null: no data), the problem objects of a count indicator, the share of the data it rests on (0…1). */
export interface IndicatorResult {
  value: number | null;
  problems?: IndicatorProblem[];
  coverage?: number;
  /** Where the figure comes from, with its data year when that is not the year asked for. */
  source?: string;
  /** Whether it rests on sample or synthetic data (never to be read as a real figure). */
  sample?: boolean;
}

/** A computation a module offers for indicators, named `<module>.<what>` and referenced by indicator definitions. */
export interface IndicatorProvider {
  code: string;
  /** What it computes, in a line, for the indicator library's listing. */
  description: string;
  compute(k: Kernel, scope: IndicatorScope): Promise<IndicatorResult>;
}

/** What a CLI command works with: the API of the running service, or the database in-process. */
export interface CliSession {
  /** An API request, answered by the running service (embedded, locked) or in-process. */
  request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T>;
  /** In-process: the kernel and a system context, for use cases that report progress; null through the API. */
  direct: { kernel: Kernel; ctx: RequestContext } | null;
  /** A progress bar on stderr. */
  progress(label: string): { update(done: number, total: number, unit?: string): void; stop(): void };
}

/** How a module's commands reach citywork. */
export interface CliContext {
  /** Opens a session for one command and closes it after, whatever happens. */
  session<T>(fn: (s: CliSession) => Promise<T>): Promise<T>;
}
