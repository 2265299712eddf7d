import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';

const packDir = path.resolve('packs/beijing');

// The Beijing demo pack's simulated assets as `npm start` loads them: each located in its district.
describe.skipIf(!existsSync(path.join(packDir, 'monitoring', 'assets.json')))('monitoring on the Beijing demo pack', () => {
  let s: TestService;
  let admin: Record<string, string>;
  let chaoyang: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, monitoringModule] });
    await importPack(s.kernel, s.system, packDir, s.packLoaders);
    admin = bearer(await seedToken(s, { roles: ['admin'] }));
    chaoyang = bearer(await seedToken(s, { userId: await seedUser(s, 'cy-engineer', ['engineer'], { jurisdiction: ['110105'] }) }));
  }, 180_000);
  afterAll(() => s?.close());

  const all = async (headers: Record<string, string>, query = '') => {
    const out: { code: string; regionCode: string | null; simulated: boolean; type: string }[] = [];
    let after = '';
    do {
      const page = (await s.app.inject({ method: 'GET', url: `/api/monitoring/assets?limit=1000${query}${after ? `&after=${after}` : ''}`, headers })).json();
      out.push(...page.assets);
      after = page.next ?? '';
    } while (after);
    return out;
  };

  it('loads every simulated asset, each located in a Beijing district', async () => {
    const assets = await all(admin);
    expect(assets.length).toBeGreaterThan(300);
    expect(assets.filter((a) => !a.simulated)).toEqual([]);
    expect(assets.filter((a) => !a.regionCode?.startsWith('11'))).toEqual([]);
    const districts = new Set(assets.map((a) => a.regionCode!.slice(0, 6)));
    expect(districts.size).toBeGreaterThanOrEqual(14);
  });

  it('shows a district engineer the assets of the district only', async () => {
    const mine = await all(chaoyang);
    expect(mine.length).toBeGreaterThan(20);
    expect(mine.every((a) => a.regionCode!.startsWith('110105'))).toBe(true);
    expect(mine.map((a) => a.code)).toContain('BJ-BR-0001'); // 三元桥
  });

  it('takes a methane reading from a simulated detector', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers: admin, payload: { device: 'gas-ch4-0001', ts: new Date().toISOString(), readings: [{ metric: 'methane_pct_lel', value: 3.5, unit: '%LEL' }, { metric: 'temperature_c', value: 12.5, unit: '℃' }] } });
    expect(res.json()).toEqual({ messages: 1, accepted: 2, quarantined: 0 });
  });
});
