// The open-loop load generator of bench/intake.bench.ts, on its own thread (and so its own
// core): request i is due at start + i/rate whatever became of the ones before, and its
// latency runs from when it was due to when its answer arrived — so a server that falls
// behind shows it in the latency instead of slowing the generator (no coordinated omission).
// Each step begins with a lead-in at the same rate that is not measured: a fresh worker's
// first second (its JIT, and 128 connections opened at once) had answered in 130–160 ms
// against a server doing nothing, and at 1–2% of a step's requests that was its p99.
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

export interface LoadStep {
  origin: string;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
  ratePerS: number;
  seconds: number;
  connections: number;
  /** Seconds offered at the same rate before the measured part (default 3). */
  leadInSeconds?: number;
}

export interface LoadResult {
  offeredPerS: number;
  achievedPerS: number;
  /** Requests of the lead-in (answered, not measured): the service's work per request counts them. */
  leadIn: number;
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

async function run({ origin, path, headers, bodies, ratePerS, seconds, connections, leadInSeconds = 3 }: LoadStep): Promise<LoadResult> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const lead = Math.round(ratePerS * leadInSeconds);
  const measured = Math.round(ratePerS * seconds);
  const total = lead + measured;
  const latencies = new Float64Array(measured);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const start = performance.now() + 50;
  const intervalMs = 1000 / ratePerS;
  const measuredStart = start + lead * intervalMs;
  let lastAnswer = measuredStart;
  await new Promise<void>((resolve) => {
    const fire = (i: number) => {
      const due = start + i * intervalMs;
      pool
        .request({ method: 'POST', path, headers, body: bodies[i % bodies.length]! })
        .then(async (res) => {
          await res.body.dump();
          if (i < lead) return;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode === 201) ok++;
          else errors++;
        })
        .catch(() => {
          if (i < lead) return;
          errors++;
          statuses.network = (statuses.network ?? 0) + 1;
        })
        .finally(() => {
          if (i >= lead) {
            lastAnswer = performance.now();
            latencies[i - lead] = lastAnswer - due;
          }
          if (++done === total) resolve();
        });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, start + sent * intervalMs - now)));
    };
    setTimeout(tick, 50);
  });
  await pool.close();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
  return {
    offeredPerS: ratePerS,
    achievedPerS: Math.round(ok / ((lastAnswer - measuredStart) / 1000)),
    leadIn: lead,
    sent: measured,
    ok,
    errors,
    statuses,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: Math.round(sorted[sorted.length - 1]! * 100) / 100,
  };
}

if (parentPort && workerData) {
  run(workerData as LoadStep).then(
    (r) => parentPort!.postMessage({ ok: true, result: r }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: String(e) }),
  );
}
