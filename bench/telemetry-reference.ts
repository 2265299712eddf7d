// The broker's own rate, the reference of bench/telemetry.bench.ts: the same message stream to a
// subscriber that does nothing with it — mqtt.js, MQTT 5, the service's shared subscription and
// Receive Maximum, acknowledging each QoS 1 message as it arrives. Its latency is receive time −
// the message's ts, counted once per reading like the service's.
import mqtt from 'mqtt';
import { sharedTelemetryFilter } from '../src/modules/monitoring/index.js';
import type { WindowRecorder } from './telemetry-service.js';

export interface ReferenceSubscriber {
  received(): number;
  close(): Promise<void>;
}

// `{"ts":1732844400123,` — the publishers' payloads begin so; the rest is not read.
function tsOf(payload: Buffer): number {
  return Number(payload.toString('latin1', 6, payload.indexOf(44, 6)));
}

/** Subscribes to the city's telemetry like the service would, recording each message's readings into `recorder`. */
export async function startReferenceSubscriber({ url, cityCode, recorder, readingsPerMessage, receiveMaximum = 1000 }: { url: string; cityCode: string; recorder: WindowRecorder; readingsPerMessage: number; receiveMaximum?: number }): Promise<ReferenceSubscriber> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 5, clean: true, reconnectPeriod: 0, clientId: `bench-reference-${process.pid}`, properties: { receiveMaximum } });
  let received = 0;
  client.on('message', (_topic, payload) => {
    received++;
    const ts = tsOf(payload);
    recorder.recordTimes(ts, readingsPerMessage);
  });
  await client.subscribeAsync(sharedTelemetryFilter(cityCode), { qos: 1 });
  return {
    received: () => received,
    close: () => client.endAsync(),
  };
}
