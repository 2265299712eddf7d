import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken, seedUser, signIn } from '../support/http.js';
import { environmentModule } from '../../src/modules/environment/index.js';

describe.each(testDrivers())('POST /api/environment/aqi (%s)', (driver) => {
  let s: TestService;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [environmentModule] });
    citizen = bearer(await seedToken(s, { roles: ['citizen'] }));
  });
  afterAll(() => s.close());

  const post = (payload: unknown, headers: Record<string, string> = citizen) => s.app.inject({ method: 'POST', url: '/api/environment/aqi', headers, payload: payload as object });

  it('answers one request with the AQI result', async () => {
    const res = await post({ standard: 'hj633-2012', pm25_24h: 64, pm10_24h: 90 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ aqi: 87, iaqi: { pm25_24h: 87, pm10_24h: 70 }, level: 2, category: '良', primary: ['pm25_24h'], notes: [], standard: 'hj633-2012' });
    const epa = await post({ standard: 'epa-2024', o3_8h: 0.07853, pm25_24h: 35.9, co_8h: 8.4 });
    expect(epa.json()).toMatchObject({ aqi: 126, level: 3, category: 'Unhealthy for Sensitive Groups', primary: ['o3_8h'] });
  });

  it('refuses a bad single request with 400 naming the field', async () => {
    for (const [payload, field] of [
      [{ standard: 'hj633-2012', pm25_24h: -3 }, 'pm25_24h'],
      [{ standard: 'hj633-2012', pm2_5: 3 }, 'pm2_5'],
      [{ standard: 'hj633-2012', pm25_24h: 'lots' }, 'pm25_24h'],
      [{ standard: 'hj633-2012' }, 'fields'],
      [{ standard: 'aqi-cn', pm25_24h: 3 }, 'standard'],
      [{ pm25_24h: 3 }, 'standard'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatchObject({ kind: 'invalid', field });
    }
  });

  it('answers an array item by item, with an error in place of each bad item', async () => {
    const res = await post([
      { standard: 'hj633-2026', pm25_24h: 70 },
      { standard: 'hj633-2012', pm25_24h: 70 },
      { standard: 'epa-2024', so2_1h: -1 },
      7,
      { standard: 'hj633-2012', so2_1h: 900, so2_24h: 100 },
    ]);
    expect(res.statusCode).toBe(200);
    const [a, b, bad, notObject, so2] = res.json();
    expect([a.aqi, a.category, b.aqi, b.category]).toEqual([110, '轻度污染', 94, '良']);
    expect(bad).toEqual({ error: { kind: 'invalid', field: 'so2_1h', message: 'so2_1h must not be negative, got -1 ppb' } });
    expect(notObject.error).toMatchObject({ kind: 'invalid', field: '[3]' });
    expect(so2).toMatchObject({ aqi: 75, iaqi: { so2_1h: null, so2_24h: 75 } });
    expect(so2.notes.some((n: string) => n.includes('report so2_24h instead'))).toBe(true);
  });

  it('takes thousands of requests in one array', async () => {
    const batch = Array.from({ length: 3000 }, (_, i) => ({ standard: 'epa-2024', pm25_24h: (i % 3300) / 10 }));
    const res = await post(batch);
    expect(res.statusCode).toBe(200);
    const results = res.json() as { aqi: number }[];
    expect(results).toHaveLength(3000);
    expect(results[90]!.aqi).toBe(50); // 9.0 µg/m³
    expect(results[91]!.aqi).toBe(51); // 9.1 µg/m³
    expect(results.every((r, i) => i === 0 || r.aqi >= results[i - 1]!.aqi)).toBe(true);
  });

  it('is open to every signed-in user and to no one else', async () => {
    const body = { standard: 'hj633-2012', pm25_24h: 10 };
    expect((await post(body, {})).statusCode).toBe(401);
    for (const role of ['admin', 'operator', 'dispatcher', 'handler', 'assessor', 'analyst', 'engineer', 'citizen']) {
      expect((await post(body, bearer(await seedToken(s, { roles: [role] })))).statusCode, role).toBe(200);
    }
    await seedUser(s, 'resident', ['citizen']);
    const session = await signIn(s, 'resident');
    expect((await post(body, session.headers)).statusCode).toBe(200);
    expect((await post(body, { cookie: session.cookie })).statusCode).toBe(403); // a cookie without its CSRF token
    const spec = (await s.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toContain('/api/environment/aqi');
  });
});
