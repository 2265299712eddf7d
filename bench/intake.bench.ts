// Intake under load: an open-loop generator (its own thread) offers fixed rates of operator
// intakes — POST /api/hotline/cases over HTTP, through the whole pipeline: validation,
// classification, location, the dispatch proposal, the rows (case, timeline, audit, outbox)
// — each rate for BENCH_STEP_S seconds (60 by default, after a 3-second lead-in at the same
// rate that is not measured: the generator's start), stepping up until p99 passes 50 ms.
// In the same run, the database's own limit for the same rows written directly with `pg`,
// one transaction per request, at the concurrency that maximises it. Prints one JSON object
// per database: the steps, the highest rate held with p99 < 50 ms, and its ratio to the
// database's limit. PostgreSQL at its default durability (recorded); PGlite for the record.
// The city starts with a history (30 days of synthetic cases, BENCH_HISTORY_DAYS), vacuumed
// and analysed, as production tables are. `--quick` is CI's smoke run (2-second steps at two low rates).
// Diagnostics: BENCH_CPU_PROFILE=<dir> writes a CPU profile of the service per step;
// BENCH_HEAP_PROFILE=<dir> a sampling heap profile per step, taken at its end (what the step
// allocated that had not been collected yet: the old generation's garbage included);
// BENCH_COUNT_QUERIES=1 prints the statements a request cost; BENCH_NO_BACKGROUND=1 runs the
// service without its outbox, jobs and notification sends (to tell their cost from intake's).
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { systemContext } from '../src/core/context.js';
import { createUser } from '../src/core/auth/users.js';
import { createToken } from '../src/core/auth/tokens.js';
import { importPack } from '../src/core/pack.js';
import { mulberry32 } from '../src/core/geo/seeded-random.js';
import { generateCases, intakeStats } from '../src/modules/hotline/index.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';
import { measureDbLimit, type DbLimitStep } from './intake-db-limit.js';
import { startBenchService } from './bench-service.js';
import type { LoadResult, LoadStep } from './intake-load-worker.js';
import { machineCpu, mainThreadCpuSeconds, postgresCpuSeconds } from './proc.js';

const quick = process.argv.includes('--quick');
const stepSeconds = quick ? 2 : Number(process.env.BENCH_STEP_S ?? 60);
const p99LimitMs = 50;
const firstRate = quick ? 50 : Number(process.env.BENCH_FIRST_RATE ?? 250);
const rateStep = Number(process.env.BENCH_RATE_STEP ?? 250);
const maxSteps = quick ? 2 : 40;
// BENCH_CPU_PROFILE=<dir>: a CPU profile of the service's thread for each step (open in Chrome's DevTools).
const profileDir = process.env.BENCH_CPU_PROFILE;
const heapProfileDir = process.env.BENCH_HEAP_PROFILE;
// BENCH_COUNT_QUERIES=1: the statements each step sent to the database, by their first 60 characters (where the round trips go).
const queryCounts = process.env.BENCH_COUNT_QUERIES ? new Map<string, number>() : null;
if (queryCounts) {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = (typeof q === 'string' ? q : (q?.name ?? q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 60);
    queryCounts.set(text, (queryCounts.get(text) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Starts sampling this thread's allocations; the returned function writes what is still on the heap to `dir/name.heapprofile`. */
async function startHeapProfile(dir: string, name: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024 });
  return async () => {
    const { profile } = await session.post('HeapProfiler.getSamplingProfile');
    await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, `${name}.heapprofile`), JSON.stringify(profile));
  };
}

/** Starts profiling this thread; the returned function stops and writes the profile to `dir/name.cpuprofile`. */
async function startProfile(dir: string, name: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}

