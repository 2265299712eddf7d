import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, errorKinds, type ErrorKind } from '../core/errors.js';
import type { Config } from '../core/config.js';
import { readLock } from '../core/db/lock.js';
import { systemContext } from '../core/context.js';
import { createUser, listUsers, setUserDisabled, type NewUser, type UserView } from '../core/auth/users.js';
import { createToken, listTokens, revokeToken, type NewToken, type TokenView } from '../core/auth/tokens.js';
import { importPack, type PackImportReport } from '../core/pack.js';
import { restoreBackup, writeBackup } from '../core/backup.js';
import { createLogger } from '../core/logger.js';
import { createService, type Service } from '../server.js';
import { modules } from '../modules/index.js';
import { version } from '../version.js';
import { createProgress } from './progress.js';

/** What the CLI asks of citywork, answered by the running service's API or by the database directly. */
export interface Backend {
  via: 'api' | 'database';
  addUser(input: NewUser): Promise<UserView>;
  listUsers(): Promise<UserView[]>;
  setUserDisabled(user: string, disabled: boolean): Promise<UserView>;
  createToken(input: NewToken): Promise<{ token: string; view: TokenView }>;
  listTokens(): Promise<TokenView[]>;
  revokeToken(id: string): Promise<TokenView>;
  importPack(dir: string): Promise<PackImportReport>;
  backup(file: string): Promise<void>;
  /** An API request: over HTTP to the running service, or in-process with a short-lived token. */
  request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T>;
  /** The service composed in-process, when not going through the API. */
  direct: Service | null;
  close(): Promise<void>;
}

/** The file the running embedded service writes its CLI token to (mode 0600). */
export const cliTokenFile = (dataDir: string) => path.join(dataDir, 'cli-token');

/**
 * The backend for this configuration: while an embedded service holds the data directory,
 * the CLI goes through its API with the local admin token; otherwise it opens the database.
 */
export async function openBackend(config: Config): Promise<Backend> {
  if (config.embedded) {
    const lock = await readLock(config.dataDir);
    if (lock) {
      if (!lock.url) throw new AppError('unavailable', `the service (pid ${lock.pid}) holding ${config.dataDir} is still starting; try again in a moment`);
      let token: string;
      try {
        token = (await fs.readFile(cliTokenFile(config.dataDir), 'utf8')).trim();
      } catch {
        throw new AppError('forbidden', `the service (pid ${lock.pid}) holds ${config.dataDir}, and its CLI token ${cliTokenFile(config.dataDir)} cannot be read; run as the user who started it`);
      }
      return apiBackend(lock.url, token);
    }
  }
  return databaseBackend(config);
}

/** Opens the database directly (no HTTP server) for a one-off command. */
export async function openDirect(config: Config): Promise<Service> {
  return createService({ config, modules, logger: createLogger({ level: 'warn' }), background: false });
}

async function databaseBackend(config: Config): Promise<Backend> {
  const service = await openDirect(config);
  const k = service.kernel;
  const ctx = systemContext(config.cityCode, 'cli');
  let temp: { token: string; id: string } | undefined;
  return {
    via: 'database',
    direct: service,
    async request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
      if (!temp) {
        const t = await createToken(k, ctx, { kind: 'api', name: 'cli-direct', roles: ['admin'], expiresInDays: 1 });
        temp = { token: t.token, id: t.view.id };
      }
      const res = await service.app.inject({ method, url, headers: { authorization: `Bearer ${temp.token}` }, payload: body as object | undefined });
      return answer<T>(res.statusCode, res.statusCode === 204 ? null : res.json());
    },
    addUser: (input) => createUser(k, ctx, input),
    listUsers: () => listUsers(k, ctx),
    setUserDisabled: (user, disabled) => setUserDisabled(k, ctx, user, disabled),
    createToken: (input) => createToken(k, ctx, input),
    listTokens: () => listTokens(k, ctx),
    revokeToken: (id) => revokeToken(k, ctx, id),
    async importPack(dir) {
      const bars = new Map<string, ReturnType<typeof createProgress>>();
      try {
        return await importPack(k, ctx, dir, service.packLoaders, {
          onProgress: (loader, done, total) => {
            if (!bars.has(loader)) bars.set(loader, createProgress(loader));
            bars.get(loader)!.update(done, total);
          },
        });
      } finally {
        bars.forEach((b) => b.stop());
      }
    },
    async backup(file) {
      const bar = createProgress('backup');
      const tmp = `${file}.partial`;
      try {
        await writeBackup(k.db, createWriteStream(tmp), { source: `citywork ${version} (${k.database.driver})`, onProgress: (_t, done, total) => bar.update(done, total, 'rows') });
        await fs.rename(tmp, file);
      } finally {
        bar.stop();
        await fs.rm(tmp, { force: true });
      }
    },
    async close() {
      if (temp) await revokeToken(k, ctx, temp.id).catch(() => {});
      await service.stop();
    },
  };
}

