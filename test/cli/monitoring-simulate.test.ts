import os from 'node:os';
import path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { monitoringModule, openedIngest, startMqtt } from '../../src/modules/monitoring/index.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken } from '../support/http.js';
import { runCli } from '../support/cli.js';

const demo = path.resolve('packs/beijing/monitoring');
// 建外街道 (Jianwai subdistrict, Chaoyang), between the Jianguomen interchange and the CBD.
const jianwai = { lon: 116.446, lat: 39.9085 };

interface Asset {
  id: string;
  type: string;
  lon: number;
  lat: number;
  simulated: boolean;
}

// The simulator as a user runs it, against a service with the embedded broker and the demo's simulated devices.
describe.skipIf(!existsSync(path.join(demo, 'assets.json')))('citywork monitoring simulate', () => {
  let s: TestService;
  let url: string;
  let token: string;
  let dataDir: string;
  beforeAll(async () => {
    // The embedded broker on a free port (mqttPort 0), as on a machine whose 1883 is taken.
    s = await testService({ modules: [regionsModule, monitoringModule], config: { port: 0, mqttPort: 0 } });
    const pack = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-simulate-pack-'));
    await fs.mkdir(path.join(pack, 'monitoring'));
    await fs.writeFile(path.join(pack, 'pack.json'), JSON.stringify({ name: 'beijing-monitoring', version: '1.0.0', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing', timezone: 'Asia/Shanghai' } }));
    for (const f of ['catalog.json', 'assets.json']) await fs.copyFile(path.join(demo, f), path.join(pack, 'monitoring', f));
    await importPack(s.kernel, s.system, pack, s.packLoaders);
    await fs.rm(pack, { recursive: true, force: true });
    token = await seedToken(s, { roles: ['engineer'] });
    url = await s.listen();
    await startMqtt(s.kernel);
    // A data folder of its own, so a service running in the working copy is not mistaken for this one.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-simulate-cli-'));
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const get = async <T>(u: string): Promise<T> => (await s.app.inject({ method: 'GET', url: u, headers: bearer(token) })).json() as T;

  it('finds the broker through the service, publishes for every asset type, and makes the leaking space’s methane rise', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const args = ['monitoring', 'simulate', '--service', url, '--token', token, '--duration', '9', '--rate', '120', '--incident', 'gas-leak', '--incident-after', '1', '--incident-ramp', '5', '--seed', '3'];
    const r = await runCli(args, { CITYWORK_DATA_DIR: dataDir }, 90_000);
    expect(r.stderr).toContain('SIMULATED data');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/simulated \d+ messages \(\d+ readings\)/);
    const brokerPort = (await get<{ port: number }>('/api/monitoring/broker')).port;
    expect(r.stderr).toContain(`:${brokerPort}`);
    await (await openedIngest(s.kernel))!.flush();

    // Readings stored for many asset types: one device of each type, read back.
    const assets = (await get<{ assets: Asset[] }>('/api/monitoring/assets?limit=1000')).assets;
    const byType = new Map<string, Asset>();
    for (const a of assets) if (!byType.has(a.type)) byType.set(a.type, a);
    const stored: string[] = [];
    for (const [type, a] of byType) {
      const detail = await get<{ devices: { id: string }[] }>(`/api/monitoring/assets/${a.id}`);
      for (const d of detail.devices) {
        const got = await get<{ series: { points: unknown[] }[] }>(`/api/monitoring/devices/${d.id}/readings?from=${started}`);
        if (got.series.some((x) => x.points.length > 0)) stored.push(type);
      }
    }
    expect(new Set(stored).size).toBeGreaterThanOrEqual(6);

    // The leak: in the methane detector nearest 建外街道, rising past the 20 %LEL alarm level.
    const leak = /\((gas-ch4-[\w-]+)\) rises/.exec(r.stderr)?.[1];
    expect(leak, r.stderr).toBeDefined();
    const device = await get<{ assetId: string }>(`/api/monitoring/devices/${leak}`);
    const at = assets.find((a) => a.id === device.assetId)!;
    expect(Math.hypot((at.lon - jianwai.lon) * 85, (at.lat - jianwai.lat) * 111)).toBeLessThan(2); // km
    const methane = (await get<{ series: { points: { ts: string; value: number }[] }[] }>(`/api/monitoring/devices/${leak}/readings?metric=methane_pct_lel&from=${started}`)).series[0]!.points;
    expect(methane.length).toBeGreaterThanOrEqual(5); // every second while it leaks
    const values = [...methane].sort((x, y) => x.ts.localeCompare(y.ts)).map((p) => p.value);
    expect(values[0]).toBeLessThan(5);
    expect(values.at(-1)).toBeGreaterThan(20);
    expect(Math.max(...values.slice(0, 2))).toBeLessThan(Math.max(...values.slice(-2)));
  }, 120_000);

  it('says what is wrong when no service answers', async () => {
    const r = await runCli(['monitoring', 'simulate', '--service', 'http://127.0.0.1:9', '--duration', '1'], { CITYWORK_DATA_DIR: dataDir }, 60_000);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/no citywork service answers at http:\/\/127\.0\.0\.1:9/);
  }, 60_000);
});
