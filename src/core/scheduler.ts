import { sql, type Kysely } from 'kysely';
import type { CoreTables } from './db/tables.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Leadership } from './leader.js';
import type { Logger } from './logger.js';

/** A piece of scheduled work: runs every `everyMs` on the one leading copy. */
export interface Job {
  /** Unique and stable: `hotline.mark-overdue`. */
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

export interface Scheduler {
  start(): void;
  /** Runs one tick now: for tests and for a leader that just took over. */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  db: Kysely<CoreTables>;
  jobs: Job[];
  leadership: Leadership;
  logger: Logger;
  clock?: Clock;
  tickMs?: number;
  onRun?: (job: string, status: 'ok' | 'failed', seconds: number) => void;
}

/**
 * The in-process scheduler. Only the leader runs jobs, and each run is claimed in the
 * database first (`core_jobs.last_started_at`), so a job runs once per period across copies
 * and across restarts.
 */
export function createScheduler({ db, jobs, leadership, logger, clock = systemClock, tickMs = 1000, onRun = () => {} }: SchedulerOptions): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let current: Promise<string[]> | undefined;

  // When this copy last saw each job start (here or elsewhere): before `everyMs` has passed
  // since, the job cannot be due and the database is not asked (a tick costs nothing then).
  const lastSeen = new Map<string, number>();

  /** Claims the job's run for this period in one statement; false when another copy (or an earlier tick) already has it. */
  async function claim(job: Job): Promise<boolean> {
    const now = clock.now();
    const seen = lastSeen.get(job.name);
    if (seen !== undefined && now.getTime() - seen < job.everyMs) return false;
    const dueBefore = new Date(now.getTime() - job.everyMs);
    const { rows } = await sql<{ name: string }>`
      insert into core_jobs as j (name, last_started_at, runs) values (${job.name}, ${now}, 1)
      on conflict (name) do update set last_started_at = excluded.last_started_at, runs = j.runs + 1
       where j.last_started_at is null or j.last_started_at <= ${dueBefore}
      returning name`.execute(db);
    if (rows.length) {
      lastSeen.set(job.name, now.getTime());
      return true;
    }
    const row = await db.selectFrom('core_jobs').select('last_started_at').where('name', '=', job.name).executeTakeFirst();
    if (row?.last_started_at) lastSeen.set(job.name, new Date(row.last_started_at).getTime());
    return false;
  }

  async function runJob(job: Job): Promise<void> {
    const started = performance.now();
    let status: 'ok' | 'failed' = 'ok';
    let error: string | null = null;
    try {
      await job.run();
    } catch (err) {
      status = 'failed';
      error = err instanceof Error ? err.message : String(err);
      logger.error({ job: job.name, err: error }, 'scheduled job failed');
    }
    const seconds = (performance.now() - started) / 1000;
    onRun(job.name, status, seconds);
    await db
      .updateTable('core_jobs')
      .set({ last_finished_at: clock.now(), last_status: status, last_error: error })
      .where('name', '=', job.name)
      .execute()
      .catch(() => {});
  }

  async function tick(): Promise<string[]> {
    if (!(await leadership.isLeader())) return [];
    const ran: string[] = [];
    for (const job of jobs) {
      if (stopped && timer !== undefined) break;
      if (await claim(job)) {
        await runJob(job);
        ran.push(job.name);
      }
    }
    return ran;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().catch((err) => {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'scheduler tick failed');
        return [];
      });
      void current.finally(schedule);
    }, tickMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    tick: () => tick(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await leadership.release();
    },
  };
}
