import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../../core/logger.js';
import { looksLikeTelemetry } from './topic.js';
import type { WalMessage } from './wal-codec.js';

/** The embedded broker (aedes) as it runs: where it listens, and how to stop it. */
export interface EmbeddedBroker {
  host: string;
  port: number;
  requestedPort: number;
  url: string;
  clients(): number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  host: string;
  /** The port asked for; when it is taken, the next free one above it (0: any free port). */
  port: number;
  logger: Logger;
  /** Takes a telemetry message; `done` once it is durable — only then is the device's PUBACK sent. */
  ingest: (message: WalMessage, done: (err?: Error) => void) => void;
  /** How many ports above the requested one to try. */
  tries?: number;
  /** The time a message arrives, epoch milliseconds. */
  now?: () => number;
}

/**
 * Starts the embedded MQTT broker. A QoS 1 PUBLISH on a telemetry topic is acknowledged to the
 * device only once the ingest has it durably: aedes sends the PUBACK after `authorizePublish`
 * calls back, and it handles the packets of one read from a socket concurrently, so a device
 * that pipelines its messages shares one write-ahead sync among them. Other topics pass as usual.
 */
export async function startEmbeddedBroker({ host, port, logger, ingest, tries = 50, now = Date.now }: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({
    authorizePublish(client, packet, callback) {
      if (!client || !looksLikeTelemetry(packet.topic)) return callback(null);
      // A copy: the parser's buffer is not ours to keep until the batch commits.
      const payload = Buffer.from(packet.payload);
      ingest({ source: 'mqtt', receivedAt: now(), topic: packet.topic, payload }, (err) => callback(err ?? null));
    },
  });
  // `localhost` may resolve to ::1 while another broker holds 127.0.0.1 (devices would reach that one).
  const bindHost = host === 'localhost' ? '127.0.0.1' : host;
  const server = net.createServer(aedes.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let bound: number | null = null;
  let lastError: Error | null = null;
  for (let candidate = port, i = 0; i < (port === 0 ? 1 : tries) && candidate <= 65535; candidate++, i++) {
    try {
      bound = await listen(server, bindHost, candidate);
      break;
    } catch (err) {
      lastError = err as Error;
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
    }
  }
  if (bound === null) {
    await new Promise<void>((r) => aedes.close(() => r()));
    throw new Error(`the embedded MQTT broker could not listen on ${bindHost}:${port}${port ? `–${port + tries - 1}` : ''}: ${lastError?.message ?? 'no port'}`);
  }
  const urlHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `mqtt://${urlHost}:${bound}`;
  if (port !== 0 && bound !== port) {
    logger.warn({ requestedPort: port, port: bound, url }, `MQTT port ${port} is in use (another broker?): the embedded broker listens on ${bound} instead — point devices and the simulator at ${url} (GET /api/monitoring/broker and /readyz say so too)`);
  } else {
    logger.info({ port: bound, url }, 'embedded MQTT broker listening');
  }
  return {
    host: bindHost,
    port: bound,
    requestedPort: port,
    url,
    clients: () => aedes.connectedClients,
    async close() {
      // The broker first: it ends its clients' connections, which the server would wait for.
      const serverClosed = new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => aedes.close(() => r()));
      for (const socket of sockets) socket.destroy();
      await serverClosed;
    },
  };
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