// Real places of Beijing with what callers say there, and the category an operator picks.
const places = [
  { category: '010701', title: '垃圾清运不及时', description: '小区垃圾三天没人清运，味道很大', lon: 116.4434, lat: 39.9057, address: '朝阳区建外街道永安里', attributes: { waste_type: 'kitchen' } },
  { category: '010704', title: '道路清扫', description: '人行道落叶和垃圾很多，没人清扫', lon: 116.4512, lat: 39.9131, address: '朝阳区建外街道光华路' },
  { category: '020104', title: '夜间装修扰民', description: '楼上邻居每天深夜装修敲打，影响休息', lon: 116.3518, lat: 39.9586, address: '海淀区北太平庄街道' },
  { category: '0102', title: '电梯故障', description: '物业不作为，电梯经常坏，老人上下楼困难', lon: 116.2998, lat: 39.8632, address: '丰台区卢沟桥街道' },
  { category: '0107', title: '公厕卫生', description: '公共厕所无人打扫，气味很大', lon: 116.3975, lat: 39.9087, address: '东城区东华门街道' },
  { category: '010101', title: '路灯不亮', description: '小区门口路灯不亮已经一周，晚上出行不安全', lon: 116.4101, lat: 39.9312, address: '东城区交道口街道' },
  { category: null, title: '社保卡补办', description: '请问社保卡丢了怎么补办？需要带什么材料？', lon: null, lat: null, address: null },
];

