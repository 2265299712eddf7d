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

/**
 * Finds the MQTT broker the running service takes telemetry from: `GET /api/monitoring/broker`
 * (or `/readyz`), since the embedded broker may have moved to the next free port. `--url` wins.
 */
export async function findBroker({ service, url, externalUrl = process.env.MQTT_URL }: { service: string; url?: string; externalUrl?: string }): Promise<FoundBroker> {
  if (url) return { url, cityCode: null, how: '--url' };
  const info = await askService(service);
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

async function askService(service: string): Promise<BrokerAnswer> {
  const base = service.replace(/\/+$/, '');
  const get = async (path: string) => {
    try {
      return await fetch(base + path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    } catch (err) {
      throw new AppError('unavailable', `no citywork service answers at ${base} (${(err as Error).message}): start it (npm start), point --service at it, or give the broker with --url mqtt://host:port`, { field: '--service' });
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
