import net from 'node:net';
import tls from 'node:tls';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Logger } from '../../core/logger.js';
import { createAckWindow, type AckWindow } from './ack-window.js';

/**
 * A telemetry consumer of an external MQTT 5 broker, written on mqtt-packet rather than mqtt.js
 * for one reason: mqtt.js handles one incoming PUBLISH at a time and sends its PUBACK when the
 * message handler calls back, so holding each acknowledgement until the message is durable would
 * make the whole stream wait one fsync per message. Here every PUBLISH is handed over at once,
 * and PUBACKs go out as messages become durable, in the order the PUBLISHes came (MQTT 5
 * §4.6), up to the broker's in-flight window (our Receive Maximum, which we also enforce by
 * pausing the socket). The session persists (Clean Start 0, a Session Expiry), so what was not
 * acknowledged before a crash is redelivered.
 */
export interface Consumer {
  state(): ConsumerState;
  close(): Promise<void>;
}

export interface ConsumerState {
  connected: boolean;
  /** The broker granted the subscription on this connection (messages flow). */
  subscribed: boolean;
  received: number;
  acknowledged: number;
  reconnects: number;
  lastError: string | null;
}

export interface ConsumerOptions {
  url: string;
  clientId: string;
  /** The subscription, e.g. `$share/citywork/citywork/110000/+/telemetry`. */
  filter: string;
  logger: Logger;
  /** Takes a message; `ack` once it is durable (an error closes the connection, so the broker redelivers). */
  onMessage: (topic: string, payload: Buffer, ack: (err?: Error) => void) => void;
  sessionExpirySeconds?: number;
  receiveMaximum?: number;
  keepaliveSeconds?: number;
}

const opts5 = { protocolVersion: 5 as const };

