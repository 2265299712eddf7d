#!/usr/bin/env node
import { Command, Option } from 'commander';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from './core/errors.js';
import { loadConfig, type Config } from './core/config.js';
import { readLock } from './core/db/lock.js';
import { runMigrations, migrationStatus } from './core/db/migrate.js';
import { openDatabase } from './core/db/database.js';
import { generateSecrets } from './core/secrets.js';
import { readManifest } from './core/pack.js';
import { roles } from './core/auth/policy.js';
import { migrationSources } from './server.js';
import { modules } from './modules/index.js';
import { version } from './version.js';
import { openBackend, restoreFromFile, type Backend } from './cli/backend.js';
import { serve } from './cli/serve.js';
import { createProgress } from './cli/progress.js';
import { systemContext } from './core/context.js';

const program = new Command('citywork')
  .description('citywork: the platform on which a city does its city work')
  .version(version)
  .option('--data-dir <dir>', 'embedded database and secrets folder (CITYWORK_DATA_DIR)', undefined)
  .option('--database-url <url>', 'PostgreSQL instead of the embedded database (DATABASE_URL)')
  .option('--city <code>', '6-digit division code of the city (CITYWORK_CITY)')
  .showHelpAfterError();

function config(extra: Record<string, unknown> = {}): Config {
  const g = program.opts<{ dataDir?: string; databaseUrl?: string; city?: string }>();
  return loadConfig({ flags: { dataDir: g.dataDir, databaseUrl: g.databaseUrl, cityCode: g.city, ...extra } });
}

