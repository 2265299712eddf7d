import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken } from '../support/http.js';
import { environmentModule } from '../../src/modules/environment/index.js';

describe.each(testDrivers())('water class and AQI input checks in the API (%s)', (driver) => {
  let s: TestService;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [environmentModule] });
    citizen = bearer(await seedToken(s, { roles: ['citizen'] }));
  });
  afterAll(() => s.close());

  const post = (url: string, payload: unknown) => s.app.inject({ method: 'POST', url, headers: citizen, payload: payload as object });

  it('classes one sample under GB 3838-2002, with the worst items and what exceeds the target', async () => {
    const res = await post('/api/environment/water-class', { ph: 7.2, do: 4.5, nh3n: 1.2, cod: 18 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ class: 'IV', classNumber: 4, worst: ['do', 'nh3n'], target: 'III', label: { zh: 'Ⅳ类' } });
    expect(res.json().exceeded.map((e: { item: string }) => e.item)).toEqual(['do', 'nh3n']);
  });

  it('refuses a bad single sample with 400 naming the item', async () => {
    for (const [payload, field] of [
      [{ ph: 15 }, 'ph'],
      [{ cod: -1 }, 'cod'],
      [{ bod5: 30, cod: 20 }, 'bod5'],
      [{ nh3n: 2, units: { nh3n: 'µg/L' } }, 'units.nh3n'],
      [{ do: 40 }, 'do'],
      [{ chlorophyll: 3 }, 'chlorophyll'],
      [{ cod: 10, waterBody: 'ocean' }, 'waterBody'],
    ] as const) {
      const res = await post('/api/environment/water-class', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatchObject({ kind: 'invalid', field });
    }
  });

  it('answers an array item by item, an error in place of each bad item, a note on a tolerated inversion', async () => {
    const res = await post('/api/environment/water-class', [{ cod: 12 }, { ph: 20 }, 'x', { nh3n: 1.04, tn: 1 }]);
    expect(res.statusCode).toBe(200);
    const [good, bad, notObject, tolerated] = res.json();
    expect(good.class).toBe('I');
    expect(bad.error).toMatchObject({ field: 'ph' });
    expect(notObject.error).toMatchObject({ field: '[2]' });
    expect(tolerated.notes.some((n: string) => n.startsWith('nh3n 1.04 mg/L is above tn 1 mg/L within the tolerance'))).toBe(true);
  });

  it('applies the AQI input checks in the API: PM2.5 above PM10, unit slips, units', async () => {
    const impossible = await post('/api/environment/aqi', { standard: 'hj633-2012', pm25_24h: 150, pm10_24h: 100 });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error).toMatchObject({ kind: 'invalid', field: 'pm25_24h' });
    const tolerated = await post('/api/environment/aqi', { standard: 'hj633-2012', pm25_24h: 105, pm10_24h: 100 });
    expect(tolerated.json().notes.some((n: string) => n.includes('within the tolerance'))).toBe(true);
    const slip = await post('/api/environment/aqi', [{ standard: 'hj633-2012', co_24h: 800 }, { standard: 'epa-2024', o3_8h: 70 }, { standard: 'epa-2024', so2_1h: 20, units: { so2_1h: 'µg/m³' } }]);
    expect(slip.json().map((r: { error: { field: string } }) => r.error.field)).toEqual(['co_24h', 'o3_8h', 'units.so2_1h']);
  });
});
