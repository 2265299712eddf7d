import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './core/config.js';
import { systemClock, type Clock } from './core/clock.js';
import { openDatabase, transactionScope, type Database } from './core/db/database.js';
import { acquireDataDirLock } from './core/db/lock.js';
import { runMigrations, type MigrationSource } from './core/db/migrate.js';
import { isConnectionError } from './core/db/pg-errors.js';
import { createLogger, type Logger } from './core/logger.js';
import { loadSecrets } from './core/secrets.js';
import { createPii } from './core/pii.js';
import { corePolicy, createPolicy } from './core/auth/policy.js';
import { createOutboxDispatcher } from './core/outbox-dispatcher.js';
import { needsQueueVacuum, queueVacuumJob } from './core/db/vacuum.js';
import { createScheduler, type Job, type Scheduler } from './core/scheduler.js';
import { advisoryLockLeadership, soleLeadership } from './core/leader.js';
import { createMetrics } from './core/metrics.js';
import { createHttp } from './core/http.js';
import { authenticationHook } from './core/auth/authenticate.js';
import { authRoutes } from './core/auth/routes.js';
import { coreRoutes } from './core/routes.js';
import { cityLoader, type PackLoader } from './core/pack.js';
import { orgRoutes, orgsLoader } from './core/orgs.js';
import { purgeIdempotencyKeys } from './core/idempotency.js';
import { adaptersFromConfig, createNotificationWorker } from './core/notify.js';
import { blobStoreFromConfig } from './core/blobs.js';
import { closeLive } from './core/live.js';
import { consoleRoutes } from './core/console.js';
import type { CityworkModule, Routes } from './core/module.js';
import type { Kernel } from './core/kernel.js';
import { version } from './version.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The core's own migrations folder. */
export const coreMigrations: MigrationSource = { name: 'core', dir: path.join(here, 'core', 'migrations') };

/** Where the built web console is: `web/dist` beside `src/` and `dist/`. */
export const consoleDir = path.resolve(here, '..', 'web', 'dist');

export interface ServiceOptions {
  config: Config;
  modules: CityworkModule[];
  logger?: Logger;
  clock?: Clock;
  /** Reuse an open database (tests); otherwise one is opened from the config. */
  database?: Database;
  /** Start the outbox loop, scheduler and ready checks (off in most unit tests). */
  background?: boolean;
}

/** A composed service: the kernel, the HTTP app, and the life cycle around them. */
export interface Service {
  kernel: Kernel;
  app: FastifyInstance<any, any, any, any, any>;
  scheduler: Scheduler;
  packLoaders: PackLoader[];
  /** Listens on the configured host and port; resolves with the URL. */
  listen(): Promise<string>;
  /** Graceful shutdown: stop accepting, drain requests, flush the outbox, close the database. */
  stop(): Promise<void>;
}

/** The migration sources of the core and the given modules, in order. */
export function migrationSources(modules: CityworkModule[]): MigrationSource[] {
  return [coreMigrations, ...modules.filter((m) => m.migrationsDir).map((m) => ({ name: m.name, dir: m.migrationsDir! }))];
}

/**
 * Composes the core and the given modules into one service: locks the data directory
 * (embedded), opens and migrates the database, builds the policy, outbox, scheduler and
 * HTTP routes. Fails with a clear AppError when something it needs is missing.
 */
export async function createService({ config, modules, logger = createLogger({ level: config.logLevel }), clock = systemClock, database, background = true }: ServiceOptions): Promise<Service> {
  const names = new Set<string>();
  for (const m of modules) {
    if (!/^[a-z][a-z0-9]*$/.test(m.name) || m.name === 'core') throw new Error(`bad module name ${m.name}`);
    if (names.has(m.name)) throw new Error(`module ${m.name} is given twice`);
    names.add(m.name);
  }
  const lock = config.embedded && !database ? await acquireDataDirLock(config.dataDir) : null;
  let db: Database | undefined = database;
  try {
    const secrets = await loadSecrets(config);
    db ??= await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pgdata'), poolSize: config.databasePoolSize });
    await runMigrations(db.db, migrationSources(modules));
    return await compose({ config, modules, logger, clock, database: db, background, secrets, lock, ownsDatabase: !database });
  } catch (err) {
    if (!database) await db?.close().catch(() => {});
    await lock?.release();
    throw err;
  }
}

