import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createScheduler, type Job, type Scheduler } from '../../src/core/scheduler.js';
import { needsQueueVacuum, queueVacuumJob } from '../../src/core/db/vacuum.js';
import { advisoryLockLeadership, soleLeadership, type Leadership } from '../../src/core/leader.js';
import { createManualClock } from '../../src/core/clock.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import type { CoreTables } from '../../src/core/db/tables.js';
import type { CityworkModule } from '../../src/core/module.js';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { quiet } from './helpers.js';

const minute = 60_000;

/** Jobs that count their runs in `runs`, shared by every copy that builds them (as the database is). */
function countingJobs(names: string[], runs: Map<string, number>, { everyMs = minute, fail = (_name: string, _run: number) => null as string | null, workMs = 0 } = {}): Job[] {
  return names.map((name) => ({
    name,
    everyMs,
    async run() {
      const n = (runs.get(name) ?? 0) + 1;
      runs.set(name, n);
      if (workMs) await new Promise((r) => setTimeout(r, workMs));
      const error = fail(name, n);
      if (error) throw new Error(error);
    },
  }));
}

const fxsRuns = new Map<string, number>();
const fxs: CityworkModule = {
  name: 'fxs',
  jobs: [...countingJobs(['fxs.sweep-streets'], fxsRuns), ...countingJobs(['fxs.daily-report'], fxsRuns, { everyMs: 24 * 60 * minute })],
};

