import { AppError } from '../../../core/errors.js';

/** Where to publish: the broker's URL, the city its topics are under (when the service says), and how it was found. */
export interface FoundBroker {
  url: string;
  cityCode: string | null;
  how: string;
}

interface BrokerAnswer {
  embedded: boolean;
  state: string;
  url: string | null;
  port: number | null;
  topic?: string;
  error: string | null;
}

export interface FindBrokerOptions {
  service: string;
  /** `--url`: this broker, the service is not asked. */
  url?: string;
  externalUrl?: string;
  /** How long to wait for a service that does not answer yet (starting, or busy) or whose broker is not listening yet. */
  waitMs?: number;
  /** How long one question may take. */
  timeoutMs?: number;
  /** Told once, when the service does not answer at first and the simulator waits for it. */
  onWait?: (why: string) => void;
}

/**
 * Finds the MQTT broker the running service takes telemetry from: `GET /api/monitoring/broker`
 * (or `/readyz`), since the embedded broker may have moved to the next free port. `--url` wins.
 * A service that does not answer yet is waited for (up to `waitMs`): `npm start` in one terminal
 * and the simulator in the next are started together, and an embedded service is deaf for
 * seconds at a time while its one database connection does a long job (the first start's
 * checkup indicators take ~17 s after it is ready).
 */
export async function findBroker({ service, url, externalUrl = process.env.MQTT_URL, waitMs = 120_000, timeoutMs = 5000, onWait }: FindBrokerOptions): Promise<FoundBroker> {
  if (url) return { url, cityCode: null, how: '--url' };
  const info = await askPatiently(service, { waitMs, timeoutMs, onWait });
  const cityCode = /^citywork\/(\d{6})\//.exec(info.topic ?? '')?.[1] ?? null;
  if (info.state === 'off' || info.state === 'stopped') throw new AppError('unavailable', `the service at ${service} takes no MQTT telemetry (${info.state}); is it a CLI's in-process service? Give --url mqtt://host:port`, { field: '--service' });
  if (info.state === 'failed') throw new AppError('unavailable', `the service at ${service} could not start MQTT: ${info.error ?? 'unknown error'}`, { field: '--service' });
  if (!info.url) throw new AppError('unavailable', `the service at ${service} has no MQTT broker yet (${info.state}); try again in a moment`, { field: '--service' });
  if (info.embedded) return { url: info.url, cityCode, how: `the service's embedded broker (${service})` };
  // An external broker's password is masked in the API: take MQTT_URL from the environment, as the service does.
  if (externalUrl) return { url: externalUrl, cityCode, how: 'MQTT_URL (the service uses an external broker)' };
  const bare = new URL(info.url);
  bare.username = '';
  bare.password = '';
  return { url: bare.toString(), cityCode, how: `the service's external broker, without credentials (set MQTT_URL to give them) (${service})` };
}

const settled = ['off', 'stopped', 'failed'];

// Asks until the service answers with a broker that has a URL (or one that will have none), or the wait is over.
async function askPatiently(service: string, { waitMs, timeoutMs, onWait }: Required<Pick<FindBrokerOptions, 'waitMs' | 'timeoutMs'>> & Pick<FindBrokerOptions, 'onWait'>): Promise<BrokerAnswer> {
  const base = service.replace(/\/+$/, '');
  const until = Date.now() + waitMs;
  let told = false;
  for (;;) {
    let why: string;
    try {
      const info = await askService(base, timeoutMs);
      if (info.url || settled.includes(info.state) || Date.now() >= until) return info;
      why = `its MQTT broker is ${info.state}`;
    } catch (err) {
      if (!(err instanceof NoAnswer)) throw err;
      const waited = told ? ` after waiting ${seconds(waitMs)}` : '';
      if (Date.now() >= until) throw new AppError('unavailable', `no citywork service answers at ${base}${waited} (${err.message}): start it (npm start), point --service at it, or give the broker with --url mqtt://host:port`, { field: '--service' });
      why = `no answer yet: ${err.message}`;
    }
    if (!told) onWait?.(`waiting up to ${seconds(waitMs)} for the citywork service at ${base} (${why})`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(1000, until - Date.now()))));
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

// Nothing answered: not listening (yet), or too busy to answer in time.
class NoAnswer extends Error {}

async function askService(base: string, timeoutMs: number): Promise<BrokerAnswer> {
  const get = async (path: string) => {
    try {
      return await fetch(base + path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new NoAnswer((err as Error).message);
    }
  };
  const broker = await get('/api/monitoring/broker');
  if (broker.ok) return (await broker.json()) as BrokerAnswer;
  // Older services, or a gateway that hides the API: readiness says the same without the topic.
  const ready = await get('/readyz');
  const mqtt = ((await ready.json().catch(() => null)) as { modules?: { monitoring?: { mqtt?: BrokerAnswer } } } | null)?.modules?.monitoring?.mqtt;
  if (!mqtt) throw new AppError('unavailable', `the service at ${base} does not say where its MQTT broker is (HTTP ${broker.status}; is the monitoring module on?); give --url mqtt://host:port`, { field: '--service' });
  return mqtt;
}
