// The foundation's figures: start-up time, an authenticated request, sign-in, the outbox.
// Prints one JSON object. `--quick` is the smoke run CI makes (few iterations).
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { loadConfig } from '../src/core/config.js';
import { createService, type Service } from '../src/server.js';
import { createLogger } from '../src/core/logger.js';
import { generateSecrets } from '../src/core/secrets.js';
import { systemContext } from '../src/core/context.js';
import { createUser } from '../src/core/auth/users.js';
import { createToken } from '../src/core/auth/tokens.js';
import { emitEvent, type Subscriber } from '../src/core/events.js';
import type { CityworkModule } from '../src/core/module.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';

const quick = process.argv.includes('--quick');
const n = quick ? 20 : 500;
const events = quick ? 50 : 2000;

let delivered = 0;
const counter: Subscriber = { name: 'bench.count', topics: ['bench.thing.happened'], handle: async () => void delivered++ };
const benchModule: CityworkModule = { name: 'bench', subscribers: [counter] };

async function start(databaseUrl?: string): Promise<{ service: Service; ms: number; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-bench-'));
  const s = generateSecrets();
  const config = loadConfig({ env: {}, flags: { dataDir: dir, databaseUrl, secret: s.secret, piiKeys: s.piiKeys, piiHashKey: s.piiHashKey, logLevel: 'silent', outboxPollMs: 60_000 } });
  const t = performance.now();
  const service = await createService({ config, modules: [benchModule], logger: createLogger({ level: 'silent' }), background: false });
  return { service, ms: performance.now() - t, dir };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), n: samples.length };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

async function measure(service: Service) {
  const k = service.kernel;
  const ctx = systemContext(k.config.cityCode, 'bench');
  await createUser(k, ctx, { username: 'bench', displayName: 'Bench', password: 'bench-password', roles: ['admin'] });
  const { token } = await createToken(k, ctx, { kind: 'api', name: 'bench', userId: 'bench' });

  const requestMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await service.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    requestMs.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`request failed: ${res.statusCode}`);
  }
  const loginMs: number[] = [];
  for (let i = 0; i < Math.min(n, quick ? 3 : 20); i++) {
    const t = performance.now();
    const res = await service.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'bench-password' } });
    loginMs.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode}`);
  }
  delivered = 0;
  const emitStart = performance.now();
  for (let i = 0; i < events; i += 50) {
    await k.transaction(async (trx) => {
      for (let j = i; j < Math.min(events, i + 50); j++) await emitEvent(trx, k.config.cityCode, 'bench.thing.happened', { j });
    });
  }
  const emitS = (performance.now() - emitStart) / 1000;
  const deliverStart = performance.now();
  while (delivered < events) await k.outbox.drain();
  const deliverS = (performance.now() - deliverStart) / 1000;
  return {
    authenticatedRequestMs: stats(requestMs),
    signInMs: stats(loginMs),
    outbox: { events, emitPerS: Math.round(events / emitS), deliverPerS: Math.round(events / deliverS) },
  };
}

const result: Record<string, unknown> = { benchmark: 'core', quick, node: process.version, cpus: os.cpus().length };
const fresh = await start();
result.pglite = { startupFirstMs: Math.round(fresh.ms), ...(await measure(fresh.service)) };
await fresh.service.stop();
const reopen = await start();
await reopen.service.stop();
// Reopening an existing data directory is what a second `npm start` does.
const again = await (async () => {
  const s = generateSecrets();
  const config = loadConfig({ env: {}, flags: { dataDir: fresh.dir, secret: s.secret, piiKeys: s.piiKeys, piiHashKey: s.piiHashKey, logLevel: 'silent' } });
  const t = performance.now();
  const service = await createService({ config, modules: [benchModule], logger: createLogger({ level: 'silent' }), background: false });
  const ms = performance.now() - t;
  await service.stop();
  return ms;
})();
(result.pglite as Record<string, unknown>).startupExistingMs = Math.round(again);

const url = benchPostgresUrl;
if (url) {
  result.postgres = await withFreshPostgres(url, async (dbUrl) => {
    const p = await start(dbUrl);
    const figures = { startupFirstMs: Math.round(p.ms), ...(await measure(p.service)) };
    await p.service.stop();
    return figures;
  });
} else {
  result.postgres = 'skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL';
}
for (const d of [fresh.dir, reopen.dir]) await fs.rm(d, { recursive: true, force: true });
console.log(JSON.stringify(result));
