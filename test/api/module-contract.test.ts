import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { notesModule, jobRuns } from '../fixtures/notes/index.js';

// The module contract end to end: a module's migrations, routes, policy rows, subscribers,
// jobs and pack loaders are all composed by the server without the core knowing the module.
describe.each(testDrivers())('a module plugs into the core (%s)', (driver) => {
  let s: TestService;
  let analyst: Record<string, string>;
  let chaoyang: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [notesModule] });
    analyst = bearer(await seedToken(s, { userId: await seedUser(s, 'ana', ['analyst']) }));
    chaoyang = bearer(await seedToken(s, { userId: await seedUser(s, 'cy', ['handler'], { jurisdiction: ['110105'] }) }));
  });
  afterAll(() => s.close());

  it('runs its migrations with their own history', async () => {
    const { rows } = await sql<{ name: string }>`select name from citywork_migrations_notes`.execute(s.kernel.db);
    expect(rows.map((r) => r.name)).toEqual(['0001_notes']);
  });

  it('serves its routes, documented, under its policy rows, and filters by jurisdiction', async () => {
    for (const regionCode of ['110105001000', '110108001000']) {
      const res = await s.app.inject({ method: 'POST', url: '/api/notes', headers: analyst, payload: { body: 'pothole', regionCode } });
      expect(res.statusCode).toBe(201);
    }
    const denied = await s.app.inject({ method: 'POST', url: '/api/notes', headers: chaoyang, payload: { body: 'x', regionCode: '110105001000' } });
    expect(denied.statusCode).toBe(403);
    const all = (await s.app.inject({ method: 'GET', url: '/api/notes', headers: analyst })).json().notes;
    const mine = (await s.app.inject({ method: 'GET', url: '/api/notes', headers: chaoyang })).json().notes;
    expect(all).toHaveLength(2);
    expect(mine.map((n: { regionCode: string }) => n.regionCode)).toEqual(['110105001000']);
    const spec = (await s.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toContain('/api/notes');
  });

  it('delivers its events to its subscriber exactly once, in the subscriber transaction', async () => {
    await s.kernel.outbox.drain();
    await s.kernel.outbox.drain();
    const { rows } = await sql<{ n: number }>`select n from notes_counts`.execute(s.kernel.db);
    expect(rows[0]?.n).toBe(2);
    expect((await s.kernel.outbox.stats()).pending).toBe(0);
  });

  it('runs its jobs from the scheduler, once per period', async () => {
    const before = jobRuns;
    expect((await s.scheduler.tick()).filter((n) => !n.startsWith('core.'))).toEqual(['notes.tick']);
    expect(await s.scheduler.tick()).toEqual([]);
    expect(jobRuns).toBe(before + 1);
  });

  it('reads its part of a city pack after the core', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-pack-'));
    await fs.mkdir(path.join(dir, 'notes'));
    await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ name: 'testville', version: '1', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing' } }));
    await fs.writeFile(path.join(dir, 'notes', 'places.json'), JSON.stringify(['天安门', '鼓楼']));
    const progress: string[] = [];
    const report = await importPack(s.kernel, s.system, dir, s.packLoaders, { onProgress: (l, d, t) => progress.push(`${l}:${d}/${t}`) });
    expect(report.loaders.map((l) => l.name)).toEqual(['core.city', 'core.orgs', 'notes.places']);
    expect(report.loaders[2]!.counts).toEqual({ places: 2 });
    expect(progress).toEqual(['notes.places:1/2', 'notes.places:2/2']);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
