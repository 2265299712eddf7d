import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Driver } from '../../src/core/db/database.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { createService, type Service } from '../../src/server.js';
import { createLogger } from '../../src/core/logger.js';
import { generateSecrets } from '../../src/core/secrets.js';
import type { CityworkModule } from '../../src/core/module.js';
import type { Clock } from '../../src/core/clock.js';
import { systemContext, type RequestContext } from '../../src/core/context.js';
import { freshDatabase } from './db.js';

export interface TestService extends Service {
  config: Config;
  /** The system actor's context, for calling use cases directly. */
  system: RequestContext;
  close(): Promise<void>;
}

/**
 * A composed service on a fresh database, not listening: call it with `app.inject()`.
 * Background loops are off unless asked for; drive the outbox with `kernel.outbox.drain()`.
 */
export async function testService({
  driver = 'pglite',
  modules = [],
  clock,
  background = false,
  config: overrides = {},
}: { driver?: Driver; modules?: CityworkModule[]; clock?: Clock; background?: boolean; config?: Record<string, unknown> } = {}): Promise<TestService> {
  const database = await freshDatabase(driver);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-svc-'));
  const secrets = generateSecrets();
  const config = loadConfig({
    env: {},
    flags: {
      dataDir,
      databaseUrl: database.url,
      secret: secrets.secret,
      piiKeys: secrets.piiKeys,
      piiHashKey: secrets.piiHashKey,
      logLevel: 'silent',
      ...overrides,
    },
  });
  const service = await createService({ config, modules, database, clock, background, logger: createLogger({ level: 'silent' }) });
  return {
    ...service,
    config,
    system: systemContext(config.cityCode, 'test'),
    async close() {
      await service.stop();
      await database.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
