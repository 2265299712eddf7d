import mqtt from 'mqtt';
import { AppError } from '../../../core/errors.js';
import { telemetryTopic } from '../topic.js';
import { createDeviceSim, type DeviceSim } from './device-sim.js';
import type { Incident, SimDevice } from './incidents.js';
import { createRandom } from './random.js';

/** What a run is told: where to publish, what, how fast, for how long; `signal` stops it. */
export interface RunOptions {
  brokerUrl: string;
  cityCode: string;
  devices: SimDevice[];
  incident: Incident;
  /** Messages per second over all devices (the incident's devices report every second besides). */
  ratePerS: number;
  durationS?: number;
  seed: number;
  signal: AbortSignal;
  /** Called about once a second with the run so far. */
  onProgress?: (p: RunProgress) => void;
  tickMs?: number;
  /** Publishes waiting for their PUBACK beyond which the run holds back. */
  maxInFlight?: number;
}

/** A run so far: messages and readings published and acknowledged, the rate, the incident's watched value. */
export interface RunProgress {
  elapsedS: number;
  published: number;
  acknowledged: number;
  failed: number;
  readings: number;
  inFlight: number;
  messagesPerS: number;
  watched: number | null;
}

/**
 * Publishes the devices' readings over MQTT at QoS 1 on `citywork/<city>/<device>/telemetry`
 * until the duration ends or the signal stops it; then waits (a little) for the last PUBACKs.
 */
export async function runSimulation(o: RunOptions): Promise<RunProgress> {
  const { tickMs = 100, maxInFlight = 2000 } = o;
  let client: mqtt.MqttClient;
  try {
    client = await mqtt.connectAsync(o.brokerUrl, { clientId: `citywork-simulator-${process.pid}-${Date.now().toString(36)}`, reconnectPeriod: 2000, connectTimeout: 5000, clean: true }, false);
  } catch (err) {
    throw new AppError('unavailable', `cannot connect to the MQTT broker at ${o.brokerUrl}: ${(err as Error).message}`, { field: '--url' });
  }
  const sims = new Map(o.devices.map((d) => [d.id, createDeviceSim(d, o.incident, o.seed)]));
  const fast = [...o.incident.fast].map((id) => sims.get(id)).filter((s): s is DeviceSim => !!s);
  // Everyone else in turn, in an order of the seed's choosing.
  const rnd = createRandom(o.seed);
  const rotation = [...sims.values()].filter((s) => !o.incident.fast.has(s.device.id)).sort(() => rnd.next() - 0.5);
  const p: RunProgress = { elapsedS: 0, published: 0, acknowledged: 0, failed: 0, readings: 0, inFlight: 0, messagesPerS: 0, watched: null };
  const started = Date.now();
  let turn = 0;
  let rotated = 0;
  let lastReport = started;
  let reportedAt = 0;

  const publish = (sim: DeviceSim, ms: number, atS: number) => {
    const message = sim.message(ms, atS);
    if (!message) return;
    const watch = o.incident.watch;
    const seen = watch && watch.deviceId === sim.device.id ? message.readings.find((r) => r.metric === watch.metric)?.value : undefined;
    // Rain comes per interval: show the gauge's total so far.
    if (seen !== undefined) p.watched = watch!.metric === 'rain_mm' ? Math.round(((p.watched ?? 0) + seen) * 10) / 10 : seen;
    p.published++;
    p.inFlight++;
    p.readings += message.readings.length;
    client.publish(telemetryTopic(o.cityCode, sim.device.id), JSON.stringify(message), { qos: 1 }, (err) => {
      p.inFlight--;
      if (err) p.failed++;
      else p.acknowledged++;
    });
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = Date.now();
      const atS = (now - started) / 1000;
      if (o.signal.aborted || (o.durationS !== undefined && atS >= o.durationS)) return resolve();
      for (const s of fast) if (s.lastS === null || atS - s.lastS >= 1) publish(s, now, atS);
      // Behind by more than a second (a slow broker): forgive the rest rather than burst.
      const target = Math.floor(o.ratePerS * atS);
      rotated = Math.max(rotated, target - Math.ceil(o.ratePerS));
      for (; rotated < target && rotation.length && p.inFlight < maxInFlight; rotated++) publish(rotation[turn++ % rotation.length]!, now, atS);
      if (now - lastReport >= 1000) {
        p.elapsedS = atS;
        p.messagesPerS = ((p.published - reportedAt) * 1000) / (now - lastReport);
        reportedAt = p.published;
        lastReport = now;
        o.onProgress?.({ ...p });
      }
      timer = setTimeout(tick, tickMs);
    };
    let timer = setTimeout(tick, 0);
    o.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

  // The last PUBACKs, for at most five seconds; then the connection closes either way.
  const deadline = Date.now() + 5000;
  while (p.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await client.endAsync(p.inFlight > 0);
  p.elapsedS = (Date.now() - started) / 1000;
  p.messagesPerS = p.published / Math.max(p.elapsedS, 1e-3);
  return p;
}
