// The database's own limit for the intake workload: the rows one intake writes (the case,
// its first timeline entry, the audit record and the outbox event) inserted directly with
// `pg`, one transaction per request, by `concurrency` clients in a closed loop. What the
// platform achieves is quoted as a fraction of this.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface DbLimitStep {
  concurrency: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs the direct-insert workload for `seconds` at each concurrency and returns every step. */
export async function measureDbLimit(url: string, { concurrencies = [4, 8, 16, 32, 64], seconds = 10, cityCode = '110000' }: { concurrencies?: number[]; seconds?: number; cityCode?: string } = {}): Promise<DbLimitStep[]> {
  const steps: DbLimitStep[] = [];
  for (const concurrency of concurrencies) {
    const pool = new pg.Pool({ connectionString: url, max: concurrency });
    pool.on('error', () => {});
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    const worker = async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          const t = performance.now();
          await oneIntake(client, cityCode, n++);
          latencies.push(performance.now() - t);
        }
      } finally {
        client.release();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsedS = (performance.now() - started) / 1000;
    await pool.end();
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
    steps.push({ concurrency, requestsPerS: Math.round(latencies.length / elapsedS), p50Ms: at(0.5), p99Ms: at(0.99) });
  }
  return steps;
}

const seed = randomBytes(4).toString('hex');
let n = 0;

/** One request's rows, as the intake writes them, in one transaction. */
async function oneIntake(client: pg.PoolClient, cityCode: string, i: number): Promise<void> {
  const id = `case_direct_${seed}_${i}`;
  const now = new Date();
  await client.query('begin');
  try {
    await client.query(
      `insert into hotline_cases (id, city_code, number, channel, kind, category_code, title, description, urgency, attributes, lon, lat, address, region_code, location_source,
         citizen_phone, citizen_phone_masked, citizen_phone_hash, status, proposed_org, proposed_reason, proposed_rule, tier, received_at, updated_at)
       values ($1, $2, $3, 'phone', 'complaint', '010701', null, $4, 'normal', '{}', 116.4434, 39.9057, '朝阳区建外街道永安里', '110105001', 'point+address',
         $5, '139****5678', $6, 'received', '110105001-street', 'catalog rule 12: 城乡建设/环境卫生 in 110105 → 建外街道办事处', 12, 'general', $7, $7)`,
      [id, cityCode, `D${seed}${i}`, `小区垃圾三天没人清运，味道很大（${i}）`, `v1:${randomBytes(24).toString('base64')}`, randomBytes(16).toString('hex'), now],
    );
    await client.query(`insert into hotline_case_events (city_code, case_id, at, action, from_status, to_status, actor_id, actor_label, org_code, note, data) values ($1, $2, $3, 'receive', null, 'received', 'bench', 'user:bench', null, null, $4)`, [
      cityCode,
      id,
      now,
      JSON.stringify({ channel: 'phone', tier: 'general', location: 'point+address' }),
    ]);
    await client.query(`insert into core_audit (city_code, actor_id, actor_label, action, resource_type, resource_id, after, ip, request_id) values ($1, 'bench', 'user:bench', 'hotline.case.received', 'hotline_case', $2, $3, '127.0.0.1', $4)`, [
      cityCode,
      id,
      JSON.stringify({ channel: 'phone', kind: 'complaint', category: '010701', region: '110105001' }),
      `req-${i}`,
    ]);
    await client.query(`insert into core_outbox (city_code, topic, payload) values ($1, 'hotline.case.received', $2)`, [cityCode, JSON.stringify({ caseId: id, action: 'receive', to: 'received', regionCode: '110105001', categoryCode: '010701' })]);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}
