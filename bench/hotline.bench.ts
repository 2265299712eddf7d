// The hotline's figures on the Beijing pack: intake (locate + address + catalog proposal +
// number + timeline + audit + outbox, one transaction), a case's whole life (dispatch,
// accept, reply, callback), a queue page, the deadline scan and a CSV export.
// Prints one JSON object per database. `--quick` is the smoke run CI makes.
import path from 'node:path';
import { systemContext } from '../src/core/context.js';
import { createUser } from '../src/core/auth/users.js';
import { createToken } from '../src/core/auth/tokens.js';
import { importPack } from '../src/core/pack.js';
import { mulberry32 } from '../src/core/geo/seeded-random.js';
import { scanDeadlines } from '../src/modules/hotline/index.js';
import { benchPostgresUrl, withFreshPostgres } from './fresh-postgres.js';
import { startBenchService } from './bench-service.js';

const quick = process.argv.includes('--quick');
const cases = quick ? 30 : 2000;
const lifecycles = quick ? 5 : 200;
const pgUrl = benchPostgresUrl;

// Real places of Beijing with the category an operator would pick there.
const requests = [
  { category: '010701', description: '小区垃圾三天没人清运，味道很大', lon: 116.4434, lat: 39.9057, address: '朝阳区建外街道永安里', attributes: { waste_type: 'kitchen' } },
  { category: '010704', description: '人行道落叶和垃圾很多，没人清扫', lon: 116.4512, lat: 39.9131, address: '朝阳区建外街道光华路' },
  { category: '020104', description: '楼上邻居每天深夜装修敲打', lon: 116.3518, lat: 39.9586, address: '海淀区北太平庄街道' },
  { category: '0102', description: '物业不作为，电梯经常坏', lon: 116.2998, lat: 39.8632, address: '丰台区卢沟桥街道' },
  { category: '0107', description: '公共厕所无人打扫', lon: 116.3975, lat: 39.9087, address: '东城区东华门街道' },
  { category: null, description: '请问社保卡丢了怎么补办？', lon: null, lat: null, address: null },
];

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), n: samples.length };
}
const round = (x: number) => Math.round(x * 100) / 100;

async function run(label: string, databaseUrl?: string) {
  const bench = await startBenchService('hotline', { databaseUrl });
  try {
    const { service } = bench;
    const k = service.kernel;
    const ctx = systemContext(k.config.cityCode, 'bench');
    let t = performance.now();
    await importPack(k, ctx, path.resolve('packs/beijing'), service.packLoaders);
    const importMs = performance.now() - t;
    const token = async (username: string, roles: string[], orgId: string | null = null) => {
      await createUser(k, ctx, { username, displayName: username, password: 'bench-password', roles, orgId });
      return { authorization: `Bearer ${(await createToken(k, ctx, { kind: 'api', name: username, userId: username })).token}` };
    };
    const operator = await token('op', ['operator'], '110000-12345');
    const street = await token('street', ['handler'], '110105001-street');
    const random = mulberry32(7);

    const intakeMs: number[] = [];
    const ids: string[] = [];
    const started = performance.now();
    for (let i = 0; i < cases; i++) {
      const r = requests[i % requests.length]!;
      const payload = { kind: r.category ? 'complaint' : 'inquiry', category: r.category, description: `${r.description}（${i}）`, lon: r.lon, lat: r.lat, address: r.address, attributes: r.attributes, citizen: { phone: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}` } };
      t = performance.now();
      const res = await service.app.inject({ method: 'POST', url: '/api/hotline/cases', headers: operator, payload });
      intakeMs.push(performance.now() - t);
      if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
      ids.push(res.json().case.id);
    }
    const intakePerSecond = cases / ((performance.now() - started) / 1000);

    const lifeMs: number[] = [];
    for (let i = 0; i < lifecycles; i++) {
      const id = ids[i * requests.length]!; // the 建外街道 rubbish case, proposed to the street office
      t = performance.now();
      for (const [who, step, body] of [
        [operator, 'dispatch', { org: '110105001-street' }],
        [street, 'accept', {}],
        [street, 'reply', { reply: '已清运' }],
        [operator, 'callback', { reached: true, resolved: true, satisfaction: 'satisfied' }],
      ] as const) {
        const res = await service.app.inject({ method: 'POST', url: `/api/hotline/cases/${id}/${step}`, headers: who, payload: body });
        if (res.statusCode !== 200) throw new Error(`${step} failed: ${res.statusCode} ${res.body}`);
      }
      lifeMs.push(performance.now() - t);
    }

    const queueMs: number[] = [];
    for (let i = 0; i < (quick ? 5 : 50); i++) {
      t = performance.now();
      const res = await service.app.inject({ method: 'GET', url: '/api/hotline/cases?status=received&limit=50', headers: operator });
      queueMs.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`queue failed: ${res.statusCode}`);
    }
    t = performance.now();
    await scanDeadlines(k);
    const scanMs = performance.now() - t;
    t = performance.now();
    const csv = await service.app.inject({ method: 'GET', url: '/api/hotline/cases/export?format=csv', headers: operator });
    const exportMs = performance.now() - t;
    if (csv.statusCode !== 200) throw new Error(`export failed: ${csv.statusCode}`);
    const outboxStart = performance.now();
    const delivered = await k.outbox.drain();
    const outboxMs = performance.now() - outboxStart;

    return {
      database: label,
      cases,
      packImportMs: Math.round(importMs),
      intakeMs: stats(intakeMs),
      intakePerSecond: round(intakePerSecond),
      lifecycleMs: stats(lifeMs),
      queuePageMs: stats(queueMs),
      deadlineScanMs: Math.round(scanMs),
      exportCsvMs: Math.round(exportMs),
      exportRows: csv.body.split('\r\n').length - 2,
      outbox: { events: delivered, ms: Math.round(outboxMs) },
    };
  } finally {
    await bench.close();
  }
}

const results: unknown[] = [await run('pglite')];
if (pgUrl && !quick) {
  results.push(await withFreshPostgres(pgUrl, (url) => run('postgres', url)));
} else results.push({ database: 'postgres', skipped: quick ? 'quick run' : 'set BENCH_DATABASE_URL or TEST_DATABASE_URL' });
console.log(JSON.stringify({ bench: 'hotline', quick, results }, null, 2));
