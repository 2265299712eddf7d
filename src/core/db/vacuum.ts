import { sql, type Kysely } from 'kysely';
import type { CoreTables } from './tables.js';
import type { Job } from '../scheduler.js';

/**
 * Vacuums the queue tables (outbox, deliveries, notifications) every minute: the embedded
 * database runs no autovacuum, and without it the indexes the workers scan keep every done
 * row's dead entry forever, so each scan costs more the longer the service runs. On
 * PostgreSQL, autovacuum does this (migration 0005 makes it eager on these tables).
 */
export function queueVacuumJob(db: Kysely<CoreTables>, everyMs = 60_000): Job {
  return {
    name: 'core.queues.vacuum',
    everyMs,
    run: async () => void (await sql`vacuum core_outbox, core_outbox_deliveries, core_notifications`.execute(db)),
  };
}
