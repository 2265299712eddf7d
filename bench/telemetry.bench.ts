// Telemetry under load (issue 7): the bench starts its own Mosquitto (bench/mosquitto.conf, a free
// port), publisher processes offer messages of 10 readings at QoS 1 — open loop, fixed rates
// stepping up, each step BENCH_STEP_S seconds (60) — first to a subscriber that does nothing
// (the broker's own rate, the reference), then into the whole service through its MQTT 5 shared
// subscription with the durable acknowledgement on, the Beijing pack's rules active and a
// generated city of BENCH_DEVICES devices (10,000). Per step: messages and readings offered,
// stored and evaluated; reading → commit, → evaluated and → alarm latency; CPU and memory; the
// ratio to the broker's rate. Then the overload: the database slowed so the offered load is
// several times what it can store, for BENCH_OVERLOAD_S seconds (60): memory over time, and the
// accounting published = stored + quarantined + rejected + dropped by the broker. Last, the
// database's own limit for the ingest's writes. One JSON object per database: PostgreSQL (a
// fresh database on BENCH_DATABASE_URL / TEST_DATABASE_URL) and PGlite for the record.
// `--quick` is CI's smoke run: a few seconds a phase, one database.
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { brokerInfo } from '../src/modules/monitoring/index.js';
import { engineCounters, incidentLatencies } from './telemetry-alarms.js';
import { mosquittoMissing, startBroker, type BenchBroker } from './telemetry-broker.js';
import { planCity } from './telemetry-city.js';
import { startGenerator, type Generator } from './telemetry-load.js';
import { runOverload } from './telemetry-overload.js';
import { measureDbLimit } from './telemetry-db-limit.js';
import { startReferenceSubscriber } from './telemetry-reference.js';
import { startServiceUnderTest, WindowRecorder, type ServiceUnderTest } from './telemetry-service.js';
import { runStep, stepUp, type Receiver, type StepContext, type StepResult } from './telemetry-steps.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';

