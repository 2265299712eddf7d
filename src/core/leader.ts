import pg from 'pg';
import type { Logger } from './logger.js';

/** Whether this copy of the service leads the scheduled work right now. */
export interface Leadership {
  isLeader(): Promise<boolean>;
  release(): Promise<void>;
}

/** The embedded database belongs to one process: that process always leads. */
export function soleLeadership(): Leadership {
  return { isLeader: async () => true, release: async () => {} };
}

/**
 * Leadership among copies sharing one PostgreSQL: a session-level advisory lock held on a
 * connection of its own (never a pooled one, which the pool would hand to others). If the
 * connection is lost, so is the lock, and another copy takes over.
 */
export function advisoryLockLeadership({ url, logger, key = 'citywork:scheduler' }: { url: string; logger: Logger; key?: string }): Leadership {
  let client: pg.Client | undefined;
  let leader = false;
  let connecting: Promise<void> | undefined;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', () => {
      leader = false;
      if (client === c) client = undefined;
    });
    c.on('end', () => {
      leader = false;
      if (client === c) client = undefined;
    });
    await c.connect();
    client = c;
  }

  return {
    async isLeader() {
      try {
        if (!client) {
          connecting ??= connect().finally(() => (connecting = undefined));
          await connecting;
        }
        if (!leader && client) {
          const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [key]);
          leader = rows[0]?.ok === true;
          if (leader) logger.info({ key }, 'this copy now leads the scheduler');
        }
      } catch (err) {
        leader = false;
        logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'leadership check failed');
      }
      return leader;
    },
    async release() {
      const c = client;
      client = undefined;
      leader = false;
      await c?.end().catch(() => {});
    },
  };
}
