// The city checkup on the Beijing demo city: the pack with its indicator library and values,
// 30 days × 2,000 synthetic hotline cases (the demo's first start), the indicators the modules
// compute (timed: the hotline's tallies and 三率, the census ratios); then, timed as issue 9 asks,
// every region with checkup values evaluated and the city's report rendered to HTML and PDF
// (the median of 5 runs; target under 5 s). Prints one JSON object. `--quick` is the smoke run
// CI makes: 2 days × 500 cases, one run.
import os from 'node:os';
import path from 'node:path';
import { systemContext } from '../src/core/context.js';
import { importPack } from '../src/core/pack.js';
import { renderHtml, renderPdf } from '../src/core/report/index.js';
import { generateCases } from '../src/modules/hotline/index.js';
import { buildCheckupReport, computeIndicators, evaluate, regionsWithValues } from '../src/modules/checkup/index.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';
import { startBenchService } from './bench-service.js';

const quick = process.argv.includes('--quick');
const days = quick ? 2 : 30;
const perDay = quick ? 500 : 2000;
const runs = quick ? 1 : 5;
const targetMs = 5000;
const round = (ms: number) => Math.round(ms);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const progress = (s: string) => process.stderr.isTTY && process.stderr.write(`checkup bench: ${s}\n`);

async function run(databaseUrl?: string) {
  const bench = await startBenchService('checkup', { databaseUrl });
  try {
    const { service } = bench;
    const k = service.kernel;
    const ctx = systemContext(k.config.cityCode, 'bench');
    progress('importing the Beijing pack');
    let t = performance.now();
    await importPack(k, ctx, path.resolve('packs/beijing'), service.packLoaders);
    const packImportMs = performance.now() - t;
    progress(`generating ${days} × ${perDay} cases`);
    t = performance.now();
    const generated = await generateCases(k, ctx, { days, perDay, seed: 2026 });
    const generateMs = performance.now() - t;

    const year = new Date(k.clock.now().getTime() + 8 * 3_600_000).getUTCFullYear();
    progress(`computing the indicators for ${year}`);
    const computed = await computeIndicators(k, ctx, { year });

    const regions = await regionsWithValues(k.db, k.config.cityCode);
    const timings: { evaluateMs: number; buildMs: number; htmlMs: number; pdfMs: number; totalMs: number }[] = [];
    let pages = { htmlKB: 0, pdfKB: 0, sections: 0 };
    for (let i = 0; i < runs; i++) {
      progress(`run ${i + 1} of ${runs}`);
      const started = performance.now();
      for (const region of regions) await evaluate(k, ctx, { region });
      const evaluated = performance.now();
      const doc = await buildCheckupReport(k, ctx, { region: k.config.cityCode });
      const built = performance.now();
      const html = renderHtml(doc);
      const htmlDone = performance.now();
      const pdf = await renderPdf(doc);
      const done = performance.now();
      timings.push({ evaluateMs: evaluated - started, buildMs: built - evaluated, htmlMs: htmlDone - built, pdfMs: done - htmlDone, totalMs: done - started });
      pages = { htmlKB: Math.round(Buffer.byteLength(html) / 1024), pdfKB: Math.round(pdf.length / 1024), sections: doc.sections.length };
    }
    const med = (key: keyof (typeof timings)[number]) => round(median(timings.map((x) => x[key])));
    return {
      setup: { packImportMs: round(packImportMs), cases: generated.cases, generateMs: round(generateMs) },
      // The providers over the hotline's year (tallies in one SQL group by, the monthly 三率) and the census figures.
      compute: { year, ms: computed.ms, regions: computed.regions, indicators: computed.indicators, stored: computed.stored, missing: computed.missing, noProvider: computed.noProvider.map((p) => p.code), failures: computed.failures.length },
      evaluateAndReport: {
        runs,
        regionsEvaluated: regions.length,
        evaluateMs: med('evaluateMs'),
        reportBuildMs: med('buildMs'),
        htmlMs: med('htmlMs'),
        pdfMs: med('pdfMs'),
        totalMs: med('totalMs'),
        allRunsMs: timings.map((x) => round(x.totalMs)),
        targetMs,
        withinTarget: med('totalMs') < targetMs,
        ...pages,
      },
    };
  } finally {
    await bench.close();
  }
}

const result: Record<string, unknown> = { benchmark: 'checkup', quick, node: process.version, cpus: os.cpus().length, days, perDay };
result.pglite = await run();
result.postgres = benchPostgresUrl ? await withFreshPostgres(benchPostgresUrl, run) : 'skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL';
console.log(JSON.stringify(result));
