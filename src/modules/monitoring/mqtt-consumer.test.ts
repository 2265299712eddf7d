import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { createLogger } from '../../core/logger.js';
import { startConsumer, type Consumer } from './mqtt-consumer.js';

const opts5 = { protocolVersion: 5 as const };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A broker that ignores the consumer's Receive Maximum (as Mosquitto 2.0.11 does once messages
// queue up): it sends `count` QoS 1 PUBLISHes one by one, and records the PUBACKs it gets.
async function rudeBroker(count: number) {
  const pubacks: number[] = [];
  const server = net.createServer((socket) => {
    const parser = mqttPacket.parser(opts5);
    const send = (p: Packet) => socket.write(mqttPacket.generate(p, opts5));
    parser.on('packet', async (p: Packet) => {
      if (p.cmd === 'connect') send({ cmd: 'connack', sessionPresent: false, reasonCode: 0 } as Packet);
      else if (p.cmd === 'puback') pubacks.push(p.messageId!);
      else if (p.cmd === 'subscribe') {
        send({ cmd: 'suback', messageId: p.messageId, granted: [1] } as Packet);
        for (let i = 1; i <= count && !socket.destroyed; i++) {
          send({ cmd: 'publish', topic: 'citywork/110000/d-1/telemetry', payload: Buffer.from(`{"n":${i}}`), qos: 1, messageId: i, retain: false, dup: false } as Packet);
          await wait(3);
        }
      }
    });
    socket.on('data', (d) => parser.parse(d));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`, pubacks, close: () => new Promise((r) => server.close(r)) };
}

describe('the MQTT consumer', () => {
  let consumer: Consumer | undefined;
  let broker: Awaited<ReturnType<typeof rudeBroker>> | undefined;
  afterEach(async () => {
    await consumer?.close();
    await broker?.close();
  });

  it('stops reading at its Receive Maximum of unacknowledged messages, and acknowledges in order once they are durable', async () => {
    broker = await rudeBroker(60);
    const held: ((err?: Error) => void)[] = [];
    consumer = startConsumer({ url: broker.url, clientId: 'c-1', filter: 'citywork/110000/+/telemetry', logger: createLogger({ level: 'silent' }), receiveMaximum: 10, onMessage: (_t, _p, ack) => void held.push(ack) });
    await wait(400);
    // Ten taken, nothing durable yet: reading stopped though the broker kept sending.
    expect(held.length).toBeGreaterThanOrEqual(10);
    expect(held.length).toBeLessThan(20);
    expect(consumer.state().received).toBe(held.length);
    const taken = held.length;
    // Durable out of order: nothing goes before the first one is.
    held[2]!();
    held[1]!();
    await wait(20);
    expect(broker.pubacks).toEqual([]);
    for (let i = 0; i < taken; i++) if (i !== 1 && i !== 2) held[i]!();
    await wait(400);
    expect(broker.pubacks.slice(0, taken)).toEqual(Array.from({ length: taken }, (_, i) => i + 1));
    // Half the window free again: reading resumed.
    expect(held.length).toBeGreaterThan(taken);
    held.forEach((ack) => ack());
  });
});