describe.each(testDrivers())('scheduler (%s)', (driver) => {
  const clock = createManualClock('2026-03-01T08:00:00Z');
  let s: TestService;
  let db: Kysely<CoreTables>;
  beforeAll(async () => {
    fxsRuns.clear();
    s = await testService({ driver, modules: [fxs], clock });
    db = s.kernel.db;
  });
  afterAll(() => s?.close());

  const jobRow = (name: string) => db.selectFrom('core_jobs').selectAll().where('name', '=', name).executeTakeFirst();
  const scheduler = (jobs: Job[], { leadership = soleLeadership(), at = clock, database = db } = {}) =>
    createScheduler({ db: database, jobs, leadership, logger: quiet, clock: at });

  // The core's own jobs (notifications, idempotency keys) run beside the module's.
  const fxsTick = async () => (await s.scheduler.tick()).filter((n) => n.startsWith('fxs.'));
  it('runs each job of the service once per period', async () => {
    expect(await fxsTick()).toEqual(['fxs.sweep-streets', 'fxs.daily-report']);
    expect(await fxsTick()).toEqual([]);
    clock.advance(minute - 1);
    expect(await fxsTick()).toEqual([]);
    clock.advance(1);
    expect(await fxsTick()).toEqual(['fxs.sweep-streets']);
    clock.advance(minute);
    expect(await fxsTick()).toEqual(['fxs.sweep-streets']);
    expect(fxsRuns).toEqual(new Map([['fxs.sweep-streets', 3], ['fxs.daily-report', 1]]));
    const row = (await jobRow('fxs.sweep-streets'))!;
    expect(row).toMatchObject({ runs: 3, last_status: 'ok', last_error: null });
    expect(row.last_started_at).toEqual(clock.now());
    expect(row.last_finished_at).toEqual(clock.now());
    expect((await jobRow('fxs.daily-report'))!.last_started_at).toEqual(new Date('2026-03-01T08:00:00Z'));
  });

  it('vacuums the queue tables on the embedded database, which has no autovacuum, and on a PostgreSQL whose autovacuum is off (otherwise it relies on autovacuum, made eager)', async () => {
    const ran = await s.scheduler.tick();
    const runs = (await s.kernel.db.selectFrom('core_jobs').select('name').where('name', '=', 'core.queues.vacuum').execute()).length;
    const autovacuum = (await sql<{ on: string }>`select current_setting('autovacuum') as on`.execute(s.kernel.db)).rows[0]!.on;
    expect(await needsQueueVacuum(s.kernel.db, driver)).toBe(driver === 'pglite' || autovacuum === 'off');
    if (driver === 'pglite' || autovacuum === 'off') expect(runs).toBe(1);
    else {
      expect(ran).not.toContain('core.queues.vacuum');
      expect(runs).toBe(0);
    }
    // The job runs outside a transaction (VACUUM cannot run inside one) on either database,
    // and gathers the planner's statistics as autovacuum would (a plain VACUUM leaves none).
    await sql`insert into core_outbox (city_code, topic, payload) values ('110000', 'test.analyse', '{}')`.execute(s.kernel.db);
    await expect(queueVacuumJob(s.kernel.db).run()).resolves.toBeUndefined();
    const stats = await sql<{ attname: string }>`select attname from pg_stats where tablename = 'core_outbox' and attname = 'topic'`.execute(s.kernel.db);
    expect(stats.rows).toEqual([{ attname: 'topic' }]);
  });

  it('keeps the claim across restarts: a new scheduler does not rerun a job within its period', async () => {
    const at = createManualClock('2026-04-01T00:00:00Z');
    const runs = new Map<string, number>();
    const jobs = () => countingJobs(['fxs.restartable'], runs);
    expect(await scheduler(jobs(), { at }).tick()).toEqual(['fxs.restartable']);
    at.advance(30_000);
    expect(await scheduler(jobs(), { at }).tick()).toEqual([]);
    at.advance(30_000);
    expect(await scheduler(jobs(), { at }).tick()).toEqual(['fxs.restartable']);
    expect(runs.get('fxs.restartable')).toBe(2);
  });

  it('runs a job once per period when two copies both think they lead', async () => {
    const other: Database | undefined = driver === 'postgres' ? await openDatabase({ url: s.config.databaseUrl!, poolSize: 3 }) : undefined;
    try {
      const at = createManualClock('2026-05-01T00:00:00Z');
      const runs = new Map<string, number>();
      const names = ['fxs.pair-a', 'fxs.pair-b', 'fxs.pair-c'];
      const a = scheduler(countingJobs(names, runs, { workMs: 2 }), { at });
      const b = scheduler(countingJobs(names, runs, { workMs: 2 }), { at, database: other?.db ?? db });
      const periods = 6;
      for (let p = 0; p < periods; p++) {
        const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
        expect([...ranA, ...ranB].sort()).toEqual(names);
        at.advance(minute);
      }
      expect(runs).toEqual(new Map(names.map((n) => [n, periods])));
      for (const n of names) expect((await jobRow(n))!.runs).toBe(periods);
    } finally {
      await other?.close();
    }
  });

  it('records a failing job as failed with its error, and still runs the other jobs', async () => {
    const at = createManualClock('2026-06-01T00:00:00Z');
    const runs = new Map<string, number>();
    const outcomes: string[] = [];
    const jobs = [
      ...countingJobs(['fxs.broken-pump'], runs, { fail: (_n, run) => (run === 1 ? 'pump jammed' : null) }),
      ...countingJobs(['fxs.after-pump'], runs),
    ];
    const sch = createScheduler({ db, jobs, leadership: soleLeadership(), logger: quiet, clock: at, onRun: (job, status) => outcomes.push(`${job}:${status}`) });
    expect(await sch.tick()).toEqual(['fxs.broken-pump', 'fxs.after-pump']);
    expect(outcomes).toEqual(['fxs.broken-pump:failed', 'fxs.after-pump:ok']);
    expect(await jobRow('fxs.broken-pump')).toMatchObject({ last_status: 'failed', last_error: 'pump jammed', runs: 1 });
    expect(await jobRow('fxs.after-pump')).toMatchObject({ last_status: 'ok', last_error: null, runs: 1 });
    // A failed run still counts for its period; the next period runs it again.
    expect(await sch.tick()).toEqual([]);
    at.advance(minute);
    expect(await sch.tick()).toEqual(['fxs.broken-pump', 'fxs.after-pump']);
    expect(await jobRow('fxs.broken-pump')).toMatchObject({ last_status: 'ok', last_error: null, runs: 2 });
  });

  it('runs nothing and claims nothing on a copy that does not lead', async () => {
    const runs = new Map<string, number>();
    const follower: Leadership = { isLeader: async () => false, release: async () => {} };
    expect(await scheduler(countingJobs(['fxs.follower-job'], runs), { leadership: follower }).tick()).toEqual([]);
    expect(runs.size).toBe(0);
    expect(await jobRow('fxs.follower-job')).toBeUndefined();
  });

  it('ticks by itself once started, and stop() waits for the job in progress', async () => {
    const runs = new Map<string, number>();
    let finished = 0;
    const slow: Job = {
      name: 'fxs.slow-rollup',
      everyMs: minute,
      async run() {
        runs.set('fxs.slow-rollup', (runs.get('fxs.slow-rollup') ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 150));
        finished++;
      },
    };
    const sch = createScheduler({ db, jobs: [slow], leadership: soleLeadership(), logger: quiet, clock: createManualClock('2026-07-01T00:00:00Z'), tickMs: 10 });
    sch.start();
    await expect.poll(() => runs.get('fxs.slow-rollup'), { timeout: 5000, interval: 5 }).toBe(1);
    expect(finished).toBe(0);
    await sch.stop();
    expect(finished).toBe(1);
    expect(await jobRow('fxs.slow-rollup')).toMatchObject({ last_status: 'ok', runs: 1 });
  });

  describe.runIf(driver === 'postgres')('leadership by advisory lock', () => {
    const leadership = (key: string) => advisoryLockLeadership({ url: s.config.databaseUrl!, logger: quiet, key });

    it('lets one of two copies lead, and the other take over when the leader releases', async () => {
      const key = `citywork:test:${Math.random()}`;
      const la = leadership(key);
      const lb = leadership(key);
      const at = createManualClock('2026-08-01T00:00:00Z');
      const runs = new Map<string, number>();
      const a: Scheduler = scheduler(countingJobs(['fxs.led'], runs), { leadership: la, at });
      const b: Scheduler = scheduler(countingJobs(['fxs.led'], runs), { leadership: lb, at });
      try {
        expect(await la.isLeader()).toBe(true);
        expect(await lb.isLeader()).toBe(false);
        expect(await la.isLeader()).toBe(true);
        expect(await b.tick()).toEqual([]);
        expect(await a.tick()).toEqual(['fxs.led']);
        at.advance(minute);
        expect(await b.tick()).toEqual([]);
        expect(runs.get('fxs.led')).toBe(1);

        await a.stop(); // releases the lock
        expect(await lb.isLeader()).toBe(true);
        expect(await b.tick()).toEqual(['fxs.led']);
        expect(await la.isLeader()).toBe(false);
        expect(runs.get('fxs.led')).toBe(2);
      } finally {
        await la.release();
        await lb.release();
      }
    });

    it('hands leadership over when the leader’s connection is lost', async () => {
      const key = `citywork:test:${Math.random()}`;
      const la = leadership(key);
      const lb = leadership(key);
      try {
        expect(await la.isLeader()).toBe(true);
        expect(await lb.isLeader()).toBe(false);
        const { rows } = await s.kernel.database.pool.query<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_locks where locktype = 'advisory' and granted and objid = hashtext($1)::oid`,
          [key],
        );
        expect(rows[0]!.n).toBe(1);
        await expect.poll(() => lb.isLeader(), { timeout: 5000, interval: 50 }).toBe(true);
        await expect.poll(() => la.isLeader(), { timeout: 5000, interval: 50 }).toBe(false);
      } finally {
        await la.release();
        await lb.release();
      }
    });
  });
});
