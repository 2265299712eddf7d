import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { testDrivers } from '../support/db.js';
import { startChildService, type ChildService } from './child-service.js';
import { freshTarget, mulberry32 } from './target.js';

// Issue 7's promise for telemetry: a QoS 1 message is acknowledged only once its readings are
// durable, so SIGKILL at any moment of a stream loses no acknowledged reading and stores none
// twice. Embedded: the service's own broker acknowledges the devices, so the test counts its
// PUBACKs. External (TEST_MQTT_URL): Mosquitto acknowledges the devices and keeps what our
// persistent session has not acknowledged, so every message Mosquitto took must be stored.
const rounds = Number(process.env.CRASH_ROUNDS_MONITORING ?? 5);
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'monitoring-serve.ts');
const externalUrl = process.env.TEST_MQTT_URL;
const brokers = externalUrl ? (['embedded', 'external'] as const) : (['embedded'] as const);
const cases = testDrivers().flatMap((driver) => brokers.map((broker) => [driver, broker] as const));

describe.each(cases)('SIGKILL during a stream of QoS 1 telemetry (%s, %s broker)', (driver, broker) => {
  it(`stores every acknowledged reading exactly once across ${rounds} kills`, { timeout: 600_000 }, async () => {
    const random = mulberry32(seed);
    const target = await freshTarget(driver);
    const dataDir = target.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-crash-monitoring-')));
    // A city of its own (not from the seed): a session the broker keeps from an earlier case
    // would otherwise share this case's subscription and take its share of the messages.
    const city = broker === 'external' ? `7${String(Math.floor(Math.random() * 99_999)).padStart(5, '0')}` : '110000';
    const env = { ...target.env, CITYWORK_DATA_DIR: dataDir, CITYWORK_CITY: city, MQTT_PORT: '0', ...(broker === 'external' ? { MQTT_URL: externalUrl } : {}) };
    const base = Date.now() - 2 * 86_400_000;
    const topic = `citywork/${city}/lv-1/telemetry`;
    const payload = (seq: number) => JSON.stringify({ ts: base + seq * 1000, readings: [{ metric: 'level_m', value: (seq % 300) / 10 }] });
    const acked = new Set<number>();
    let unknown: number[] = [];
    let sequence = 0;
    let kills = 0;
    let killsWithUnacknowledged = 0;
    let child: ChildService | undefined;
    try {
      for (let round = 0; round <= rounds; round++) {
        const service = (child = await startChildService(env, { script }));
        const publishTo = broker === 'embedded' ? (service.info.mqtt as string) : externalUrl!;
        const client = await mqtt.connectAsync(publishTo, { reconnectPeriod: 0, clean: true });
        client.on('error', () => {});
        const sent = new Set<number>();
        const publish = (seq: number) =>
          new Promise<void>((resolve) => {
            sent.add(seq);
            client.publish(topic, payload(seq), { qos: 1 }, (err) => {
              if (!err) acked.add(seq);
              resolve();
            });
          });
        if (round === rounds) {
          // The last round kills nothing: it sends again what is unknown, then the checks read.
          await Promise.all(unknown.map(publish));
          unknown = unknown.filter((seq) => !acked.has(seq));
          await client.endAsync();
          break;
        }
        // A stream from one device, 64 messages in flight, until the kill.
        let halted = false;
        let halt = () => {};
        const haltedSignal = new Promise<void>((r) => (halt = r));
        const inFlight = new Set<Promise<void>>();
        // Mosquitto queues at most 1,000 messages for a session behind (max_queued_messages) and
        // drops the rest, as a broker must: keep a round's stream below that.
        const roundEnd = broker === 'external' ? sequence + 800 : Infinity;
        const pump = (async () => {
          while (!halted && sequence < roundEnd) {
            // A killed broker never answers the messages in flight: stop waiting on them then.
            if (inFlight.size >= 64) await Promise.race([...inFlight, haltedSignal]);
            else {
              const p = publish(++sequence).finally(() => inFlight.delete(p));
              inFlight.add(p);
              await new Promise((r) => setImmediate(r));
            }
          }
        })();
        await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 1200)));
        if (broker === 'external') {
          // Mosquitto keeps what it acknowledged: stop sending, then kill the service mid-consumption.
          halted = true;
          halt();
          await pump;
          await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 5000))]);
          await service.kill();
        } else {
          await service.kill();
          halted = true;
          halt();
          await pump;
        }
        kills++;
        client.end(true);
        await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 2000))]);
        const lost = [...sent].filter((seq) => !acked.has(seq));
        if (lost.length) killsWithUnacknowledged++;
        unknown.push(...lost);
      }

      const final = child!;
      const headers = { authorization: `Bearer ${final.info.token as string}` };
      const url = `${final.url}/api/monitoring/devices/lv-1/readings?from=${new Date(base - 1).toISOString()}&to=${new Date(base + (sequence + 10) * 1000).toISOString()}&limit=50000`;
      let stored: number[] = [];
      const deadline = Date.now() + 60_000;
      do {
        const res = (await (await fetch(url, { headers })).json()) as { series: { points: { ts: string }[] }[] };
        stored = res.series[0]!.points.map((p) => (Date.parse(p.ts) - base) / 1000);
        if (stored.length >= acked.size) break;
        await new Promise((r) => setTimeout(r, 200));
      } while (Date.now() < deadline);
      console.log(`[monitoring crash ${driver} ${broker}] ${kills} SIGKILLs (${killsWithUnacknowledged} with messages unacknowledged), ${sequence} messages sent, ${acked.size} acknowledged, ${stored.length} stored, seed ${seed}`);

      expect(kills).toBe(rounds);
      // Embedded, the broker dies with the service: most kills must catch messages unacknowledged.
      if (broker === 'embedded') expect(killsWithUnacknowledged).toBeGreaterThanOrEqual(Math.ceil(rounds * 0.6));
      expect(acked.size).toBeGreaterThan(rounds * 20);
      // Every acknowledged reading is stored, once; what was never acknowledged was sent again and is too.
      expect(new Set(stored).size).toBe(stored.length);
      expect(unknown).toEqual([]);
      expect(stored.filter((seq) => !acked.has(seq))).toEqual([]);
      const storedSet = new Set(stored);
      expect([...acked].filter((seq) => !storedSet.has(seq))).toEqual([]);
      expect(await final.stop()).toBe(0);
    } catch (err) {
      if (child) (err as Error).message += `\nlast service stderr:\n${child.stderr()}`;
      throw err;
    } finally {
      await child?.kill();
      await target.dispose();
      if (!target.dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
