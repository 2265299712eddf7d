// The telemetry benchmark's generator: a few publisher processes (bench/telemetry-publisher.ts)
// started once against a broker, each with its share of the devices and of the offered rate,
// all starting a step at the same instant; their results summed.
import { fork, type ChildProcess } from 'node:child_process';
import type { BenchCity, Incident } from './telemetry-city.js';
import type { LatencySummary } from './telemetry-latency.js';
import type { PublisherResult } from './telemetry-publisher.js';

/** What the generator did in a step, all publishers together. */
export interface OfferResult {
  offeredMessagesPerS: number;
  offeredReadingsPerS: number;
  sent: number;
  acked: number;
  refused: Record<string, number>;
  noSubscribers: number;
  unacked: number;
  /** The worst publisher's lag behind its schedule: a generator that fell behind did not offer the rate. */
  sendLagMs: LatencySummary;
  pubackMs: LatencySummary;
  incidents: { deviceId: string; ts: number }[];
  firstTs: number;
  lastTs: number;
}

export interface Generator {
  pids: number[];
  /** Offers `readingsPerS` (messages of `perMessage` readings) for `seconds`, from `startAt` (epoch ms). */
  offer(o: { readingsPerS: number; seconds: number; startAt?: number; incidentEvery?: number }): Promise<OfferResult>;
  close(): Promise<void>;
}

const publisherPath = new URL('./telemetry-publisher.ts', import.meta.url).pathname;

function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a publisher exited (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (m: { ok: boolean; result?: T; error?: string }) => {
      child.off('exit', onExit);
      if (m.ok) resolve(m.result as T);
      else reject(new Error(m.error));
    });
    child.send(message as object);
  });
}

/** Starts `publishers` processes, `connections` MQTT connections in all, sharing the city's devices. */
export async function startGenerator({ port, cityCode, city, publishers, connections }: { port: number; cityCode: string; city: BenchCity; publishers: number; connections: number }): Promise<Generator> {
  const children = Array.from({ length: publishers }, () => fork(publisherPath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    await Promise.all(
      children.map((child, i) =>
        ask(child, {
          cmd: 'init',
          init: { port, cityCode, devices: city.devices.filter((_, j) => j % publishers === i), normal: city.normal, connections: Math.max(1, Math.round(connections / publishers)), name: String(i) },
        }),
      ),
    );
  } catch (err) {
    children.forEach((c) => c.kill());
    throw err;
  }
  const perMessage = city.devices[0]?.metrics.length ?? 10;
  const incident: Incident | null = city.incident;
  return {
    pids: children.map((c) => c.pid!),
    async offer({ readingsPerS, seconds, startAt = Date.now() + 500, incidentEvery = 0 }) {
      const messagesPerS = readingsPerS / perMessage;
      const results = await Promise.all(
        children.map((child, i) =>
          ask<PublisherResult>(child, {
            cmd: 'run',
            // Only the first publisher sends incidents, so their rate does not depend on how many there are.
            run: { ratePerS: messagesPerS / publishers, seconds, startAt, incidentEvery: i === 0 ? incidentEvery : 0, incident },
          }),
        ),
      );
      const sum = (f: (r: PublisherResult) => number) => results.reduce((a, r) => a + f(r), 0);
      const refused: Record<string, number> = {};
      for (const r of results) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
      const worst = (f: (r: PublisherResult) => LatencySummary) => results.map(f).reduce((a, b) => ((b.p99 ?? Infinity) > (a.p99 ?? Infinity) ? b : a));
      return {
        offeredMessagesPerS: Math.round(messagesPerS),
        offeredReadingsPerS: Math.round(readingsPerS),
        sent: sum((r) => r.sent),
        acked: sum((r) => r.acked),
        refused,
        noSubscribers: sum((r) => r.noSubscribers),
        unacked: sum((r) => r.unacked),
        sendLagMs: worst((r) => r.sendLag),
        pubackMs: worst((r) => r.puback),
        incidents: results.flatMap((r) => r.incidents),
        firstTs: Math.min(...results.map((r) => r.firstTs || Infinity)),
        lastTs: Math.max(...results.map((r) => r.lastTs)),
      };
    },
    async close() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.send({ cmd: 'exit' });
              setTimeout(() => c.kill(), 3000).unref();
            }),
        ),
      );
    },
  };
}
