import { sql, type Kysely } from 'kysely';
import type { CoreTables } from './tables.js';
import type { Job } from '../scheduler.js';
import type { Driver } from './database.js';

/**
 * Vacuums and analyses the queue tables (outbox, deliveries, notifications) every minute: the embedded
 * database runs no autovacuum, and without it the indexes the workers scan keep every done
 * row's dead entry forever, so each scan costs more the longer the service runs. On
 * PostgreSQL, autovacuum does this (migration 0005 makes it eager on these tables) — unless
 * the server runs with `autovacuum = off`, where the service vacuums them itself
 * (`needsQueueVacuum`). It analyses them too, as autovacuum would: statistics taken while
 * the outbox was nearly empty had the planner read it whole for every batch — at 400 intakes
 * a second on a development server, 3,386 sequential scans reading 22 million rows in a run,
 * none once the first analyse came.
 */
export function queueVacuumJob(db: Kysely<CoreTables>, everyMs = 60_000): Job {
  return {
    name: 'core.queues.vacuum',
    everyMs,
    run: async () => void (await sql`vacuum (analyze) core_outbox, core_outbox_deliveries, core_notifications`.execute(db)),
  };
}

/**
 * Whether the service must vacuum its queue tables itself: always on the embedded database;
 * on PostgreSQL when the server's autovacuum is off (seen on a development server: within a
 * minute at 200 intakes a second, the outbox's once-a-second sweep took 0.3–0.5 s over the
 * dead entries of its pending index, and every request waited behind it).
 */
export async function needsQueueVacuum(db: Kysely<CoreTables>, driver: Driver): Promise<boolean> {
  if (driver === 'pglite') return true;
  const { rows } = await sql<{ on: string }>`select current_setting('autovacuum') as on`.execute(db);
  return rows[0]?.on !== 'on';
}
