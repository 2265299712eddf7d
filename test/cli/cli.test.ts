import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, serveCli } from '../support/cli.js';
import { freshPostgresUrl, hasPostgres } from '../support/db.js';
import { generateSecrets } from '../../src/core/secrets.js';

const temp: string[] = [];
async function tempDir() {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-cli-'));
  temp.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temp) await fs.rm(d, { recursive: true, force: true });
});

describe('citywork CLI', () => {
  it('--help lists every command', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'user', 'token', 'backup', 'restore', 'pack', 'bench', 'secrets']) expect(stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    const user = await runCli(['user', '--help']);
    for (const cmd of ['add', 'list', 'disable']) expect(user.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    const token = await runCli(['token', '--help']);
    for (const cmd of ['create', 'revoke']) expect(token.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('a bad setting fails with the variable named and a non-zero exit', async () => {
    const { code, stderr } = await runCli(['serve'], { PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^citywork: PORT: /m);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an unreachable database at start is a clear message and exit 69, not a stack trace', async () => {
    const { code, stderr } = await runCli(['serve'], { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere', ...secretsEnv() });
    expect(code).toBe(69);
    expect(stderr).toMatch(/cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(stderr).not.toContain('secret@');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('PostgreSQL without the shared secrets is refused, naming them', async () => {
    const { code, stderr } = await runCli(['serve'], { DATABASE_URL: 'postgres://127.0.0.1:1/x' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/CITYWORK_SECRET, CITYWORK_PII_KEYS, CITYWORK_PII_HASH_KEY must be set/);
  });

  it('a failing command says what was wrong', async () => {
    const dir = await tempDir();
    const r = await runCli(['--data-dir', dir, 'restore', path.join(dir, 'missing.backup.gz')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no backup file/);
    const p = await runCli(['--data-dir', dir, 'pack', 'import', dir]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/is not a city pack: it has no pack\.json/);
  });

  it('serves on the embedded database: demo logins, lock, CLI through the API, backup, graceful stop, reuse', async () => {
    const dir = await tempDir();
    const first = await serveCli(['--data-dir', dir, 'serve', '--port', '0']);
    try {
      expect(first.output()).toMatch(/embedded PGlite/);
      for (const role of ['admin', 'operator', 'dispatcher', 'handler', 'assessor', 'analyst', 'engineer', 'citizen']) expect(first.output()).toMatch(new RegExp(`^\\s+${role}\\s+${role}\\s+demo-\\S+$`, 'm'));
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${first.url}/readyz`)).json()).toMatchObject({ status: 'ready', database: 'pglite' });

      const admin = /^\s+admin\s+admin\s+(\S+)$/m.exec(first.output())![1]!;
      const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: admin }) });
      expect(login.status).toBe(200);

      // The data directory belongs to the running service.
      const second = await runCli(['--data-dir', dir, 'serve', '--port', '0']);
      expect(second.code).toBe(75);
      expect(second.stderr).toMatch(/is in use by citywork process \d+/);
      const migrate = await runCli(['--data-dir', dir, 'migrate']);
      expect(migrate.code).toBe(75);
      expect(migrate.stderr).toMatch(/is running on .* and migrated it at start/);
      const restore = await runCli(['--data-dir', dir, 'restore', path.join(dir, 'x.gz')]);
      expect(restore.code).toBe(75);
      expect(restore.stderr).toMatch(/stop it first/);

      // Commands that need the database go through the running service.
      const add = await runCli(['--data-dir', dir, 'user', 'add', 'li.na', '--role', 'operator', '--name', '李娜', '--password', 'a-long-password']);
      expect(add.code, add.stderr).toBe(0);
      const list = await runCli(['--data-dir', dir, 'user', 'list']);
      expect(list.stdout).toMatch(/^li\.na\s+operator/m);
      const token = await runCli(['--data-dir', dir, 'token', 'create', '--name', 'open311-app', '--kind', 'open311']);
      expect(token.code, token.stderr).toBe(0);
      expect(token.stdout).toMatch(/^o311_\S{43}$/m);
      const backup = await runCli(['--data-dir', dir, 'backup', path.join(dir, 'live.backup.gz')]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/via api/);
      const disable = await runCli(['--data-dir', dir, 'user', 'disable', 'li.na']);
      expect(disable.stdout).toMatch(/disabled li\.na/);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    // Stopped: the lock is released and commands open the database themselves.
    await expect(fs.access(path.join(dir, 'citywork.lock'))).rejects.toThrow();
    const direct = await runCli(['--data-dir', dir, 'user', 'list']);
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stdout).toMatch(/^li\.na\s+operator\s+city\s+disabled/m);
    const restored = await runCli(['--data-dir', dir, 'restore', path.join(dir, 'live.backup.gz')]);
    expect(restored.code, restored.stderr).toBe(0);
    const afterRestore = await runCli(['--data-dir', dir, 'user', 'list']);
    expect(afterRestore.stdout).toMatch(/^li\.na\s+operator\s+city\s+active/m); // the backup predates the disable

    // A second start reuses the data and prints the same logins.
    const again = await serveCli(['--data-dir', dir, 'serve', '--port', '0']);
    try {
      expect(again.output()).toContain(/^\s+admin\s+admin\s+(\S+)$/m.exec(again.output())![1]!);
      const adminPassword = JSON.parse(await fs.readFile(path.join(dir, 'demo-logins.json'), 'utf8'))[0].password as string;
      expect(again.output()).toContain(adminPassword);
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
  }, 180_000);

  it('takes over the lock of a service that was killed', async () => {
    const dir = await tempDir();
    const s = await serveCli(['--data-dir', dir, 'serve', '--port', '0']);
    await s.stop('SIGKILL');
    const again = await serveCli(['--data-dir', dir, 'serve', '--port', '0']);
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    expect(await again.stop()).toBe(0);
  }, 120_000);

  it.skipIf(!hasPostgres)('serves on PostgreSQL with the same migrations; demo accounts only with --demo', async () => {
    const { url, drop } = await freshPostgresUrl();
    const env = { DATABASE_URL: url, ...secretsEnv() };
    try {
      const plain = await serveCli(['serve', '--port', '0'], env);
      expect(plain.output()).toMatch(/PostgreSQL postgres:\/\//);
      expect(plain.output()).not.toMatch(/demo logins/);
      expect(await (await fetch(`${plain.url}/readyz`)).json()).toMatchObject({ status: 'ready', database: 'postgres' });
      expect(await plain.stop()).toBe(0);
      const demo = await serveCli(['serve', '--port', '0', '--demo'], env);
      expect(demo.output()).toMatch(/demo logins/);
      // With PostgreSQL the CLI talks to the database directly, even while a service runs.
      const list = await runCli(['user', 'list'], env);
      expect(list.stdout).toMatch(/^engineer\s+engineer/m);
      expect(await demo.stop()).toBe(0);
      const status = await runCli(['migrate', '--status'], env);
      expect(JSON.parse(status.stdout).core).toEqual(['0001_core', '0002_orgs', '0003_idempotency', '0004_notifications', '0005_queue_vacuum']);
    } finally {
      await drop();
    }
  }, 180_000);
});

function secretsEnv() {
  const s = generateSecrets();
  return { CITYWORK_SECRET: s.secret, CITYWORK_PII_KEYS: s.piiKeys, CITYWORK_PII_HASH_KEY: s.piiHashKey };
}
