import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findBroker } from './find-broker.js';

const embedded = { embedded: true, state: 'listening', url: 'mqtt://127.0.0.1:1884', port: 1884, topic: 'citywork/110000/<device_id>/telemetry', error: null };

// A stand-in for the service's GET /api/monitoring/broker: `answer` says what the n-th question gets, and after how long.
function service(answer: (n: number) => { body: object; delayMs?: number }): Promise<Server> {
  let n = 0;
  const server = createServer((req, res) => {
    const { body, delayMs = 0 } = answer(++n);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('findBroker', () => {
  it('takes --url without asking anyone', async () => {
    expect(await findBroker({ service: 'http://127.0.0.1:9', url: 'mqtt://broker:1883' })).toEqual({ url: 'mqtt://broker:1883', cityCode: null, how: '--url' });
  });

  it('waits for a service that is not listening yet (npm start and the simulator started together)', async () => {
    const free = await service(() => ({ body: embedded }));
    const url = urlOf(free);
    await new Promise((r) => free.close(r));
    const waits: string[] = [];
    const found = findBroker({ service: url, waitMs: 10_000, timeoutMs: 500, onWait: (why) => waits.push(why) });
    await new Promise((r) => setTimeout(r, 300));
    const late = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(embedded)));
    servers.push(late);
    await new Promise<void>((r) => late.listen(Number(new URL(url).port), '127.0.0.1', () => r()));
    expect(await found).toMatchObject({ url: 'mqtt://127.0.0.1:1884', cityCode: '110000' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(/^waiting up to 10 s for the citywork service at http:\/\/127\.0\.0\.1:\d+ \(no answer yet: /);
  });

  it('waits for a service too busy to answer in time (the embedded database on a long job), then takes its answer', async () => {
    const busy = await service((n) => ({ body: embedded, delayMs: n === 1 ? 400 : 0 }));
    servers.push(busy);
    const waits: string[] = [];
    expect(await findBroker({ service: urlOf(busy), waitMs: 10_000, timeoutMs: 200, onWait: (why) => waits.push(why) })).toMatchObject({ url: 'mqtt://127.0.0.1:1884' });
    expect(waits).toEqual([expect.stringContaining('aborted due to timeout')]);
  });

  it('waits for the broker to listen when the service says it is starting', async () => {
    const starting = await service((n) => ({ body: n < 3 ? { ...embedded, state: 'starting', url: null, port: null } : embedded }));
    servers.push(starting);
    const waits: string[] = [];
    expect(await findBroker({ service: urlOf(starting), waitMs: 10_000, onWait: (why) => waits.push(why) })).toMatchObject({ url: 'mqtt://127.0.0.1:1884' });
    expect(waits).toEqual([expect.stringContaining('its MQTT broker is starting')]);
  });

  it('gives up when nothing answers within the wait, saying how to go on', async () => {
    const free = await service(() => ({ body: embedded }));
    const url = urlOf(free);
    await new Promise((r) => free.close(r));
    await expect(findBroker({ service: url, waitMs: 300, timeoutMs: 100 })).rejects.toMatchObject({
      kind: 'unavailable',
      field: '--service',
      message: expect.stringMatching(/^no citywork service answers at http:\/\/127\.0\.0\.1:\d+ after waiting 0\.3 s \(.*\): start it \(npm start\)/),
    });
    await expect(findBroker({ service: url, waitMs: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/^no citywork service answers at http:\/\/127\.0\.0\.1:\d+ \(/) });
  });

  it('does not wait for a service whose broker is off: that will not change', async () => {
    const off = await service(() => ({ body: { ...embedded, state: 'off', url: null, port: null } }));
    servers.push(off);
    const started = Date.now();
    await expect(findBroker({ service: urlOf(off), waitMs: 10_000 })).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringContaining('takes no MQTT telemetry (off)') });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