function bodies(n: number): string[] {
  const random = mulberry32(11);
  return Array.from({ length: n }, (_, i) => {
    const p = places[i % places.length]!;
    const jitter = () => (random() - 0.5) * 0.002;
    return JSON.stringify({
      channel: 'phone',
      kind: p.category ? 'complaint' : 'inquiry',
      category: p.category,
      title: p.title,
      description: `${p.description}（来电${i}）`,
      lon: p.lon === null ? null : p.lon + jitter(),
      lat: p.lat === null ? null : p.lat + jitter(),
      address: p.address,
      attributes: p.attributes,
      citizen: { name: '张先生', phone: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}` },
    });
  });
}

const workerUrl = new URL('./intake-load-worker.ts', import.meta.url).href;

function offer(step: LoadStep): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: register it there, then load the generator.
    const source = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`;
    const worker = new Worker(source, { eval: true, workerData: step });
    worker.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => (m.ok ? resolve(m.result!) : reject(new Error(m.error))));
    worker.once('error', reject);
  });
}

async function settings(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, string> = {};
    for (const name of ['fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'max_connections', 'shared_buffers', 'autovacuum', 'jit', 'server_version']) out[name] = (await c.query(`show ${name}`)).rows[0][name];
    return out;
  } finally {
    await c.end();
  }
}

async function vacuumAnalyze(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('vacuum analyze');
  } finally {
    await c.end();
  }
}

async function run(label: string, databaseUrl?: string) {
  const bench = await startBenchService('intake', { databaseUrl, background: !process.env.BENCH_NO_BACKGROUND });
  try {
    const { service } = bench;
    const k = service.kernel;
    const ctx = systemContext(k.config.cityCode, 'bench');
    await importPack(k, ctx, path.resolve('packs/beijing'), service.packLoaders);
    // A city with a history, as the service meets it in production: the demo's 30 days at ~2,000
    // synthetic cases a day (tables and indexes of that size, statistics already gathered).
    const history = quick ? { days: 1, perDay: 200 } : { days: Number(process.env.BENCH_HISTORY_DAYS ?? 30), perDay: 2000 };
    if (history.days > 0) await generateCases(k, ctx, { ...history, seed: 7 });
    if (databaseUrl) await vacuumAnalyze(databaseUrl);
    await createUser(k, ctx, { username: 'op', displayName: 'op', password: 'bench-password', roles: ['operator'], orgId: '110000-12345' });
    const token = (await createToken(k, ctx, { kind: 'api', name: 'op', userId: 'op' })).token;
    // The service's own time for each request (from its arrival to the answer sent): beside the
    // generator's latency, it tells the service's part from the waiting before it (CPU, sockets).
    let serverMs: number[] = [];
    (service.app.server as import('node:http').Server).on('request', (_req, res) => {
      const t = performance.now();
      res.once('finish', () => serverMs.push(performance.now() - t));
    });
    const origin = await service.listen();
    const load = { origin, path: '/api/hotline/cases', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, bodies: bodies(5000), connections: 128, leadInSeconds: quick ? 0.5 : 3 };

    // Warm up (caches, JIT, the address index, the heap's size) before anything is measured:
    // 20 s at half the first rate; the steps then measure the steady state.
    await offer({ ...load, ratePerS: quick ? 20 : Math.max(100, firstRate / 2), seconds: quick ? 1 : 20 });
    const steps: (LoadResult & { groups: number; meanGroup: number; serviceLatencyMs: { p50: number; p99: number; max: number }; groupWriteMs: { mean: number; longest: number }; serviceMsPerRequest: number; serviceCpuMsPerRequest: number; machineBusy: number; machineSteal: number; postgresMsPerRequest: number | null; loopDelayMs: { p50: number; p99: number; max: number }; gcMs: { total: number; max: number; over10ms: number }; heapMb: number })[] = [];
    let best: LoadResult | null = null;
    for (let i = 0, rate = firstRate; i < maxSteps; i++, rate += rateStep) {
      const before = intakeStats(k);
      const elu = performance.eventLoopUtilization();
      const pgCpu = await postgresCpuSeconds();
      // The service thread's own CPU time (the loop's busy time also counts waiting for a core).
      const mainCpu = await mainThreadCpuSeconds();
      const machine = await machineCpu();
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const gcPauses: number[] = [];
      const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
      gc.observe({ entryTypes: ['gc'] });
      queryCounts?.clear();
      serverMs = [];
      const stopProfile = profileDir ? await startProfile(profileDir, `intake-${label}-${rate}`) : null;
      const stopHeapProfile = heapProfileDir ? await startHeapProfile(heapProfileDir, `intake-${label}-${rate}`) : null;
      const r = await offer({ ...load, ratePerS: rate, seconds: stepSeconds });
      await stopHeapProfile?.();
      await stopProfile?.();
      delay.disable();
      gc.disconnect();
      const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
      const gcMs = { total: Math.round(gcPauses.reduce((a, b) => a + b, 0)), max: Math.round(Math.max(0, ...gcPauses) * 10) / 10, over10ms: gcPauses.filter((d) => d > 10).length };
      const busy = performance.eventLoopUtilization(elu);
      // How long the service's event loop was kept from turning (ms): a request arriving then waits as long.
      const loopDelayMs = { p50: Math.round(delay.percentile(50) / 1e4) / 100, p99: Math.round(delay.percentile(99) / 1e4) / 100, max: Math.round(delay.max / 1e4) / 100 };
      const pgCpuMs = ((await postgresCpuSeconds()) - pgCpu) * 1000;
      // Per request served, the lead-in's included (the CPU was measured over both).
      const served = Math.max(1, r.ok + r.leadIn);
      const serviceCpuMsPerRequest = Math.round((((await mainThreadCpuSeconds()) - mainCpu) * 1000 / served) * 1000) / 1000;
      const machineNow = await machineCpu();
      // How busy the cores were (at 1 every request also waits for the CPU), and how much the hypervisor took.
      const machineAllS = Math.max(0.01, machineNow.allS - machine.allS);
      const machineBusy = Math.round(((machineNow.busyS - machine.busyS) / machineAllS) * 100) / 100;
      const machineSteal = Math.round(((machineNow.stealS - machine.stealS) / machineAllS) * 100) / 100;
      const after = intakeStats(k);
      const groups = after.groups - before.groups;
      // The answers of the lead-in came first: the rest are the measured part's.
      const sortedServer = serverMs.slice(r.leadIn).sort((a, b) => a - b);
      const serverAt = (q: number) => Math.round((sortedServer[Math.min(sortedServer.length - 1, Math.floor(q * sortedServer.length))] ?? 0) * 100) / 100;
      const serviceLatencyMs = { p50: serverAt(0.5), p99: serverAt(0.99), max: Math.round((sortedServer[sortedServer.length - 1] ?? 0) * 10) / 10 };
      const groupWriteMs = { mean: Math.round(((after.writeMs - before.writeMs) / Math.max(1, groups)) * 100) / 100, longest: Math.round(after.longestWriteMs * 10) / 10 };
      // Where the time goes, per request: the service's event loop busy, PostgreSQL's processes on the CPU.
      const serviceMsPerRequest = Math.round((busy.active / served) * 1000) / 1000;
      const postgresMsPerRequest = databaseUrl ? Math.round((pgCpuMs / served) * 1000) / 1000 : null;
      steps.push({ ...r, groups, meanGroup: groups ? Math.round(((after.items - before.items) / groups) * 10) / 10 : 0, serviceLatencyMs, groupWriteMs, serviceMsPerRequest, serviceCpuMsPerRequest, machineBusy, machineSteal, postgresMsPerRequest, loopDelayMs, gcMs, heapMb });
      process.stderr.write(`[intake ${label}] offered ${r.offeredPerS}/s achieved ${r.achievedPerS}/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms errors ${r.errors} (in the service p50 ${serviceLatencyMs.p50} p99 ${serviceLatencyMs.p99} max ${serviceLatencyMs.max} ms; ${groups} groups, written in ${groupWriteMs.mean} ms, longest ${groupWriteMs.longest} ms; a request: service loop ${serviceMsPerRequest} ms busy, ${serviceCpuMsPerRequest} ms CPU, postgres ${postgresMsPerRequest} ms CPU; machine ${Math.round(machineBusy * 100)}% busy, ${Math.round(machineSteal * 100)}% stolen; loop delay p99 ${loopDelayMs.p99} max ${loopDelayMs.max} ms; GC ${gcMs.total} ms, longest ${gcMs.max} ms; heap ${heapMb} MB)\n`);
      if (queryCounts) process.stderr.write(`[intake ${label}] statements a request: ${[...queryCounts].sort((a, b) => b[1] - a[1]).map(([q, n]) => `${(n / served).toFixed(3)} ${q}`).join('\n  ')}\n`);
      const held = r.p99Ms < p99LimitMs && r.errors === 0 && r.achievedPerS >= 0.95 * r.offeredPerS;
      if (held) best = r;
      else break;
    }
    // What the service does when offered more than it can take: its throughput at saturation.
    const saturation = await offer({ ...load, ratePerS: quick ? 100 : Number(process.env.BENCH_SATURATION_RATE ?? 500), seconds: stepSeconds });
    process.stderr.write(`[intake ${label}] saturation: offered ${saturation.offeredPerS}/s achieved ${saturation.achievedPerS}/s p50 ${saturation.p50Ms} ms p99 ${saturation.p99Ms} ms errors ${saturation.errors}\n`);
    await bench.stop();

    let dbLimit: { best: DbLimitStep; steps: DbLimitStep[] } | null = null;
    let database: Record<string, string> = { driver: 'pglite' };
    if (databaseUrl) {
      database = { driver: 'postgresql', ...(await settings(databaseUrl)) };
      const limitSteps = await measureDbLimit(databaseUrl, { concurrencies: quick ? [4] : [2, 4, 8, 16, 32, 64], seconds: quick ? 2 : Number(process.env.BENCH_DB_S ?? 15) });
      dbLimit = { best: limitSteps.reduce((a, b) => (b.requestsPerS > a.requestsPerS ? b : a)), steps: limitSteps };
    }
    const heldPerS = best?.achievedPerS ?? 0;
    console.log(
      JSON.stringify({
        bench: 'intake',
        database: label,
        settings: database,
        cpus: os.cpus().length,
        stepSeconds,
        p99LimitMs,
        steps,
        heldPerS,
        heldOfferedPerS: best?.offeredPerS ?? 0,
        saturation,
        dbLimitPerS: dbLimit?.best.requestsPerS ?? null,
        dbLimitConcurrency: dbLimit?.best.concurrency ?? null,
        ratioToDbLimit: dbLimit ? Math.round((heldPerS / dbLimit.best.requestsPerS) * 100) / 100 : null,
        dbLimitSteps: dbLimit?.steps ?? null,
      }),
    );
  } finally {
    await bench.close().catch(() => {});
  }
}

const only = process.env.BENCH_DATABASE;
if (!only || only === 'pglite') await run('pglite');
if (benchPostgresUrl && (!only || only === 'postgresql')) await withFreshPostgres(benchPostgresUrl, (url) => run('postgresql', url));
else if (!benchPostgresUrl) process.stderr.write('[intake] BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL skipped\n');
