import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { AppError } from '../../../core/errors.js';
import { loadConfig } from '../../../core/config.js';
import { readLock } from '../../../core/db/lock.js';
import type { CliContext } from '../../../core/module.js';
import { findBroker } from './find-broker.js';
import { fleetFromApi, fleetFromPack, type Fleet } from './fleet.js';
import { createIncident, incidentKinds, type IncidentKind } from './incidents.js';
import { createProgressLine } from './progress-line.js';
import { runSimulation } from './run.js';

// The demo pack that ships with citywork (src/… and dist/… are both four levels below the root).
const demoPack = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'packs', 'beijing');
const rampDefaults: Record<IncidentKind, number> = { 'gas-leak': 180, storm: 600, none: 0 };

interface SimulateFlags {
  service?: string;
  url?: string;
  wait?: string;
  rate: string;
  duration?: string;
  incident: IncidentKind;
  incidentAfter: string;
  incidentRamp?: string;
  incidentDevice?: string;
  seed: string;
  token?: string;
  pack?: string;
}

/** `citywork monitoring simulate`: SIMULATED readings for the demo's simulated devices, over MQTT. */
export function simulateCommand(program: Command, cli: CliContext): void {
  const monitoring = program.commands.find((c) => c.name() === 'monitoring') ?? program.command('monitoring').description('monitoring: assets, devices, telemetry and alarms');
  monitoring
    .command('simulate')
    .description(
      'publish SIMULATED readings over MQTT (QoS 1) for the devices marked simulated (the Beijing demo’s): diurnal water demand and traffic, the season’s temperatures, no rain — and an injected incident. The data is simulated: the devices and assets say so (simulated: true), and so does every message.',
    )
    .option('--service <url>', 'the running service, asked where its broker is (default: CITYWORK_URL, the service holding --data-dir, or http://localhost:8080)')
    .option('--wait <seconds>', 'how long to wait for a service that does not answer yet (default: 120 while a service holds --data-dir — it may be starting or busy — else 0)')
    .option('--url <mqtt-url>', 'publish to this broker instead of asking the service')
    .option('--rate <n>', 'messages per second over all devices', '50')
    .option('--duration <seconds>', 'stop after this many seconds (default: at Ctrl-C)')
    .addOption(new Option('--incident <kind>', 'inject an incident').choices(incidentKinds).default('none'))
    .option('--incident-after <seconds>', 'seconds of an ordinary day before the incident starts', '15')
    .option('--incident-ramp <seconds>', 'seconds the incident takes to reach its peak (default 180 for a gas leak, 600 for a storm; shortened to fit --duration)')
    .option('--incident-device <id>', 'the methane detector where gas leaks (default: the one nearest 建外街道)')
    .option('--seed <n>', 'the same seed repeats the same run', '1')
    .option('--token <token>', 'an API token to read the devices from the service (CITYWORK_TOKEN); without one, from the local service’s CLI token, else from --pack')
    .option('--pack <dir>', 'read the devices from this city pack', demoPack)
    .addHelpText('after', '\nExamples:\n  citywork monitoring simulate --incident gas-leak\n  citywork monitoring simulate --incident storm --duration 900 --rate 100\n')
    .action(async (o: SimulateFlags, cmd: Command) => {
      const rate = positive(o.rate, '--rate', 100_000);
      const durationS = o.duration === undefined ? undefined : positive(o.duration, '--duration');
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new AppError('invalid', `--seed must be an integer, not ${o.seed}`, { field: '--seed' });
      const onsetS = o.incident === 'none' ? 0 : nonNegative(o.incidentAfter, '--incident-after');
      let rampS = o.incidentRamp === undefined ? rampDefaults[o.incident] : positive(o.incidentRamp, '--incident-ramp');
      if (o.incident !== 'none' && durationS !== undefined) {
        if (onsetS >= durationS) throw new AppError('invalid', `the incident would start after the run ends: --incident-after ${onsetS} ≥ --duration ${durationS}`, { field: '--incident-after' });
        if (o.incidentRamp === undefined) rampS = Math.min(rampS, 0.8 * (durationS - onsetS));
      }

      const g = cmd.optsWithGlobals<{ dataDir?: string; databaseUrl?: string; city?: string }>();
      const config = loadConfig({ flags: { dataDir: g.dataDir, databaseUrl: g.databaseUrl, cityCode: g.city, logLevel: 'warn' } });
      const local = config.embedded ? await readLock(config.dataDir) : null;
      const service = (o.service ?? process.env.CITYWORK_URL ?? local?.url ?? 'http://localhost:8080').replace(/\/+$/, '');
      const waitMs = (o.wait === undefined ? (local ? 120 : 0) : nonNegative(o.wait, '--wait')) * 1000;
      const broker = await findBroker({ service, url: o.url, waitMs, onWait: (why) => process.stderr.write(`${why}\n`) });
      const fleet = await readFleet(o, cli, service, local?.url ?? null);
      const cityCode = broker.cityCode ?? fleet.cityCode ?? config.cityCode;
      if (!fleet.devices.length) throw new AppError('not_found', `no simulated devices in ${fleet.from}${fleet.notSimulated ? ` (${fleet.notSimulated} devices are not marked simulated; the simulator never writes for them)` : ''}`);
      const incident = createIncident(o.incident, fleet.devices, { onsetS, rampS }, { seed, deviceId: o.incidentDevice });

      const err = (line: string) => process.stderr.write(`${line}\n`);
      err(`SIMULATED data: ${fleet.devices.length} simulated devices from ${fleet.from}${fleet.notSimulated ? `; ${fleet.notSimulated} real devices left alone` : ''}`);
      err(`publishing to ${broker.url} (${broker.how}) on ${`citywork/${cityCode}/<device>/telemetry`}, QoS 1, ${rate} messages/s${durationS ? ` for ${durationS} s` : ''}`);
      err(incident.summary);
      err('Ctrl-C stops.');
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        err('\nstopping: waiting for the last acknowledgements (Ctrl-C again to quit now)');
        stop.abort();
      };
      process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
      const line = createProgressLine(process.stderr, incident.watch);
      try {
        const done = await runSimulation({ brokerUrl: broker.url, cityCode, devices: fleet.devices, incident, ratePerS: rate, durationS, seed, signal: stop.signal, onProgress: line.update });
        line.end();
        console.log(`simulated ${done.published} messages (${done.readings} readings) from ${fleet.devices.length} devices in ${done.elapsedS.toFixed(1)} s: ${done.acknowledged} acknowledged by the broker, ${done.failed} failed, ${done.inFlight} unacknowledged`);
        if (done.failed || done.inFlight) process.exitCode = 69;
      } finally {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
    });
}

// The devices: through the API with a token, through the local service with its CLI token, or from the pack.
async function readFleet(o: SimulateFlags, cli: CliContext, service: string, localUrl: string | null): Promise<Fleet> {
  const token = o.token ?? process.env.CITYWORK_TOKEN;
  if (token) {
    const get = async <T>(url: string): Promise<T> => {
      const res = await fetch(service + url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      if (!res.ok) throw new AppError(res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : 'unavailable', `${service}${url}: ${body?.error?.message ?? `HTTP ${res.status}`}`, { field: '--token' });
      return body as T;
    };
    return fleetFromApi(get, `${service} (API)`);
  }
  if (localUrl && localUrl.replace(/\/+$/, '') === service) {
    return cli.session((s) => fleetFromApi((url) => s.request('GET', url), `${service} (API, the local service)`));
  }
  return fleetFromPack(o.pack ?? demoPack);
}

function positive(v: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new AppError('invalid', `${flag} must be a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}, not ${v}`, { field: flag });
  return n;
}

function nonNegative(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new AppError('invalid', `${flag} must be a number of seconds ≥ 0, not ${v}`, { field: flag });
  return n;
}