/** Connects and keeps reconnecting (0.5 s doubling to 30 s) until closed. */
export function startConsumer({ url, clientId, filter, logger, onMessage, sessionExpirySeconds = 600, receiveMaximum = 1000, keepaliveSeconds = 30 }: ConsumerOptions): Consumer {
  const u = new URL(url);
  const state: ConsumerState = { connected: false, subscribed: false, received: 0, acknowledged: 0, reconnects: 0, lastError: null };
  let socket: net.Socket | null = null;
  let window: AckWindow | null = null;
  let closing = false;
  let backoff = 500;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = () => {
    const port = Number(u.port || (u.protocol === 'mqtts:' ? 8883 : 1883));
    const s = u.protocol === 'mqtts:' ? tls.connect({ host: u.hostname, port, servername: u.hostname }) : net.connect({ host: u.hostname, port });
    socket = s;
    s.setNoDelay(true);
    const send = (p: Packet) => s.writable && s.write(mqttPacket.generate(p, opts5));
    let ping: NodeJS.Timeout | undefined;
    let lastHeard = Date.now();
    // A write-ahead group makes hundreds of messages durable at once: their PUBACKs leave in one
    // write at the end of the tick, not one system call each.
    let pending: number[] = [];
    const flushAcks = () => {
      const ids = pending;
      pending = [];
      if (s.writable) s.write(pubacks(ids));
      flow();
    };
    // Our own flow control: never more than Receive Maximum messages taken and not acknowledged,
    // whatever the broker does — Mosquitto 2.0.11 sends past it once messages queue up for us
    // (each PUBACK releases up to a Receive Maximum of queued ones), which would grow the ingest's
    // parked messages without bound. Reading stops until half the window is acknowledged.
    let paused = false;
    const flow = () => {
      if (closing) return;
      const open = acks.size();
      if (!paused && open >= receiveMaximum) {
        paused = true;
        s.pause();
      } else if (paused && open <= receiveMaximum / 2) {
        paused = false;
        lastHeard = Date.now();
        s.resume();
      }
    };
    const acks: AckWindow = createAckWindow((messageId) => {
      state.acknowledged++;
      if (!pending.length) process.nextTick(flushAcks);
      pending.push(messageId);
    });
    window = acks;
    const parser = mqttPacket.parser(opts5);
    s.once(u.protocol === 'mqtts:' ? 'secureConnect' : 'connect', () => {
      send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 5,
        clientId,
        clean: false,
        keepalive: keepaliveSeconds,
        ...(u.username && { username: decodeURIComponent(u.username) }),
        ...(u.password && { password: Buffer.from(decodeURIComponent(u.password)) }),
        properties: { sessionExpiryInterval: sessionExpirySeconds, receiveMaximum },
      });
    });
    parser.on('packet', (p: Packet) => {
      lastHeard = Date.now();
      switch (p.cmd) {
        case 'connack': {
          const code = p.reasonCode ?? p.returnCode ?? 0;
          if (code !== 0) return fail(new Error(`the broker refused the connection (reason ${code}${p.properties?.reasonString ? `: ${p.properties.reasonString}` : ''})`));
          state.connected = true;
          backoff = 500;
          logger.info({ url: redact(u), clientId, filter, sessionPresent: p.sessionPresent }, 'consuming telemetry from the MQTT broker');
          send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos: 1 }] });
          ping = setInterval(() => {
            // While we do not read (flow control), the broker's answers wait in the socket.
            if (!paused && Date.now() - lastHeard > keepaliveSeconds * 1500) return fail(new Error('the broker stopped answering'));
            send({ cmd: 'pingreq' });
          }, (keepaliveSeconds * 1000) / 2);
          ping.unref();
          return;
        }
        case 'suback': {
          const granted = (p.granted as number[])[0] ?? 0x80;
          if (granted >= 0x80) return fail(new Error(`the broker refused the subscription ${filter} (reason 0x${granted.toString(16)}${granted === 0x9e ? ': it has no shared subscriptions' : ''})`));
          state.subscribed = true;
          return;
        }
        case 'publish': {
          state.received++;
          const payload = Buffer.from(p.payload as Buffer);
          if (p.qos === 0) return onMessage(p.topic, payload, () => {});
          const slot = acks.open(p.messageId!);
          onMessage(p.topic, payload, (err) => (err ? fail(err) : acks.done(slot)));
          return flow();
        }
        case 'disconnect':
          return fail(new Error(`the broker disconnected us (reason ${p.reasonCode ?? 0}${p.properties?.reasonString ? `: ${p.properties.reasonString}` : ''})`));
        default:
          return;
      }
    });
    parser.on('error', (err: Error) => fail(err));
    s.on('data', (d: Buffer) => parser.parse(d));
    s.on('error', (err) => fail(err));
    s.on('close', () => {
      clearInterval(ping);
      // Acknowledgements of this connection are void: the broker redelivers those messages.
      acks.abandon();
      state.connected = false;
      state.subscribed = false;
      if (socket === s) socket = null;
      if (!closing) {
        state.reconnects++;
        retryTimer = setTimeout(connect, backoff);
        backoff = Math.min(30_000, backoff * 2);
      }
    });
    function fail(err: Error) {
      if (state.lastError !== err.message) logger.warn({ err: err.message, url: redact(u) }, 'MQTT consumer connection lost; reconnecting');
      state.lastError = err.message;
      s.destroy();
    }
  };
  connect();

  return {
    state: () => ({ ...state }),
    async close() {
      closing = true;
      clearTimeout(retryTimer);
      const s = socket;
      if (!s) return;
      const closed = new Promise<void>((r) => s.once('close', () => r()));
      if (state.connected) {
        // Take nothing more; acknowledge what was taken once it is durable, then say goodbye.
        // The session stays (its expiry): what the broker holds for us waits for our return.
        s.pause();
        for (let i = 0; i < 100 && (window?.size() ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 20));
        s.end(mqttPacket.generate({ cmd: 'disconnect', reasonCode: 0 }, opts5));
      } else s.destroy();
      const timer = setTimeout(() => s.destroy(), 2000);
      await closed;
      clearTimeout(timer);
    },
  };
}

// MQTT 5 §3.4.2.1: a PUBACK whose reason is 0x00 Success with no properties may omit both,
// leaving a Remaining Length of 2 (the packet identifier): 4 bytes a message.
function pubacks(ids: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(ids.length * 4);
  ids.forEach((id, i) => {
    out[i * 4] = 0x40;
    out[i * 4 + 1] = 2;
    out.writeUInt16BE(id, i * 4 + 2);
  });
  return out;
}

function redact(u: URL): string {
  const c = new URL(u.toString());
  if (c.password) c.password = '***';
  return c.toString();
}
