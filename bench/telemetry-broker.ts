// The telemetry benchmark's own Mosquitto: started from bench/mosquitto.conf on a free port of
// loopback (never the system broker on 1883), its $SYS counters read every second, stopped at
// the end. Mosquitto missing is said plainly, and is a failure under CI=true.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promises as fs, existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import mqtt from 'mqtt';

export const mosquittoPath = process.env.BENCH_MOSQUITTO ?? '/usr/sbin/mosquitto';

/** The broker's own counters, from `$SYS/broker/…` (cumulative since it started). */
export interface BrokerCounters {
  /** PUBLISHes received from clients (the publishers). */
  publishReceived: number;
  /** PUBLISHes sent to clients, `$SYS` updates included. */
  publishSent: number;
  /** PUBLISHes dropped because a client's in-flight window and queue were full. */
  publishDropped: number;
  /** Messages the broker holds (queued for clients, retained). */
  storedMessages: number;
  storedBytes: number;
  clientsConnected: number;
}

export interface BenchBroker {
  url: string;
  port: number;
  pid: number;
  /** The latest `$SYS` counters (at most a second old). */
  counters(): BrokerCounters;
  /** Waits for the next `$SYS` update, so the counters include everything before this call. */
  fresh(): Promise<BrokerCounters>;
  stop(): Promise<void>;
}

/** Whether this machine has Mosquitto; otherwise a message saying what to do. */
export function mosquittoMissing(): string | null {
  if (existsSync(mosquittoPath)) return null;
  return `Mosquitto is not installed (${mosquittoPath}): install it (apt-get install mosquitto) or set BENCH_MOSQUITTO to its binary`;
}

/** A TCP port nothing listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const topics: Record<string, keyof BrokerCounters> = {
  '$SYS/broker/publish/messages/received': 'publishReceived',
  '$SYS/broker/publish/messages/sent': 'publishSent',
  '$SYS/broker/publish/messages/dropped': 'publishDropped',
  '$SYS/broker/store/messages/count': 'storedMessages',
  '$SYS/broker/store/messages/bytes': 'storedBytes',
  '$SYS/broker/clients/connected': 'clientsConnected',
};

/** Starts Mosquitto with bench/mosquitto.conf on a free loopback port and subscribes to its `$SYS` counters. */
export async function startBroker(): Promise<BenchBroker> {
  const missing = mosquittoMissing();
  if (missing) throw new Error(missing);
  const port = await freePort();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-bench-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  const base = await fs.readFile(new URL('./mosquitto.conf', import.meta.url), 'utf8');
  await fs.writeFile(conf, `${base}\nlistener ${port} 127.0.0.1\n`);
  // Run as root, Mosquitto drops to its own user, which must be able to read the file.
  await fs.chmod(dir, 0o755);
  await fs.chmod(conf, 0o644);
  const child: ChildProcess = spawn(mosquittoPath, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => void (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `mqtt://127.0.0.1:${port}`;
  const counters: BrokerCounters = { publishReceived: 0, publishSent: 0, publishDropped: 0, storedMessages: 0, storedBytes: 0, clientsConnected: 0 };
  let waiters: (() => void)[] = [];
  let sys: mqtt.MqttClient | null = null;
  for (let i = 0; i < 50 && !sys; i++) {
    if (child.exitCode !== null) throw new Error(`Mosquitto exited at start (code ${child.exitCode}): ${log.trim()}`);
    sys = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 1000, clientId: `bench-sys-${process.pid}` }).catch(() => null);
    if (!sys) await new Promise((r) => setTimeout(r, 100));
  }
  if (!sys) {
    child.kill('SIGTERM');
    throw new Error(`Mosquitto did not accept connections on ${url}: ${log.trim()}`);
  }
  sys.on('message', (topic, payload) => {
    const key = topics[topic];
    if (key) counters[key] = Number(payload.toString());
    // Mosquitto publishes the tree each interval, uptime first (then what changed since).
    if (topic === '$SYS/broker/uptime') {
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    }
  });
  await sys.subscribeAsync(['$SYS/broker/publish/messages/#', '$SYS/broker/store/messages/#', '$SYS/broker/clients/connected', '$SYS/broker/uptime']);
  const client = sys;
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  return {
    url,
    port,
    pid: child.pid!,
    counters: () => ({ ...counters }),
    async fresh() {
      // Uptime opens each update; the rest of the tree (only what changed) follows at once.
      await next();
      await new Promise((r) => setTimeout(r, 100));
      return { ...counters };
    },
    async stop() {
      await client.endAsync(true).catch(() => {});
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