function answer<T>(status: number, data: unknown): T {
  if (status >= 400) {
    const e = (data as { error?: { kind?: string; message?: string; field?: string; details?: unknown } } | null)?.error;
    const kind = (errorKinds as readonly string[]).includes(e?.kind ?? '') ? (e!.kind as ErrorKind) : 'unavailable';
    throw new AppError(kind, e?.message ?? `HTTP ${status}`, { field: e?.field, details: e?.details });
  }
  return data as T;
}

function apiBackend(baseUrl: string, token: string): Backend {
  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(baseUrl + url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new AppError('unavailable', `the running service at ${baseUrl} does not answer: ${(err as Error).message}`);
    }
    return answer<T>(res.status, res.status === 204 ? null : ((await res.json().catch(() => null)) as unknown));
  }
  return {
    via: 'api',
    direct: null,
    request: call,
    addUser: (input) => call('POST', '/api/core/users', input),
    listUsers: async () => (await call<{ users: UserView[] }>('GET', '/api/core/users')).users,
    setUserDisabled: (user, disabled) => call('POST', `/api/core/users/${encodeURIComponent(user)}/${disabled ? 'disable' : 'enable'}`),
    async createToken(input) {
      const r = await call<{ token: string; info: TokenView }>('POST', '/api/core/tokens', input);
      return { token: r.token, view: r.info };
    },
    listTokens: async () => (await call<{ tokens: TokenView[] }>('GET', '/api/core/tokens')).tokens,
    revokeToken: (id) => call('POST', `/api/core/tokens/${encodeURIComponent(id)}/revoke`),
    importPack: (dir) => call('POST', '/api/core/packs', { dir: path.resolve(dir) }),
    async backup(file) {
      const res = await fetch(baseUrl + '/api/core/backup', { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok || !res.body) {
        const e = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error;
        throw new AppError('unavailable', `backup failed: ${e?.message ?? `HTTP ${res.status}`}`);
      }
      const bar = createProgress('backup (download)');
      let bytes = 0;
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        bar.update(bytes, bytes, 'bytes');
      });
      const tmp = `${file}.partial`;
      try {
        await pipeline(body, createWriteStream(tmp));
        await fs.rename(tmp, file);
      } finally {
        bar.stop();
        await fs.rm(tmp, { force: true });
      }
    },
    close: async () => {},
  };
}

/** Restores a backup into the configured database; refuses while a service holds the embedded one. */
export async function restoreFromFile(config: Config, file: string): Promise<{ tables: number; rows: number }> {
  if (config.embedded) {
    const lock = await readLock(config.dataDir);
    if (lock) throw new AppError('conflict', `the service (pid ${lock.pid}) is running on ${config.dataDir}; stop it first: a restore replaces the whole database`);
  }
  try {
    await fs.access(file);
  } catch {
    throw new AppError('invalid', `no backup file ${file}`, { field: 'file' });
  }
  const service = await openDirect(config);
  const bar = createProgress('restore');
  try {
    const header = await restoreBackup(service.kernel.db, createReadStream(file), { onProgress: (_t, done, total) => bar.update(done, total, 'rows') });
    return { tables: header.tables.length, rows: header.tables.reduce((s, t) => s + t.rows, 0) };
  } finally {
    bar.stop();
    await service.stop();
  }
}
