import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { testService, type TestService } from '../support/service.js';
import { freshDatabase, freshPostgresUrl, hasPostgres, testDrivers } from '../support/db.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { createService } from '../../src/server.js';
import { loadConfig } from '../../src/core/config.js';
import { generateSecrets } from '../../src/core/secrets.js';
import { createLogger } from '../../src/core/logger.js';

describe.each(testDrivers())('bad input gets a clear error and writes nothing (%s)', (driver) => {
  let s: TestService;
  let admin: Record<string, string>;
  const count = async () => Number((await s.kernel.db.selectFrom('core_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    s = await testService({ driver, config: { bodyLimitBytes: 4096 } });
    await seedUser(s, 'root', ['admin']);
    admin = bearer(await seedToken(s, { roles: ['admin'] }));
  });
  afterAll(() => s.close());

  const valid = { username: 'valid.user', displayName: 'V', password: 'a-long-password', roles: ['analyst'] };

  it.each([
    ['an unknown field', { ...valid, isAdmin: true }, 'isAdmin', /unknown field isAdmin/],
    ['a wrong type', { ...valid, roles: 'admin' }, 'roles', /roles/],
    ['an unknown role', { ...valid, roles: ['mayor'] }, 'roles.0', /roles/],
    ['a missing field', { username: 'x1', password: 'a-long-password', roles: ['analyst'] }, 'displayName', /displayName/],
    ['a short password', { ...valid, password: 'short' }, 'password', /password/],
    ['a bad username', { ...valid, username: 'Bad Name!' }, 'username', /username/],
    ['a bad jurisdiction code', { ...valid, jurisdiction: ['chaoyang'] }, 'jurisdiction.0', /region code/],
  ])('%s → 400 naming the field', async (_what, payload, field, message) => {
    const before = await count();
    const res = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: admin, payload });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.kind).toBe('invalid');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('a body over the limit → 413 too_large', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: admin, payload: { ...valid, displayName: 'x'.repeat(5000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ kind: 'too_large', field: 'body' });
  });

  it('malformed JSON → 400 on the body', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ kind: 'invalid', field: 'body' });
  });

  it('a wrong query parameter → 400 naming it', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/core/audit?limit=100000', headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('limit');
    const unknown = await s.app.inject({ method: 'GET', url: '/api/core/audit?colour=red', headers: admin });
    expect(unknown.json().error.field).toBe('colour');
  });

  it('a taken username → 409 naming the field, the first account unchanged', async () => {
    await s.app.inject({ method: 'POST', url: '/api/core/users', headers: admin, payload: { ...valid, username: 'twice' } });
    const res = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: admin, payload: { ...valid, username: 'twice', displayName: 'Other' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ kind: 'conflict', field: 'username' });
    const row = await s.kernel.db.selectFrom('core_users').select('display_name').where('username', '=', 'twice').executeTakeFirstOrThrow();
    expect(row.display_name).toBe('V');
  });

  it('an unknown route → 404 in the same error shape', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/nothing/here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { kind: 'not_found', message: 'no route GET /api/nothing/here' } });
  });

  it('a malformed Authorization header → 401 naming it', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/core/users', headers: { authorization: 'Basic abc' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.field).toBe('authorization');
  });

  it('every response carries a request id, and a given one is kept', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    const given = await s.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
  });
});

describe('OpenAPI docs and metrics', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService();
  });
  afterAll(() => s.close());

  it('documents every route at /docs, from the schemas that validate it', async () => {
    const spec = (await s.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(spec.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    for (const route of ['POST /api/auth/login', 'GET /api/core/users', 'POST /api/core/users', 'POST /api/core/users/{user}/disable', 'POST /api/core/tokens', 'GET /api/core/audit', 'GET /healthz', 'GET /readyz']) {
      expect(documented, route).toContain(route);
    }
    const create = spec.paths['/api/core/users'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['username', 'displayName', 'password', 'roles']));
    expect(create.additionalProperties).toBe(false);
    const html = await s.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(html.statusCode);
  });

  it('serves Prometheus metrics: requests by route, latency, pool, outbox lag', async () => {
    await s.app.inject({ method: 'GET', url: '/healthz' });
    await s.app.inject({ method: 'GET', url: '/api/core/users' });
    const res = await s.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.body;
    expect(text).toMatch(/citywork_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/citywork_http_requests_total\{method="GET",route="\/api\/core\/users",status="401"\} \d+/);
    expect(text).toMatch(/citywork_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz"\}/);
    expect(text).toMatch(/citywork_db_pool_connections\{state="max"\} 1/);
    expect(text).toMatch(/citywork_outbox_lag_seconds \d/);
    expect(text).toMatch(/citywork_outbox_events\{state="pending"\} \d+/);
    expect(text).toContain('citywork_scheduler_runs_total');
  });
});

describe('readiness follows the database', () => {
  it('goes red and answers 503 while the database does not answer, and recovers (PGlite, stubbed ping)', async () => {
    const database = await freshDatabase('pglite');
    let down = false;
    const ping = database.ping;
    database.ping = async (ms) => {
      if (down) throw new Error('connection refused');
      return ping(ms);
    };
    const secrets = generateSecrets();
    const config = loadConfig({ env: {}, flags: { ...secrets, readyCheckMs: 50, logLevel: 'silent', dataDir: '/tmp/citywork-ready-test' } });
    const service = await createService({ config, modules: [], database, logger: createLogger({ level: 'silent' }) });
    try {
      expect((await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      down = true;
      await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 503);
      const api = await service.app.inject({ method: 'GET', url: '/api/core/users' });
      expect(api.statusCode).toBe(503);
      expect(api.json().error.kind).toBe('unavailable');
      expect((await service.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      down = false;
      await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200);
    } finally {
      await service.stop();
      await database.close();
    }
  });

  it.skipIf(!hasPostgres)('goes red when PostgreSQL refuses connections, and recovers (real PostgreSQL)', async () => {
    const { url, drop } = await freshPostgresUrl();
    const dbName = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const secrets = generateSecrets();
    const config = loadConfig({ env: {}, flags: { ...secrets, databaseUrl: url, readyCheckMs: 100, logLevel: 'silent' } });
    const service = await createService({ config, modules: [], logger: createLogger({ level: 'silent' }) });
    try {
      expect((await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await admin.query(`alter database ${dbName} allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [dbName]);
      await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 503);
      expect((await service.app.inject({ method: 'GET', url: '/api/core/users' })).statusCode).toBe(503);
      await admin.query(`alter database ${dbName} allow_connections true`);
      await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200);
      expect((await service.app.inject({ method: 'GET', url: '/api/core/users' })).statusCode).toBe(401);
    } finally {
      await admin.query(`alter database ${dbName} allow_connections true`).catch(() => {});
      await admin.end();
      await service.stop();
      await drop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
