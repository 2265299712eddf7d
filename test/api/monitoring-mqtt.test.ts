import net from 'node:net';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { brokerInfo, monitoringModule, openedIngest, startMqtt } from '../../src/modules/monitoring/index.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken } from '../support/http.js';
import { monitoringTestService, writeMonitoringPack, type MonitoringTestService } from './monitoring-support.js';

// The real broker of the development machines and CI (Mosquitto 2, MQTT 5 shared subscriptions).
const externalUrl = process.env.TEST_MQTT_URL;
if (!externalUrl) {
  if (process.env.CI === 'true') throw new Error('CI=true but TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883): CI must test against the real broker');
  console.warn('[citywork tests] TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883): the external-broker tests are skipped');
}

const reading = (i: number, base: number) => JSON.stringify({ ts: new Date(base + i * 1000).toISOString(), readings: [{ metric: 'level_m', value: (i % 300) / 10 }] });

async function publishAll(url: string, messages: { topic: string; payload: string }[], opts: mqtt.IClientOptions = {}): Promise<void> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...opts });
  try {
    await Promise.all(messages.map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 })));
  } finally {
    await client.endAsync();
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('telemetry over the embedded MQTT broker (aedes)', () => {
  let s: MonitoringTestService;
  let blocker: net.Server;
  let busyPort: number;
  beforeAll(async () => {
    // Hold a port, as Mosquitto holds 1883 on the development machines: the broker must take the next.
    blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    busyPort = (blocker.address() as net.AddressInfo).port;
    s = await monitoringTestService({ config: { port: 0, mqttPort: busyPort } });
    await s.listen();
    await startMqtt(s.kernel);
  });
  afterAll(async () => {
    await s.close();
    await new Promise((r) => blocker.close(r));
  });

  it('takes the next free port when its own is busy, and says so in the API and /readyz', async () => {
    const info = brokerInfo(s.kernel);
    expect(info).toMatchObject({ embedded: true, state: 'listening', requestedPort: busyPort });
    expect(info.port).toBeGreaterThan(busyPort);
    expect(info.url).toBe(`mqtt://127.0.0.1:${info.port}`);
    expect((await s.app.inject({ method: 'GET', url: '/api/monitoring/broker' })).json()).toMatchObject({ port: info.port, state: 'listening' });
    expect((await s.app.inject({ method: 'GET', url: '/readyz' })).json().modules.monitoring.mqtt).toMatchObject({ port: info.port, requestedPort: busyPort });
  });

  it('stores QoS 1 messages published concurrently, and quarantines a bad payload and a bad topic', async () => {
    const base = Date.now() - 3600_000;
    const good = Array.from({ length: 500 }, (_, i) => ({ topic: 'citywork/110000/lv-1/telemetry', payload: reading(i, base) }));
    const bad = [
      { topic: 'citywork/110000/lv-1/telemetry', payload: 'not json' },
      { topic: 'citywork/110000/lv-1/extra/telemetry', payload: reading(0, base) },
      // Not telemetry at all: routed as usual, neither stored nor quarantined.
      { topic: 'citywork/110000/lv-1/status', payload: 'online' },
    ];
    await publishAll(brokerInfo(s.kernel).url!, [...good, ...bad], { protocolVersion: 4 });
    await (await openedIngest(s.kernel))!.flush();
    const readings = (await s.app.inject({ method: 'GET', url: `/api/monitoring/devices/lv-1/readings?from=${new Date(base - 1).toISOString()}&limit=1000`, headers: s.as.admin })).json();
    expect(readings.series[0].points).toHaveLength(500);
    const q = (await s.app.inject({ method: 'GET', url: '/api/monitoring/quarantine', headers: s.as.admin })).json();
    expect(q.entries.map((e: { source: string; reason: string }) => [e.source, e.reason]).sort()).toEqual([['mqtt', 'bad_topic'], ['mqtt', 'malformed_payload']]);
    const stats = (await s.app.inject({ method: 'GET', url: '/api/monitoring/ingest', headers: s.as.admin })).json();
    // Write-ahead syncs were shared: far fewer groups than messages.
    expect(stats.wal.groups).toBeLessThan(400);
    expect(stats).toMatchObject({ open: true, queued: 0, stored: 500, quarantined: 2 });
  });

  it('keeps the latest value and quarantines an unregistered device (MQTT 3.1.1: aedes speaks no MQTT 5)', async () => {
    const base = Date.now() - 7200_000;
    await publishAll(brokerInfo(s.kernel).url!, [
      { topic: 'citywork/110000/wp-1/telemetry', payload: JSON.stringify({ ts: base, readings: [{ metric: 'pressure_mpa', value: 0.33 }] }) },
      { topic: 'citywork/110000/stranger-7/telemetry', payload: JSON.stringify({ ts: base, readings: [{ metric: 'pressure_mpa', value: 0.33 }] }) },
    ]);
    await (await openedIngest(s.kernel))!.flush();
    expect((await s.app.inject({ method: 'GET', url: '/api/monitoring/devices/wp-1', headers: s.as.admin })).json().metrics[0].latest).toEqual({ ts: new Date(base).toISOString(), value: 0.33 });
    const q = (await s.app.inject({ method: 'GET', url: '/api/monitoring/quarantine?reason=unknown_device', headers: s.as.admin })).json();
    expect(q.entries).toEqual([expect.objectContaining({ source: 'mqtt', deviceId: 'stranger-7', topic: 'citywork/110000/stranger-7/telemetry' })]);
  });
});

describe.skipIf(!externalUrl)('telemetry from an external broker through a shared subscription (Mosquitto)', () => {
  let s: TestService;
  let admin: Record<string, string>;
  // A city of its own, so no other consumer of the broker shares this test's subscription.
  const city = `8${String(Math.floor(Math.random() * 99_999)).padStart(5, '0')}`;
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, monitoringModule], config: { port: 0, cityCode: city, mqttUrl: externalUrl } });
    const dir = await writeMonitoringPack({ cityCode: city, withRegions: false });
    await importPack(s.kernel, s.system, dir, s.packLoaders);
    await fs.rm(dir, { recursive: true, force: true });
    admin = bearer(await seedToken(s, { roles: ['admin'] }));
    await s.listen();
    await startMqtt(s.kernel);
    await waitFor(async () => brokerInfo(s.kernel).state === 'connected', 'the consumer to connect');
  });
  afterAll(() => s?.close());

  it('consumes $share/citywork/citywork/<city>/+/telemetry and stores every message once', async () => {
    expect(brokerInfo(s.kernel)).toMatchObject({ embedded: false, subscription: `$share/citywork/citywork/${city}/+/telemetry` });
    expect(brokerInfo(s.kernel).clientId).toMatch(new RegExp(`^citywork-${city}-`));
    // Let the subscription settle before publishing (SUBACK follows CONNACK).
    await new Promise((r) => setTimeout(r, 300));
    const base = Date.now() - 3600_000;
    const messages = Array.from({ length: 800 }, (_, i) => ({ topic: `citywork/${city}/lv-1/telemetry`, payload: reading(i, base) }));
    await publishAll(externalUrl!, messages);
    const url = `/api/monitoring/devices/lv-1/readings?from=${new Date(base - 1).toISOString()}&limit=2000`;
    await waitFor(async () => (await s.app.inject({ method: 'GET', url, headers: admin })).json().series[0].points.length === 800, 'all 800 readings to be stored');
    const stats = (await s.app.inject({ method: 'GET', url: '/api/monitoring/ingest', headers: admin })).json();
    expect(stats).toMatchObject({ stored: 800, duplicates: 0 });
  });
});
