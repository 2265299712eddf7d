// The service under test of bench/telemetry.bench.ts: the whole citywork service (every module,
// background jobs on) taking telemetry from the bench's broker through its MQTT 5 shared
// subscription, with the city pack and the generated devices imported, and two readings hooks
// of the bench's own: one registered before any module's (its time is the commit's), one after
// (its time is when every hook — the rule engine's — has seen the batch).
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { sql } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import { createService, type Service } from '../src/server.js';
import { createLogger } from '../src/core/logger.js';
import { generateSecrets } from '../src/core/secrets.js';
import { systemContext } from '../src/core/context.js';
import { importPack } from '../src/core/pack.js';
import type { CityworkModule } from '../src/core/module.js';
import type { Kernel } from '../src/core/kernel.js';
import { modules } from '../src/modules/index.js';
import { addReadingsHook, openedIngest, type IngestedReading } from '../src/modules/monitoring/index.js';
import { writeCityPack, type BenchCity } from './telemetry-city.js';
import { LatencyHistogram } from './telemetry-latency.js';

/** Latencies of readings whose ts falls in the current window (hook time − reading ts). */
export class WindowRecorder {
  histogram = new LatencyHistogram();
  /** Readings seen outside any window (late ones of an earlier step, the overload). */
  outside = 0;
  total = 0;
  private from = Infinity;
  private to = -Infinity;

  /** Starts recording readings with from ≤ ts ≤ to into a fresh histogram. */
  open(from: number, to: number): void {
    this.histogram = new LatencyHistogram();
    this.from = from;
    this.to = to;
  }

  close(): LatencyHistogram {
    this.from = Infinity;
    this.to = -Infinity;
    return this.histogram;
  }

  record(readings: readonly IngestedReading[]): void {
    const now = Date.now();
    this.total += readings.length;
    for (const r of readings) {
      if (r.ts >= this.from && r.ts <= this.to) this.histogram.add(now - r.ts);
      else this.outside++;
    }
  }

  /** Records `n` readings of one message stamped `ts`, arrived now. */
  recordTimes(ts: number, n: number): void {
    this.total += n;
    if (ts >= this.from && ts <= this.to) this.histogram.add(Date.now() - ts, n);
    else this.outside += n;
  }
}

export interface ServiceUnderTest {
  service: Service;
  kernel: Kernel;
  /** Reading → commit: the hook that runs first after each committed batch. */
  committed: WindowRecorder;
  /** Reading → through every hook (the rule engine's included): registered last. */
  evaluated: WindowRecorder;
  importSeconds: number;
  startSeconds: number;
  /** Starts the MQTT consumer (the service listens on HTTP, which starts it). */
  listen(): Promise<void>;
  ingestStats(): Promise<{ stored: number; duplicates: number; quarantined: number; queued: number; parked: number; batches: number; walBytes: number }>;
  /** Telemetry messages the ingest received over MQTT (its Prometheus counter). */
  mqttMessages(): Promise<number>;
  /** Sum and count of one of the ingest's Prometheus histograms (batch commit seconds, batch readings, WAL sync seconds). */
  histogram(name: string): Promise<{ sum: number; count: number }>;
  /** Rows written so far to each monitoring table (inserted, updated, deleted; the readings' partitions together), from pg_stat_user_tables. */
  tableWrites(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Creates the service on `databaseUrl` (PGlite when absent), taking telemetry from `mqttUrl`, and imports the pack and the city. */
export async function startServiceUnderTest({ databaseUrl, mqttUrl, packDir, city, fullPack, rules = true }: { databaseUrl?: string; mqttUrl: string; packDir: string; city: BenchCity; fullPack: boolean; rules?: boolean }): Promise<ServiceUnderTest> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-bench-telemetry-'));
  const committed = new WindowRecorder();
  const evaluated = new WindowRecorder();
  // Started before every other module, so its hook is the first to see a committed batch.
  const benchModule: CityworkModule = { name: 'bench', start: (k) => void addReadingsHook(k, { name: 'bench-commit', onReadings: (r) => committed.record(r) }) };
  const s = generateSecrets();
  const config = loadConfig({ env: {}, flags: { dataDir: dir, databaseUrl, mqttUrl, secret: s.secret, piiKeys: s.piiKeys, piiHashKey: s.piiHashKey, logLevel: 'silent', host: '127.0.0.1', port: 0 } });
  const started = performance.now();
  const service = await createService({ config, modules: [benchModule, ...modules], logger: createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'silent', destination: process.stderr }), background: true });
  const startSeconds = (performance.now() - started) / 1000;
  const k = service.kernel;
  try {
    const ctx = systemContext(k.config.cityCode, 'bench');
    const imported = performance.now();
    await importPack(k, ctx, fullPack && rules ? packDir : await trimmedPack(packDir, dir, rules), service.packLoaders);
    const cityDir = path.join(dir, 'bench-city');
    await writeCityPack(cityDir, packDir, city);
    await importPack(k, ctx, cityDir, service.packLoaders);
    const importSeconds = (performance.now() - imported) / 1000;
    addReadingsHook(k, { name: 'bench-evaluated', onReadings: (r) => evaluated.record(r) });
    const metric = () => k.metrics.registry.getSingleMetric('citywork_monitoring_messages_total');
    return {
      service,
      kernel: k,
      committed,
      evaluated,
      importSeconds,
      startSeconds,
      listen: async () => void (await service.listen()),
      async ingestStats() {
        const st = (await openedIngest(k))?.stats();
        return { stored: st?.stored ?? 0, duplicates: st?.duplicates ?? 0, quarantined: st?.quarantined ?? 0, queued: st?.queued ?? 0, parked: st?.parked ?? 0, batches: st?.batches ?? 0, walBytes: st?.wal.bytes ?? 0 };
      },
      async histogram(name) {
        const values = (await k.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
        const pick = (suffix: string) => values.filter((v) => (v as { metricName?: string }).metricName === `${name}${suffix}`).reduce((a, v) => a + v.value, 0);
        return { sum: pick('_sum'), count: pick('_count') };
      },
      async tableWrites() {
        const { rows } = await sql<{ relname: string; writes: string }>`
          select relname, n_tup_ins + n_tup_upd + n_tup_del as writes from pg_stat_user_tables where relname like 'monitoring%'`
          .execute(k.db)
          .catch(() => ({ rows: [] as { relname: string; writes: string }[] }));
        const out: Record<string, number> = {};
        for (const r of rows) {
          const table = r.relname.replace(/_p\d{6}$/, '');
          out[table] = (out[table] ?? 0) + Number(r.writes);
        }
        return out;
      },
      async mqttMessages() {
        const values = (await metric()?.get())?.values ?? [];
        return values.filter((v) => v.labels.source === 'mqtt').reduce((a, v) => a + v.value, 0);
      },
      async stop() {
        await service.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await service.stop().catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

// The parts of the pack telemetry needs (the city, its organisations, the metric catalogue, the
// lifelines rules), for the smoke run: the full pack's regions and hotline take longer to load.
// Without the rules, the city has no rule engine (what the ingest costs without it).
async function trimmedPack(packDir: string, dir: string, rules: boolean): Promise<string> {
  const out = path.join(dir, 'pack');
  for (const file of ['pack.json', 'orgs.json', 'monitoring/catalog.json', ...(rules ? ['lifelines/rules.json'] : [])]) {
    await fs.mkdir(path.dirname(path.join(out, file)), { recursive: true });
    await fs.copyFile(path.join(packDir, file), path.join(out, file)).catch(() => {});
  }
  return out;
}