async function withBackend<T>(fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = await openBackend(config({ logLevel: 'warn' }));
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

program
  .command('serve')
  .description('start the service (API, console, workers); migrates first')
  .option('-p, --port <port>', 'port to listen on (PORT)')
  .option('--host <host>', 'address to listen on (HOST)')
  .option('--demo', 'create the demo accounts and load the demo pack (always on with the embedded database)')
  .option('--pack <dir>', 'import this city pack at start')
  .action(async (o: { port?: string; host?: string; demo?: boolean; pack?: string }) => {
    await serve(config({ port: o.port, host: o.host, demo: o.demo }), { pack: o.pack });
  });

program
  .command('migrate')
  .description('apply pending database migrations of the core and every module')
  .option('--status', 'list applied migrations instead')
  .action(async (o: { status?: boolean }) => {
    const c = config({ logLevel: 'warn' });
    if (c.embedded) {
      const lock = await readLock(c.dataDir);
      if (lock) throw new AppError('conflict', `the service (pid ${lock.pid}) is running on ${c.dataDir} and migrated it at start; nothing to do while it runs`);
    }
    const db = await openDatabase({ url: c.databaseUrl, pgliteDir: path.join(c.dataDir, 'pgdata') });
    try {
      if (o.status) {
        console.log(JSON.stringify(await migrationStatus(db.db, migrationSources(modules)), null, 2));
        return;
      }
      const reports = await runMigrations(db.db, migrationSources(modules));
      for (const r of reports) console.log(`${r.source}: ${r.applied.length ? r.applied.join(', ') : 'up to date'}`);
    } finally {
      await db.close();
    }
  });

const user = program.command('user').description('manage accounts');
user
  .command('add <username>')
  .description('create an account')
  .addOption(new Option('-r, --role <role...>', 'role(s)').choices(roles).makeOptionMandatory())
  .option('-n, --name <displayName>', 'display name (defaults to the username)')
  .option('--org <orgId>', 'organisation the account works for')
  .option('-j, --jurisdiction <codes...>', 'region codes the account may see (default: the whole city)')
  .option('--password <password>', 'password (default: generated and printed once)')
  .action(async (username: string, o: { role: string[]; name?: string; org?: string; jurisdiction?: string[]; password?: string }) => {
    const password = o.password ?? randomBytes(12).toString('base64url');
    const u = await withBackend((b) => b.addUser({ username, displayName: o.name ?? username, password, roles: o.role, orgId: o.org, jurisdiction: o.jurisdiction }));
    console.log(`created ${u.username} (${u.id}) roles=${u.roles.join(',')}${u.jurisdiction.length ? ` jurisdiction=${u.jurisdiction.join(',')}` : ''}`);
    if (!o.password) console.log(`password: ${password}`);
  });
user
  .command('list')
  .description('list accounts')
  .option('--json', 'as JSON')
  .action(async (o: { json?: boolean }) => {
    const users = await withBackend((b) => b.listUsers());
    if (o.json) return console.log(JSON.stringify(users, null, 2));
    for (const u of users) console.log([u.username.padEnd(16), u.roles.join(',').padEnd(20), (u.jurisdiction.join(',') || 'city').padEnd(16), u.disabled ? 'disabled' : 'active', u.id].join(' '));
  });
user
  .command('disable <user>')
  .description('disable an account (username or id): its sessions end and its tokens stop')
  .action(async (who: string) => {
    const u = await withBackend((b) => b.setUserDisabled(who, true));
    console.log(`disabled ${u.username}`);
  });
user
  .command('enable <user>')
  .description('enable a disabled or locked account')
  .action(async (who: string) => {
    const u = await withBackend((b) => b.setUserDisabled(who, false));
    console.log(`enabled ${u.username}`);
  });

const token = program.command('token').description('manage API tokens and Open311 api_keys');
token
  .command('create')
  .description('create a token; its value is printed once')
  .requiredOption('--name <name>', 'what the token is for')
  .addOption(new Option('--kind <kind>', 'api (integration) or open311 (client app api_key)').choices(['api', 'open311']).default('api'))
  .option('--user <user>', 'the user an API token acts as')
  .addOption(new Option('-r, --role <role...>', 'roles of an API token that acts as no user').choices(roles))
  .option('--expires-days <days>', 'days until it expires')
  .action(async (o: { name: string; kind: 'api' | 'open311'; user?: string; role?: string[]; expiresDays?: string }) => {
    const r = await withBackend((b) => b.createToken({ kind: o.kind, name: o.name, userId: o.user, roles: o.role, expiresInDays: o.expiresDays ? Number(o.expiresDays) : undefined }));
    console.log(`created ${r.view.kind} token ${r.view.id} (${r.view.name})`);
    console.log(r.token);
  });
token
  .command('list')
  .description('list tokens (never their values)')
  .action(async () => {
    for (const t of await withBackend((b) => b.listTokens())) console.log([t.id, t.kind.padEnd(7), t.name.padEnd(20), t.hint, t.revoked ? 'revoked' : 'active'].join(' '));
  });
token
  .command('revoke <id>')
  .description('revoke a token')
  .action(async (id: string) => {
    const t = await withBackend((b) => b.revokeToken(id));
    console.log(`revoked ${t.id} (${t.name})`);
  });

program
  .command('backup <file>')
  .description('write a logical backup of the whole database (works on PGlite and PostgreSQL, restores into either)')
  .action(async (file: string) => {
    await withBackend(async (b) => {
      await b.backup(path.resolve(file));
      console.log(`backup written to ${path.resolve(file)} (via ${b.via})`);
    });
  });

program
  .command('restore <file>')
  .description('replace the whole database with a backup (the service must be stopped)')
  .action(async (file: string) => {
    const r = await restoreFromFile(config({ logLevel: 'warn' }), path.resolve(file));
    console.log(`restored ${r.rows} rows in ${r.tables} tables from ${file}`);
  });

const pack = program.command('pack').description('city packs');
pack
  .command('import <dir>')
  .description('import a city pack (regions, organisations, catalogs, standards …) in one transaction')
  .action(async (dir: string) => {
    await readManifest(path.resolve(dir)); // a bad pack fails before any database is opened
    const r = await withBackend((b) => b.importPack(path.resolve(dir)));
    console.log(`imported ${r.pack} ${r.version} for city ${r.cityCode}`);
    for (const l of r.loaders) console.log(`  ${l.name.padEnd(24)} ${Object.entries(l.counts).map(([k, v]) => `${k}=${v}`).join(' ')}  (${l.ms} ms)`);
  });

program
  .command('secrets')
  .description('print a fresh set of secrets for a production environment (CITYWORK_SECRET, CITYWORK_PII_KEYS, CITYWORK_PII_HASH_KEY)')
  .action(() => {
    const s = generateSecrets();
    console.log(`CITYWORK_SECRET=${s.secret}\nCITYWORK_PII_KEYS=${s.piiKeys}\nCITYWORK_PII_HASH_KEY=${s.piiHashKey}`);
  });

program
  .command('bench [name]')
  .description('run the benchmarks in bench/ (or the one named); each prints its figures as JSON')
  .option('--quick', 'a short smoke run (as CI does)')
  .action(async (name: string | undefined, o: { quick?: boolean }) => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench');
    const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.js'));
    const chosen = files.filter((f) => !name || f.startsWith(name));
    if (!chosen.length) throw new AppError('invalid', `no benchmark ${name}; there are: ${files.join(', ')}`, { field: 'name' });
    const { spawnSync } = await import('node:child_process');
    for (const f of chosen) {
      // The service's own V8 flags (bin/citywork.js, `npm start`): the benchmarks host it in-process.
      const r = spawnSync(process.execPath, ['--max-semi-space-size=128', '--import', 'tsx', path.join(dir, f), ...(o.quick ? ['--quick'] : [])], { stdio: 'inherit' });
      if (r.status !== 0) throw new AppError('unavailable', `benchmark ${f} failed (exit ${r.status})`);
    }
  });

// Each module adds its own commands (`citywork regions …`).
for (const m of modules) {
  m.commands?.(program, {
    async session(fn) {
      return withBackend((b) =>
        fn({
          request: (method, url, body) => b.request(method, url, body),
          direct: b.direct ? { kernel: b.direct.kernel, ctx: systemContext(b.direct.kernel.config.cityCode, 'cli') } : null,
          progress: createProgress,
        }),
      );
    },
  });
}

const exitCodes: Record<string, number> = { invalid: 2, unauthenticated: 77, forbidden: 77, not_found: 66, conflict: 75, too_large: 2, rate_limited: 75, unavailable: 69 };

/** Runs the CLI; every failure prints what was wrong and exits non-zero. */
export async function main(argv = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`citywork: ${err.message}${err.field ? ` (${err.field})` : ''}\n`);
      process.exitCode = exitCodes[err.kind] ?? 1;
    } else {
      process.stderr.write(`citywork: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
