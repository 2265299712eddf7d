import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPostgresUrl } from '../support/db.js';
import { generateSecrets } from '../../src/core/secrets.js';
import type { Driver } from '../../src/core/db/database.js';

/** Where a crash-suite child keeps its data, and how to throw it away. */
export interface Target {
  env: NodeJS.ProcessEnv;
  dataDir?: string;
  dispose(): Promise<void>;
}

// A fresh database for the child: a new PGlite data directory, or a new PostgreSQL database.
export async function freshTarget(driver: Driver): Promise<Target> {
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', CITYWORK_OUTBOX_POLL_MS: '50' };
  delete base.DATABASE_URL;
  delete base.CITYWORK_DATA_DIR;
  if (driver === 'pglite') {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-crash-'));
    return { env: { ...base, CITYWORK_DATA_DIR: dataDir }, dataDir, dispose: () => fs.rm(dataDir, { recursive: true, force: true }) };
  }
  const { url, drop } = await freshPostgresUrl();
  const s = generateSecrets();
  return { env: { ...base, DATABASE_URL: url, CITYWORK_SECRET: s.secret, CITYWORK_PII_KEYS: s.piiKeys, CITYWORK_PII_HASH_KEY: s.piiHashKey }, dispose: drop };
}

// The seeded generator, so a failing run can be replayed with CRASH_SEED.
export { mulberry32 } from '../../src/core/geo/seeded-random.js';
