import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.js';
import { systemContext } from '../core/context.js';
import { createToken } from '../core/auth/tokens.js';
import { ensureDemoAccounts } from '../core/demo.js';
import { importPack } from '../core/pack.js';
import { generateCases } from '../modules/hotline/index.js';
import { createLogger } from '../core/logger.js';
import { createService } from '../server.js';
import { modules } from '../modules/index.js';
import { version } from '../version.js';
import { cliTokenFile } from './backend.js';

/** The demo city pack that ships with citywork. */
export const demoPackDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'packs', 'beijing');

/**
 * Starts the service: migrate, (in demo mode) load the demo pack and accounts on first
 * start, listen, and stop gracefully on SIGINT/SIGTERM.
 */
export async function serve(config: Config, { pack }: { pack?: string } = {}): Promise<void> {
  const started = performance.now();
  const logger = createLogger({ level: config.logLevel });
  const service = await createService({ config, modules, logger });
  const k = service.kernel;
  const demo = config.demo ?? config.embedded;
  const ctx = systemContext(config.cityCode, 'serve');
  try {
    const packDir = pack ?? (demo ? demoPackDir : undefined);
    if (packDir) {
      const city = await k.db.selectFrom('core_cities').select('city_code').where('city_code', '=', config.cityCode).executeTakeFirst();
      if (!city || pack) {
        const report = await importPack(k, ctx, packDir, service.packLoaders);
        logger.info({ pack: report.pack, version: report.version, loaders: report.loaders }, 'city pack imported');
        // The demo city's first start: a month of synthetic hotline cases (documented as such).
        if (demo && !city && config.demoDays > 0) {
          const generated = await generateCases(k, ctx, { days: config.demoDays, perDay: config.demoPerDay, seed: 1 });
          logger.info({ cases: generated.cases, ms: generated.ms }, 'synthetic demo cases generated');
          // The import trained a version on the taxonomy. Learning from this history as well takes
          // half a minute on the embedded database: it is left to `citywork hotline train`, so the
          // first start stays within a minute.
          logger.info('the hotline classifier learns from the demo history with: citywork hotline train');
        }
      }
    }
    const logins = demo ? await ensureDemoAccounts(k) : [];
    const url = await service.listen();
    if (config.embedded) await writeCliToken(service.kernel, config);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lines = [
      '',
      `citywork ${version} is serving ${url}  (started in ${seconds} s)`,
      `  database: ${k.database.driver === 'pglite' ? `embedded PGlite in ${k.database.location}` : `PostgreSQL ${k.database.location}`}`,
      `  API docs: ${url}/docs   health: ${url}/healthz   metrics: ${url}/metrics`,
    ];
    if (logins.length) {
      lines.push('  demo logins (also in ' + path.join(config.dataDir, 'demo-logins.json') + '):');
      for (const l of logins) lines.push(`    ${l.role.padEnd(11)} ${l.username.padEnd(11)} ${l.password}`);
    }
    lines.push('  stop with Ctrl+C', '');
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    await service.stop();
    throw err;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, config.shutdownGraceMs);
      force.unref();
      void service.stop().finally(resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}

// The local CLI's admin token, renewed at every start; older ones are revoked.
async function writeCliToken(k: Parameters<typeof createToken>[0], config: Config): Promise<void> {
  const ctx = systemContext(config.cityCode, 'serve');
  await k.db.updateTable('core_api_tokens').set({ revoked_at: new Date() }).where('name', '=', 'local-cli').where('revoked_at', 'is', null).execute();
  const { token } = await createToken(k, ctx, { kind: 'api', name: 'local-cli', roles: ['admin'] });
  await fs.writeFile(cliTokenFile(config.dataDir), token + '\n', { mode: 0o600 });
}
