import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { testService, type TestService } from '../support/service.js';

describe.each(testDrivers())('k.db inside k.transaction (%s)', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ driver });
  });
  afterAll(() => s?.close());

  it('fails at once, naming the mistake, instead of waiting for the one embedded connection', async () => {
    const started = performance.now();
    await expect(s.kernel.transaction(async () => sql`select 1`.execute(s.kernel.db))).rejects.toThrow(/used k\.db inside k\.transaction/);
    await expect(s.kernel.transaction(async () => s.kernel.transaction(async () => 1))).rejects.toThrow(/used k\.db inside k\.transaction/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('lets the transaction itself, and k.db after it, work as usual', async () => {
    expect(await s.kernel.transaction(async (trx) => (await sql<{ n: number }>`select 1 as n`.execute(trx)).rows[0]!.n)).toBe(1);
    expect((await sql<{ n: number }>`select 2 as n`.execute(s.kernel.db)).rows[0]!.n).toBe(2);
  });
});
