// A publisher process of bench/telemetry.bench.ts: an open-loop generator of device messages
// over MQTT 5 (QoS 1), written on mqtt-packet so the generator spends little of a 2-core
// machine. Message i is due at start + i/rate whatever became of the ones before; each carries
// one device's 10 readings stamped with the time it is sent (epoch ms), so whoever receives it
// can tell how long it took. It runs as a child process (its own CPU, read from /proc) and is
// driven over IPC: `init` (broker, devices), then `run` per step, then `exit`.
import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { BenchDevice, Incident } from './telemetry-city.js';
import { LatencyHistogram } from './telemetry-latency.js';
import { mulberry32 } from '../src/core/geo/seeded-random.js';

export interface PublisherInit {
  port: number;
  cityCode: string;
  devices: BenchDevice[];
  normal: Record<string, number>;
  connections: number;
  name: string;
}

export interface PublisherRun {
  /** Messages per second this publisher offers. */
  ratePerS: number;
  seconds: number;
  /** When to send the first message (epoch ms; the same for every publisher of a step). */
  startAt: number;
  /** One message in this many carries the incident reading instead of the normal one (0: none). */
  incidentEvery: number;
  incident: Incident | null;
}

export interface PublisherResult {
  sent: number;
  acked: number;
  /** PUBACKs with a reason code ≥ 0x80 (the broker refused the message), by code. */
  refused: Record<string, number>;
  /** PUBACKs with 0x10, no matching subscribers: published, but nobody was subscribed. */
  noSubscribers: number;
  unacked: number;
  /** How late messages left against their due time (the generator keeping up), ms. */
  sendLag: ReturnType<LatencyHistogram['summary']>;
  /** PUBLISH → PUBACK round trips, ms: the broker taking the messages. */
  puback: ReturnType<LatencyHistogram['summary']>;
  /** Incident readings sent: device and ts, for reading → alarm. */
  incidents: { deviceId: string; ts: number }[];
  firstTs: number;
  lastTs: number;
}

const opts5 = { protocolVersion: 5 as const };

interface Conn {
  socket: net.Socket;
  receiveMaximum: number;
  inflight: Map<number, number>;
  nextId: number;
  waiting: { packet: Packet; due: number }[];
  out: Buffer[];
}

let init: PublisherInit;
// Across steps: an incident device's alarm stays active for minutes, so each incident takes the next one.
let incidentNext = 0;
let conns: Conn[] = [];
let current: { acked: number; refused: Record<string, number>; noSubscribers: number; puback: LatencyHistogram; lag: LatencyHistogram } | null = null;

async function connect(i: number): Promise<Conn> {
  const socket = net.connect({ host: '127.0.0.1', port: init.port });
  socket.setNoDelay(true);
  const conn: Conn = { socket, receiveMaximum: 65535, inflight: new Map(), nextId: 1, waiting: [], out: [] };
  const parser = mqttPacket.parser(opts5);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    parser.on('packet', (p: Packet) => {
      if (p.cmd === 'connack') {
        if ((p.reasonCode ?? 0) !== 0) return reject(new Error(`the broker refused publisher ${init.name}/${i} (reason ${p.reasonCode})`));
        conn.receiveMaximum = p.properties?.receiveMaximum ?? 65535;
        resolve();
      } else if (p.cmd === 'puback') onPuback(conn, p.messageId!, p.reasonCode ?? 0);
    });
    socket.on('data', (d: Buffer) => parser.parse(d));
    socket.once('connect', () => socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: `bench-pub-${init.name}-${i}-${process.pid}`, clean: true, keepalive: 60 }, opts5)));
  });
  return conn;
}

function onPuback(conn: Conn, id: number, reason: number): void {
  const sentAt = conn.inflight.get(id);
  if (sentAt === undefined) return;
  conn.inflight.delete(id);
  if (current) {
    current.puback.add(performance.now() - sentAt);
    if (reason >= 0x80) current.refused[`0x${reason.toString(16)}`] = (current.refused[`0x${reason.toString(16)}`] ?? 0) + 1;
    else current.acked++;
    if (reason === 0x10) current.noSubscribers++;
  }
  // A slot is free: the oldest waiting message goes.
  const w = conn.waiting.shift();
  if (w) {
    transmit(conn, w.packet, w.due);
    flush(conn);
  }
}

function transmit(conn: Conn, packet: Packet, due: number): void {
  while (conn.inflight.has(conn.nextId)) conn.nextId = (conn.nextId % 65535) + 1;
  const id = conn.nextId;
  conn.nextId = (conn.nextId % 65535) + 1;
  const now = performance.now();
  conn.inflight.set(id, now);
  current?.lag.add(now - due);
  conn.out.push(mqttPacket.generate({ ...packet, messageId: id } as Packet, opts5));
}

