import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker.js';
import { openIngest, type Ingest } from './ingest.js';
import { startConsumer, type Consumer } from './mqtt-consumer.js';
import { sharedTelemetryFilter, telemetryTopic } from './topic.js';

/** Where devices send telemetry, as `/readyz`, the API and the simulator report it. */
export interface BrokerInfo {
  embedded: boolean;
  /** off: not started (no HTTP listener in this process); listening/connected: taking telemetry. */
  state: 'off' | 'starting' | 'listening' | 'connecting' | 'connected' | 'failed' | 'stopped';
  url: string | null;
  port: number | null;
  requestedPort: number | null;
  topic: string;
  subscription: string | null;
  clientId: string | null;
  error: string | null;
}

interface Runtime {
  ingest: Promise<Ingest> | null;
  /** The ingest once open, for synchronous readers (readiness). */
  opened: Ingest | null;
  broker: EmbeddedBroker | null;
  consumer: Consumer | null;
  clientId: string | null;
  state: BrokerInfo['state'];
  error: string | null;
  starting: Promise<void> | null;
}

const runtimes = new WeakMap<Kernel, Runtime>();

function runtimeOf(k: Kernel): Runtime {
  let r = runtimes.get(k);
  if (!r) runtimes.set(k, (r = { ingest: null, opened: null, broker: null, consumer: null, clientId: null, state: 'off', error: null, starting: null }));
  return r;
}

/** This process's ingest, opened on first use (the write-ahead log is replayed then). */
export function ingestFor(k: Kernel): Promise<Ingest> {
  const r = runtimeOf(k);
  if (!r.ingest) {
    r.ingest = openIngest(k).then(
      (ingest) => (r.opened = ingest),
      (err) => {
        k.logger.error({ err: (err as Error).message }, 'the telemetry ingest could not start');
        r.ingest = null;
        throw new AppError('unavailable', `the telemetry ingest could not start: ${(err as Error).message}`, { cause: err });
      },
    );
  }
  return r.ingest;
}

/** The ingest if it is open, without opening it. */
export async function openedIngest(k: Kernel): Promise<Ingest | null> {
  return (await runtimeOf(k).ingest?.catch(() => null)) ?? null;
}

/**
 * Starts taking telemetry over MQTT: the embedded broker on `mqttPort` (the next free port when
 * it is taken), or, with `mqttUrl`, a consumer of the external broker's shared subscription.
 */
export function startMqtt(k: Kernel): Promise<void> {
  const r = runtimeOf(k);
  r.starting ??= (async () => {
    r.state = k.config.mqttUrl ? 'connecting' : 'starting';
    try {
      const ingest = await ingestFor(k);
      const submit = ingest.submit.bind(ingest);
      if (k.config.mqttUrl) {
        r.clientId = await clientIdOf(k);
        r.consumer = startConsumer({
          url: k.config.mqttUrl,
          clientId: r.clientId,
          filter: sharedTelemetryFilter(k.config.cityCode),
          logger: k.logger.child({ component: 'monitoring-mqtt' }),
          onMessage: (topic, payload, ack) => submit({ source: 'mqtt', receivedAt: k.clock.now().getTime(), topic, payload }, ack),
        });
      } else {
        r.broker = await startEmbeddedBroker({ host: k.config.host, port: k.config.mqttPort, logger: k.logger.child({ component: 'monitoring-mqtt' }), ingest: submit, now: () => k.clock.now().getTime() });
        r.state = 'listening';
      }
    } catch (err) {
      r.state = 'failed';
      r.error = (err as Error).message;
      k.logger.error({ err: r.error }, 'telemetry over MQTT is not available');
    }
  })();
  return r.starting;
}

/** Stops MQTT first (nothing new comes in), then commits what is queued and closes the ingest. */
export async function stopMonitoringRuntime(k: Kernel): Promise<void> {
  const r = runtimeOf(k);
  await r.starting;
  await r.consumer?.close();
  await r.broker?.close();
  if (r.consumer || r.broker) r.state = 'stopped';
  r.consumer = null;
  r.broker = null;
  const ingest = await openedIngest(k);
  await ingest?.close();
  r.ingest = null;
  r.opened = null;
}

/** The open ingest's queue and lag, or null before it opened (readiness). */
export function ingestSummary(k: Kernel): { queued: number; parked: number; lagSeconds: number; walBytes: number } | null {
  const s = runtimeOf(k).opened?.stats();
  return s ? { queued: s.queued, parked: s.parked, lagSeconds: Math.round(s.lagSeconds * 10) / 10, walBytes: s.wal.bytes } : null;
}

/** Where and how this copy takes MQTT telemetry right now. */
export function brokerInfo(k: Kernel): BrokerInfo {
  const r = runtimeOf(k);
  const consumer = r.consumer?.state();
  const state = consumer ? (consumer.subscribed ? 'connected' : 'connecting') : r.state;
  const external = k.config.mqttUrl ? new URL(k.config.mqttUrl) : null;
  if (external) external.password = external.password ? '***' : '';
  return {
    embedded: !k.config.mqttUrl,
    state,
    url: external ? external.toString() : (r.broker?.url ?? null),
    port: external ? Number(external.port || 1883) : (r.broker?.port ?? null),
    requestedPort: external ? null : k.config.mqttPort,
    topic: telemetryTopic(k.config.cityCode, '<device_id>'),
    subscription: external ? sharedTelemetryFilter(k.config.cityCode) : null,
    clientId: r.clientId,
    error: consumer?.lastError ?? r.error,
  };
}

// A copy's MQTT client id stays the same across its restarts, so its session (and what the
// broker holds for it) survives a crash; it lives beside the write-ahead log.
async function clientIdOf(k: Kernel): Promise<string> {
  const file = path.join(k.config.dataDir, 'monitoring-wal', 'mqtt-client-id');
  const existing = await fs.readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  const id = `citywork-${k.config.cityCode}-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, id);
  return id;
}