async function compose({
  config,
  modules,
  logger,
  clock,
  database,
  background,
  secrets,
  lock,
  ownsDatabase,
}: Required<Omit<ServiceOptions, 'database'>> & {
  database: Database;
  secrets: Awaited<ReturnType<typeof loadSecrets>>;
  lock: Awaited<ReturnType<typeof acquireDataDirLock>> | null;
  ownsDatabase: boolean;
}): Promise<Service> {
  const metrics = createMetrics();
  const policy = createPolicy([corePolicy, ...modules.map((m) => m.policy ?? {})]);
  const pii = createPii({ keys: secrets.piiKeys, hashKey: secrets.piiHashKey });
  const notifications = createNotificationWorker({ db: database.db, pii, clock, logger: logger.child({ component: 'notify' }), adapters: adaptersFromConfig(config, logger) });
  // The kernel first, then what needs it: subscribers and jobs may be built from it.
  const kernel = {
    config,
    database,
    db: database.db,
    clock,
    logger,
    secrets,
    pii,
    policy,
    metrics,
    blobs: blobStoreFromConfig(config),
    deliverNotifications: () => notifications.deliverPending(),
    async transaction(fn) {
      const result = await database.db.transaction().execute((trx) => (database.guarded ? transactionScope.run(true, () => fn(trx)) : fn(trx)));
      kernel.outbox.wake();
      return result;
    },
  } as Omit<Kernel, 'outbox'> as Kernel;
  const subscribers = modules.flatMap((m) => (typeof m.subscribers === 'function' ? m.subscribers(kernel) : (m.subscribers ?? [])));
  const outbox = createOutboxDispatcher({
    db: database.db,
    subscribers,
    logger: logger.child({ component: 'outbox' }),
    pollMs: config.outboxPollMs,
    onDelivered: (subscriber, outcome) => {
      metrics.outboxDeliveries.inc({ subscriber, outcome });
      // Subscribers enqueue notifications in their batch: send them soon, a batch at a time.
      notifications.wake();
    },
  });
  kernel.outbox = outbox;
  const vacuumQueues = await needsQueueVacuum(database.db, database.driver);
  if (vacuumQueues && database.driver === 'postgres') logger.warn('PostgreSQL runs with autovacuum off: the service vacuums its queue tables (outbox, deliveries, notifications) itself every minute; turn autovacuum on for the rest');
  const coreJobs: Job[] = [
    notifications.job(config.notifyEveryMs),
    { name: 'core.idempotency.purge', everyMs: 60 * 60_000, run: async () => void (await purgeIdempotencyKeys(kernel, 7 * 24 * 3600_000)) },
    ...(vacuumQueues ? [queueVacuumJob(database.db)] : []),
  ];
  const jobs = [...coreJobs, ...modules.flatMap((m) => (typeof m.jobs === 'function' ? m.jobs(kernel) : (m.jobs ?? [])))];
  const scheduler = createScheduler({
    db: database.db,
    jobs,
    clock,
    logger: logger.child({ component: 'scheduler' }),
    tickMs: config.schedulerTickMs,
    leadership: database.driver === 'pglite' ? soleLeadership() : advisoryLockLeadership({ url: config.databaseUrl!, logger }),
    onRun: (job, status, seconds) => {
      metrics.schedulerRuns.inc({ job, status });
      metrics.schedulerDuration.observe({ job }, seconds);
    },
  });
  const packLoaders = [cityLoader, orgsLoader, ...modules.flatMap((m) => m.packLoaders ?? [])];

  // Readiness: a ping every readyCheckMs; while it fails, requests get 503.
  let ready = true;
  let readyReason: string | null = null;
  let readyTimer: NodeJS.Timeout | undefined;
  const checkReady = async () => {
    try {
      await database.ping(Math.max(500, config.readyCheckMs));
      if (!ready) logger.info('database reachable again');
      ready = true;
      readyReason = null;
    } catch (err) {
      if (ready) logger.error({ err: (err as Error).message }, 'database unreachable');
      ready = false;
      readyReason = `database unreachable: ${(err as Error).message}`;
    }
  };

  metrics.gauge('citywork_db_pool_connections', 'Database pool connections by state', ['state'], (g) => {
    g.set({ state: 'total' }, database.pool.totalCount);
    g.set({ state: 'idle' }, database.pool.idleCount);
    g.set({ state: 'waiting' }, database.pool.waitingCount);
    g.set({ state: 'max' }, database.poolMax);
  });
  metrics.gauge('citywork_db_up', 'Whether the database answered its last ping', [], (g) => g.set(ready ? 1 : 0));
  metrics.gauge('citywork_outbox_events', 'Outbox events not yet delivered to every subscriber, and dead-lettered deliveries', ['state'], async (g) => {
    const s = await outbox.stats().catch(() => null);
    if (s) {
      g.set({ state: 'pending' }, s.pending);
      g.set({ state: 'dead' }, s.dead);
    }
  });
  metrics.gauge('citywork_outbox_lag_seconds', 'Age of the oldest undelivered outbox event', [], async (g) => {
    const s = await outbox.stats().catch(() => null);
    g.set(s?.oldestPendingAgeS ?? 0);
  });

  const app = await createHttp({
    logger,
    metrics,
    bodyLimitBytes: config.bodyLimitBytes,
    cookieSecret: secrets.secret,
    trustProxy: config.trustProxy,
    version,
    isReady: () => ready,
  });
  app.addHook('onRequest', authenticationHook(kernel));
  app.addHook('onError', async (_req, _reply, err) => {
    if (isConnectionError(err)) void checkReady();
  });
  const routes = app as unknown as Routes;
  const readiness = () => Object.fromEntries(modules.flatMap((m) => (m.readiness ? [[m.name, m.readiness(kernel)]] : [])));
  coreRoutes(routes, kernel, { isReady: () => ready, readyReason: () => readyReason, packLoaders: () => packLoaders, version, readiness });
  authRoutes(routes, kernel);
  orgRoutes(routes, kernel);
  const indicators = modules.flatMap((m) => m.indicators ?? []);
  for (const m of modules) m.receiveIndicators?.(indicators, kernel);
  for (const m of modules) await m.routes?.(routes, kernel);
  await consoleRoutes(routes, kernel, { dir: consoleDir });
  // Live streams never end by themselves: end them before the server waits for its requests.
  app.addHook('preClose', async () => closeLive(kernel));
  await app.ready();
  for (const m of modules) await m.start?.(kernel);

  if (background) {
    readyTimer = setInterval(() => void checkReady(), config.readyCheckMs);
    readyTimer.unref();
    outbox.start();
    notifications.start();
    scheduler.start();
  }

  let stopping: Promise<void> | undefined;
  return {
    kernel,
    app,
    scheduler,
    packLoaders,
    async listen() {
      const address = await app.listen({ port: config.port, host: config.host });
      const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
      await lock?.update({ url: `http://localhost:${new URL(url).port}` });
      return `http://localhost:${new URL(url).port}`;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(readyTimer);
        await app.close().catch((err) => logger.warn({ err }, 'closing HTTP failed'));
        for (const m of [...modules].reverse()) await Promise.resolve(m.stop?.(kernel)).catch((err) => logger.warn({ err, module: m.name }, 'module stop failed'));
        await scheduler.stop();
        await outbox.stop();
        await notifications.stop();
        if (ready) await outbox.drain(3).catch(() => 0);
        if (ownsDatabase) await database.close();
        await lock?.release();
      })();
      return stopping;
    },
  };
}