function flush(conn: Conn): void {
  if (!conn.out.length) return;
  conn.socket.write(conn.out.length === 1 ? conn.out[0]! : Buffer.concat(conn.out));
  conn.out = [];
}

function payload(device: BenchDevice, ts: number, random: () => number, incident: Incident | null): string {
  let readings = '';
  for (const m of device.metrics) {
    const base = incident && incident.metric === m ? incident.value : init.normal[m]!;
    // ±0.5 % noise around the normal value, three decimals.
    const v = Math.round(base * (1 + (random() - 0.5) * 0.01) * 1000) / 1000;
    readings += `${readings ? ',' : ''}{"metric":"${m}","value":${v}}`;
  }
  return `{"ts":${ts},"readings":[${readings}]}`;
}

async function run(step: PublisherRun): Promise<PublisherResult> {
  const total = Math.round(step.ratePerS * step.seconds);
  const intervalMs = 1000 / step.ratePerS;
  const random = mulberry32(step.startAt % 2 ** 31);
  const incidents: { deviceId: string; ts: number }[] = [];
  const incidentDevices = step.incident ? init.devices.filter((d) => d.type === step.incident!.type) : [];
  const state = { acked: 0, refused: {} as Record<string, number>, noSubscribers: 0, puback: new LatencyHistogram(), lag: new LatencyHistogram() };
  current = state;
  const start = performance.now() + (step.startAt - Date.now());
  let sent = 0;
  let firstTs = 0;
  let lastTs = 0;
  await new Promise<void>((resolve) => {
    // Devices that sent in this tick (this millisecond): one device never sends twice with the
    // same ts, or the second message would be a duplicate of the first (storage is idempotent).
    const inTick = new Set<string>();
    // A device that just sent an incident keeps quiet for a few seconds, as a device reporting
    // every second or slower would: its next reading does not follow within milliseconds.
    const quietUntil = new Map<string, number>();
    const busy = (id: string, ts: number) => inTick.has(id) || (quietUntil.get(id) ?? 0) > ts;
    let cursor = 0;
    const tick = () => {
      const now = performance.now();
      const ts = Date.now();
      inTick.clear();
      while (sent < total && start + sent * intervalMs <= now) {
        const due = start + sent * intervalMs;
        let device: BenchDevice;
        let incident: Incident | null = null;
        let tries = 0;
        if (step.incidentEvery && incidentDevices.length && sent % step.incidentEvery === step.incidentEvery - 1) {
          do device = incidentDevices[incidentNext++ % incidentDevices.length]!;
          while (busy(device.id, ts) && ++tries < incidentDevices.length);
          incident = step.incident;
          incidents.push({ deviceId: device.id, ts });
          quietUntil.set(device.id, ts + 5000);
        } else {
          do device = init.devices[cursor++ % init.devices.length]!;
          while (busy(device.id, ts) && ++tries < init.devices.length);
        }
        inTick.add(device.id);
        const conn = conns[sent % conns.length]!;
        const packet = { cmd: 'publish', topic: `citywork/${init.cityCode}/${device.id}/telemetry`, payload: payload(device, ts, random, incident), qos: 1, retain: false, dup: false } as Packet;
        if (conn.inflight.size < conn.receiveMaximum) transmit(conn, packet, due);
        else conn.waiting.push({ packet, due });
        if (!firstTs) firstTs = ts;
        lastTs = ts;
        sent++;
      }
      for (const c of conns) flush(c);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, start + sent * intervalMs - performance.now())));
      else resolve();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  // Wait (up to 30 s) for the broker's PUBACKs of what was sent.
  const deadline = performance.now() + 30_000;
  while (conns.some((c) => c.inflight.size || c.waiting.length) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  current = null;
  const unacked = conns.reduce((a, c) => a + c.inflight.size + c.waiting.length, 0);
  return { sent, acked: state.acked, refused: state.refused, noSubscribers: state.noSubscribers, unacked, sendLag: state.lag.summary(), puback: state.puback.summary(sent), incidents, firstTs, lastTs };
}

process.on('message', (m: { cmd: 'init'; init: PublisherInit } | { cmd: 'run'; run: PublisherRun } | { cmd: 'exit' }) => {
  const reply = (x: unknown) => process.send!(x);
  if (m.cmd === 'init') {
    init = m.init;
    Promise.all(Array.from({ length: init.connections }, (_, i) => connect(i))).then(
      (c) => {
        conns = c;
        reply({ ok: true });
      },
      (err: Error) => reply({ ok: false, error: err.message }),
    );
  } else if (m.cmd === 'run') {
    run(m.run).then(
      (result) => reply({ ok: true, result }),
      (err: Error) => reply({ ok: false, error: err.message }),
    );
  } else {
    for (const c of conns) c.socket.end(mqttPacket.generate({ cmd: 'disconnect', reasonCode: 0 } as Packet, opts5));
    setTimeout(() => process.exit(0), 200);
  }
});
