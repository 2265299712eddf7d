// The service a benchmark measures: its own data folder and secrets, silent logs, on PGlite or on
// `databaseUrl`; `close()` stops it and deletes the folder. Without `background` no job or worker
// runs (the outbox polls once a minute), so only what the benchmark does is timed.
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { loadConfig } from '../src/core/config.js';
import { createService, type Service } from '../src/server.js';
import { createLogger } from '../src/core/logger.js';
import { generateSecrets } from '../src/core/secrets.js';
import type { CityworkModule } from '../src/core/module.js';
import { modules as allModules } from '../src/modules/index.js';

export interface BenchService {
  service: Service;
  dir: string;
  /** How long `createService` took (migrations included), ms. */
  startMs: number;
  /** Stops the service (once; again is a no-op), keeping its folder. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchService(
  name: string,
  { databaseUrl, modules = allModules, background = false, flags = {} }: { databaseUrl?: string; modules?: CityworkModule[]; background?: boolean; flags?: Record<string, unknown> } = {},
): Promise<BenchService> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `citywork-bench-${name}-`));
  const s = generateSecrets();
  const config = loadConfig({
    env: {},
    flags: { dataDir: dir, databaseUrl, secret: s.secret, piiKeys: s.piiKeys, piiHashKey: s.piiHashKey, logLevel: 'silent', ...(background ? { host: '127.0.0.1', port: 0 } : { outboxPollMs: 60_000 }), ...flags },
  });
  const started = performance.now();
  let service: Service;
  try {
    service = await createService({ config, modules, logger: createLogger({ level: 'silent' }), background });
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= service.stop());
  return {
    service,
    dir,
    startMs: performance.now() - started,
    stop,
    async close() {
      await stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
