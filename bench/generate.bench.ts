// The synthetic case generator on the Beijing pack: 30 days × 2,000 cases a day (the demo's
// first start), in cases per second, planning (places, offices, lives) and storing apart;
// then hotspots over the last 7 days and the whole month, the monthly topics and the
// proactive job over what was generated. Prints one JSON object. `--quick` is the smoke run
// CI makes (2 days × 500).
import os from 'node:os';
import path from 'node:path';
import { systemContext } from '../src/core/context.js';
import { importPack } from '../src/core/pack.js';
import { generateCases, hotspotMap, monthlyTopics, openProactiveTasks } from '../src/modules/hotline/index.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';
import { startBenchService } from './bench-service.js';

const quick = process.argv.includes('--quick');
const days = quick ? 2 : 30;
const perDay = quick ? 500 : 2000;
const pgUrl = benchPostgresUrl;
const DAY = 86_400_000;
const round = (ms: number) => Math.round(ms);

async function run(databaseUrl?: string) {
  const bench = await startBenchService('generate', { databaseUrl });
  try {
    // The first start's clock began with the service's creation (migrations included).
    const started = performance.now() - bench.startMs;
    const { service } = bench;
    const k = service.kernel;
    const ctx = systemContext(k.config.cityCode, 'bench');
    const startMs = bench.startMs;
    let t = performance.now();
    await importPack(k, ctx, path.resolve('packs/beijing'), service.packLoaders);
    const importMs = performance.now() - t;

    t = performance.now();
    let planned = 0;
    const generated = await generateCases(k, ctx, { days, perDay, seed: 2026, onProgress: (p) => void (p.phase === 'planning' && p.done === p.total && (planned = performance.now() - t)) });
    const generateMs = performance.now() - t;
    const firstStartMs = performance.now() - started;

    const now = k.clock.now();
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const out = await fn();
      return [out, round(performance.now() - t0)];
    };
    const [week, weekMs] = await timed(() => hotspotMap(k, ctx, {}));
    const [month, monthMs] = await timed(() => hotspotMap(k, ctx, { from: new Date(now.getTime() - 15 * DAY), to: now }));
    const [topics, topicsMs] = await timed(() => monthlyTopics(k, ctx, {}));
    const [proactive, proactiveMs] = await timed(() => openProactiveTasks(k));
    return {
      startupMs: round(startMs),
      packImportMs: round(importMs),
      generate: {
        days,
        perDay,
        cases: generated.cases,
        ms: round(generateMs),
        planningMs: round(planned),
        storingMs: round(generateMs - planned),
        casesPerS: Math.round(generated.cases / (generateMs / 1000)),
      },
      // What a first `npm start` of the demo would take with the generated month: start, pack, generation.
      firstStartWithCasesMs: round(firstStartMs),
      hotspots: {
        last7Days: { ms: weekMs, tests: week.tests, hotspots: week.features.length },
        last15DaysVsBefore: { ms: monthMs, tests: month.tests, hotspots: month.features.length },
      },
      topics: { ms: topicsMs, rising: topics.rising.length, recurring: topics.recurring.length },
      proactive: { ms: proactiveMs, opened: proactive.opened },
    };
  } finally {
    await bench.close();
  }
}

const result: Record<string, unknown> = { benchmark: 'generate', quick, node: process.version, cpus: os.cpus().length };
result.pglite = await run();
if (pgUrl) {
  result.postgres = await withFreshPostgres(pgUrl, run);
} else {
  result.postgres = 'skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL';
}
console.log(JSON.stringify(result));
