import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import type { CoreTables } from './db/tables.js';
import type { Logger } from './logger.js';
import type { Pii } from './pii.js';
import type { Secrets } from './secrets.js';
import type { Policy } from './auth/policy.js';
import type { OutboxDispatcher } from './outbox-dispatcher.js';
import type { Metrics } from './metrics.js';
import type { BlobStore } from './blobs.js';
import type { DeliveryReport } from './notify.js';

/** What the core hands every module: settings, database, clock, logger, keys, policy, outbox. */
export interface Kernel {
  config: Config;
  database: Database;
  db: Kysely<CoreTables>;
  clock: Clock;
  logger: Logger;
  secrets: Secrets;
  pii: Pii;
  policy: Policy;
  outbox: OutboxDispatcher;
  metrics: Metrics;
  /** Where attachments are kept: the data directory, or S3-compatible storage. */
  blobs: BlobStore;
  /** Sends the notifications that are due now (the scheduler does it every few seconds; tests call it). */
  deliverNotifications(): Promise<DeliveryReport>;
  /**
   * Runs `fn` in one transaction; once it commits, the outbox is woken so the events it
   * emitted are delivered now rather than at the next poll.
   */
  transaction<T>(fn: (trx: Transaction<CoreTables>) => Promise<T>): Promise<T>;
}