const quick = process.argv.includes('--quick');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const o = {
  stepSeconds: quick ? 3 : env('BENCH_STEP_S', 60),
  firstRate: quick ? 5000 : env('BENCH_FIRST_RATE', 20_000),
  rateStep: quick ? 5000 : env('BENCH_RATE_STEP', 20_000),
  // The service's own steps on PostgreSQL: finer than the broker's.
  serviceFirstRate: quick ? 5000 : env('BENCH_SERVICE_FIRST_RATE', 50_000),
  serviceRateStep: quick ? 5000 : env('BENCH_SERVICE_RATE_STEP', 10_000),
  // The embedded database takes a fraction of PostgreSQL's rate: its steps start lower.
  pgliteFirstRate: quick ? 5000 : env('BENCH_PGLITE_FIRST_RATE', 2500),
  pgliteRateStep: quick ? 5000 : env('BENCH_PGLITE_RATE_STEP', 2500),
  maxSteps: quick ? 1 : env('BENCH_MAX_STEPS', 12),
  devices: quick ? 1000 : env('BENCH_DEVICES', 10_000),
  publishers: env('BENCH_PUBLISHERS', 1),
  connections: env('BENCH_CONNECTIONS', 16),
  warmupSeconds: quick ? 0 : env('BENCH_WARMUP_S', 20),
  overloadSeconds: quick ? 3 : env('BENCH_OVERLOAD_S', 60),
  overloadFactor: env('BENCH_OVERLOAD_FACTOR', 8),
  incidentsPerS: env('BENCH_INCIDENTS_PER_S', 1),
  p99LimitMs: 200,
  floorReadingsPerS: 100_000,
};
const packDir = path.resolve(process.env.BENCH_PACK ?? 'packs/beijing');
// BENCH_PHASES=service runs only that phase (profiling); all four by default.
const phases = new Set((process.env.BENCH_PHASES ?? 'broker,service,overload,db').split(','));
const readingsPerMessage = 10;
const began = performance.now();
const log = (line: string) => process.stderr.write(`[telemetry +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);
const fmt = (s: StepResult) =>
  `${s.receiver}: offered ${s.offeredReadingsPerS}/s achieved ${s.achievedReadingsPerS}/s p50 ${s.readingMs.p50} p99 ${s.readingMs.p99 ?? '∞'} ms (missing ${s.readingMs.missing})` +
  `${s.evaluatedMs ? `, evaluated p99 ${s.evaluatedMs.p99 ?? '∞'} ms` : ''}${s.alarmMs ? `, alarm p99 ${s.alarmMs.p99 ?? '∞'} ms (${s.alarmMs.n}/${s.alarmMs.n + s.alarmMs.missing})` : ''}` +
  `; cpu ${JSON.stringify(s.cpuCores)}; rss ${s.memory.serviceRssMaxMb} MB; ${s.held ? 'held' : `not held: ${s.why}`}`;

async function settings(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, string> = {};
    for (const name of ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout']) out[name] = (await c.query(`show ${name}`)).rows[0][name];
    return out;
  } finally {
    await c.end();
  }
}

function serviceReceiver(sut: ServiceUnderTest): Receiver {
  return {
    label: 'service',
    arrived: sut.committed,
    evaluated: sut.evaluated,
    counters: async () => {
      const st = await sut.ingestStats();
      const engine = engineCounters(sut.kernel);
      const commit = await sut.histogram('citywork_monitoring_batch_commit_seconds');
      const wal = await sut.histogram('citywork_monitoring_wal_sync_seconds');
      // Rows the database wrote per table: readings, rollup marks, rule states, alarms … (PostgreSQL's statistics, about a second behind).
      const rows = Object.fromEntries(Object.entries(await sut.tableWrites()).map(([t, n]) => [`rows.${t.replace(/^monitoring_/, '')}`, n]));
      return {
        stored: st.stored,
        duplicates: st.duplicates,
        quarantined: st.quarantined,
        mqttMessages: await sut.mqttMessages(),
        ...(engine ? { evaluated: engine.readings, signals: engine.signals, alarmsRaised: engine.raised, alarmFailures: engine.failures, engineApplyMs: engine.applyMs } : {}),
        // Where the time goes: batches and their commit time, the write-ahead log's synced groups.
        batches: commit.count,
        batchCommitMs: Math.round(commit.sum * 1000),
        walGroups: wal.count,
        walSyncMs: Math.round(wal.sum * 1000),
        ...rows,
      };
    },
    alarms: async (incidents) => (await incidentLatencies(sut.kernel, incidents))?.alarm ?? null,
  };
}

// What the figures mean, printed with them.
const method = {
  message: 'one device’s 10 readings — its asset type’s metrics, then auxiliary channels of the catalogue no rule reads — stamped with the send time (epoch ms), QoS 1, about 414 bytes',
  readingMs: 'reading → commit: hook time − reading ts, in a readings hook registered before every module’s (the hooks of a batch run after those of the batch before, the rule engine’s included)',
  evaluatedMs: 'reading → evaluated: the same in a hook registered after the rule engine’s, so its judging and the alarms it writes are in',
  alarmMs: 'reading → alarm: the alarm’s creation − the incident reading’s ts; one incident a second (methane 22 %LEL next to a gas main: major at once) on a device that then keeps quiet 5 s',
  missing: 'readings not arrived by the end of the wait count as later than any (no coordinated omission)',
  held: 'p99 < 200 ms, ≥ 95 % of the offered rate arrived during the step, the generator on schedule, nothing dropped or refused by the broker',
  cpuCores: 'from /proc: 1 = one core busy; postgres is every PostgreSQL process of the machine, machine is all of it (other engineers’ work included)',
};

type Reference = { steps: StepResult[]; best: StepResult | null; measuredIn: string };

async function run(label: string, databaseUrl?: string, measured?: Reference): Promise<Reference> {
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const broker: BenchBroker = await startBroker();
  let generator: Generator | undefined;
  let sut: ServiceUnderTest | undefined;
  try {
    log(`${label}: Mosquitto on ${broker.url} (pid ${broker.pid}); planning ${o.devices} devices`);
    const city = await planCity(packDir, o.devices, readingsPerMessage);
    sut = await startServiceUnderTest({ databaseUrl, mqttUrl: broker.url, packDir, city, fullPack: !quick, rules: process.env.BENCH_RULES !== 'off' });
    log(`${label}: service up in ${sut.startSeconds.toFixed(1)} s, pack and ${o.devices} devices imported in ${sut.importSeconds.toFixed(1)} s`);
    generator = await startGenerator({ port: broker.port, cityCode: sut.kernel.config.cityCode, city, publishers: o.publishers, connections: o.connections });
    const ctx: StepContext = { generator, broker, readingsPerMessage, seconds: o.stepSeconds, p99LimitMs: o.p99LimitMs, extraCpu: databaseUrl ? { postgres: 'postgres' } : {}, drainSeconds: quick ? 5 : undefined };
    const first = databaseUrl ? o.serviceFirstRate : o.pgliteFirstRate;
    const steps = { first, step: databaseUrl ? o.serviceRateStep : o.pgliteRateStep, maxSteps: o.maxSteps, log: (s: StepResult) => log(`${label} ${fmt(s)}`) };

    // 1. The reference: the broker and a subscriber that does nothing (the service not yet
    // subscribed). The database plays no part in it: measured once, in the first run.
    let reference: Reference = measured ?? { steps: [], best: null, measuredIn: label };
    if (!measured && phases.has('broker')) {
      const refRecorder = new WindowRecorder();
      const ref = await startReferenceSubscriber({ url: broker.url, cityCode: sut.kernel.config.cityCode, recorder: refRecorder, readingsPerMessage });
      const refReceiver: Receiver = { label: 'broker', arrived: refRecorder };
      if (o.warmupSeconds) await runStep({ ...ctx, seconds: o.warmupSeconds / 2 }, refReceiver, o.firstRate / 2);
      reference = { ...(await stepUp(ctx, refReceiver, { ...steps, first: o.firstRate, step: o.rateStep })), measuredIn: label };
      await ref.close();
    }

    // 2. The service: its consumer joins the shared subscription; a warm-up, then the steps.
    await sut.listen();
    for (let i = 0; i < 100 && brokerInfo(sut.kernel).state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 100));
    if (brokerInfo(sut.kernel).state !== 'connected') throw new Error(`the service did not subscribe to ${broker.url}: ${brokerInfo(sut.kernel).error}`);
    const receiver = serviceReceiver(sut);
    // Fast enough that every device reports during it (the publishers go round the devices): an
    // asset's rules are compiled when it first reports, which is start-up work, not the steps'.
    const warmupRate = Math.max(first / 2, Math.ceil((o.devices * readingsPerMessage * 1.2) / Math.max(1, o.warmupSeconds)));
    const warmup = o.warmupSeconds && phases.has('service') ? await runStep({ ...ctx, seconds: o.warmupSeconds }, receiver, warmupRate) : null;
    if (warmup) log(`${label} warm-up ${fmt(warmup)}`);
    const service = phases.has('service') ? await stepUp({ ...ctx, incidentsPerS: o.incidentsPerS }, receiver, steps) : { steps: [], best: null };

    // 3. Overload: the database slowed to a fraction of the rate offered.
    // PostgreSQL: the rate held (50,000/s at least, so that the broker's queue fills within the
    // minute and drops), the database slowed to a fraction of it. PGlite: no slowing (a sleep would
    // stop the process it runs in) but 100,000/s at least: saturated, with big batches, it stores
    // ~15,000/s, three times what it holds at a low p99 (2026-11-29).
    const capacity = Math.max(...service.steps.map((s) => s.achievedReadingsPerS), 1);
    const overloadRate = Number(process.env.BENCH_OVERLOAD_RATE ?? (quick ? first : databaseUrl ? Math.max(50_000, service.best?.offeredReadingsPerS ?? 0) : Math.max(100_000, Math.round(capacity * o.overloadFactor))));
    const overload = phases.has('overload') ? await runOverload({ sut, generator, broker, readingsPerS: overloadRate, seconds: o.overloadSeconds, factor: o.overloadFactor, readingsPerMessage, writers: databaseUrl ? 2 : 1, slow: !!databaseUrl, log: (l) => log(`${label} overload: ${l}`) }) : null;
    if (overload) log(`${label} overload: ${JSON.stringify(overload.accounting)}; service RSS max ${overload.memoryMax.serviceRssMb} MB, growth ${overload.serviceRssGrowth}`);

    const setupSeconds = { serviceStart: Math.round(sut.startSeconds * 10) / 10, imports: Math.round(sut.importSeconds * 10) / 10 };
    await generator.close();
    generator = undefined;
    await sut.stop();
    sut = undefined;
    // 4. The database's own limit for the ingest's writes, the service stopped (PostgreSQL only).
    const dbLimit = databaseUrl && phases.has('db') ? await measureDbLimit(databaseUrl, { seconds: quick ? 2 : env('BENCH_DB_S', 15) }) : null;
    if (dbLimit) log(`${label} database's own limit: ${dbLimit.map((d) => `${d.mode} ${d.readingsPerS}/s`).join(', ')}`);

    const heldPerS = service.best?.achievedReadingsPerS ?? 0;
    const brokerPerS = reference.best?.achievedReadingsPerS ?? 0;
    const dbReadings = dbLimit?.find((d) => d.mode === 'rows per message')?.readingsPerS ?? null;
    console.log(
      JSON.stringify({
        bench: 'telemetry',
        database: label,
        settings: databaseUrl ? { driver: 'postgresql', ...(await settings(databaseUrl)) } : { driver: 'pglite' },
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100), note: 'a shared 2-core machine: other engineers may have been running tests' },
        options: { ...o, readingsPerMessage, quick, rules: process.env.BENCH_RULES !== 'off', pack: path.relative(process.cwd(), packDir), assetTypes: city.types, incident: city.incident, mosquittoConf: 'bench/mosquitto.conf' },
        method,
        floor: { readingsPerS: o.floorReadingsPerS, p99Ms: o.p99LimitMs, met: heldPerS >= o.floorReadingsPerS && (service.best?.readingMs.p99 ?? Infinity) < o.p99LimitMs },
        service: { heldReadingsPerS: heldPerS, heldMessagesPerS: Math.round(heldPerS / readingsPerMessage), heldOfferedReadingsPerS: service.best?.offeredReadingsPerS ?? 0, warmup, steps: service.steps },
        broker: { heldReadingsPerS: brokerPerS, heldMessagesPerS: Math.round(brokerPerS / readingsPerMessage), measuredIn: reference.measuredIn, steps: reference.measuredIn === label ? reference.steps : '(see that run)' },
        ratioToBroker: brokerPerS ? Math.round((heldPerS / brokerPerS) * 100) / 100 : null,
        dbLimit,
        ratioToDbLimit: dbReadings ? Math.round((heldPerS / dbReadings) * 100) / 100 : null,
        overload,
        setupSeconds,
      }),
    );
    return reference;
  } finally {
    await generator?.close().catch(() => {});
    await sut?.stop().catch((err) => log(`stopping the service failed: ${(err as Error).message}`));
    await broker.stop();
  }
}

const missing = mosquittoMissing();
if (missing) {
  log(missing);
  if (process.env.CI === 'true') process.exit(1);
} else {
  const only = process.env.BENCH_DATABASE;
  // The smoke run takes one database: PostgreSQL where there is one.
  const pgWanted = benchPostgresUrl && (!only || only === 'postgresql');
  const pgliteWanted = (!only || only === 'pglite') && !(quick && pgWanted);
  let reference: Reference | undefined;
  if (pgWanted) reference = await withFreshPostgres(benchPostgresUrl!, (url) => run('postgresql', url));
  else if (!benchPostgresUrl) log('BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL skipped');
  if (pgliteWanted) await run('pglite', undefined, reference);
}
