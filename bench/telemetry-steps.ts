// One step of bench/telemetry.bench.ts and the stepping up: offer a fixed rate for a while,
// record every reading's latency where it lands, wait for the stragglers, and report what was
// offered, what arrived, how late, the CPU and memory it took — then the next rate, until the
// p99 passes its limit or the receiver falls behind.
import type { BenchBroker } from './telemetry-broker.js';
import type { LatencySummary } from './telemetry-latency.js';
import type { Generator, OfferResult } from './telemetry-load.js';
import { cpuMeter, rssMb } from './proc.js';
import type { WindowRecorder } from './telemetry-service.js';

/** Where the stream goes: the service under test, or the reference subscriber. */
export interface Receiver {
  label: string;
  /** Records reading → arrival (for the service: → commit). */
  arrived: WindowRecorder;
  /** Records reading → through every readings hook, when the receiver has hooks. */
  evaluated?: WindowRecorder;
  /** Counters to report as deltas over the step (readings stored, quarantined …). */
  counters?: () => Promise<Record<string, number>>;
  /** Reading → alarm latencies of the step's incidents, when alarms are wired (null otherwise). */
  alarms?: (incidents: OfferResult['incidents']) => Promise<LatencySummary | null>;
}

export interface StepResult {
  receiver: string;
  offeredMessagesPerS: number;
  offeredReadingsPerS: number;
  sentMessages: number;
  /** Readings that arrived while the step ran, per second of it. */
  achievedReadingsPerS: number;
  /** Readings that arrived by the end of the wait after the step. */
  arrivedReadings: number;
  readingMs: LatencySummary;
  evaluatedMs: LatencySummary | null;
  alarmMs: LatencySummary | null;
  counters: Record<string, number>;
  generator: { sendLagP99Ms: number | null; pubackP50Ms: number | null; pubackP99Ms: number | null; refused: Record<string, number>; unacked: number; incidents: number };
  broker: { publishReceived: number; publishSent: number; publishDropped: number };
  cpuCores: Record<string, number>;
  memory: { serviceRssMaxMb: number; serviceHeapUsedMb: number; brokerRssMaxMb: number };
  held: boolean;
  why: string | null;
}

export interface StepContext {
  generator: Generator;
  broker: BenchBroker;
  readingsPerMessage: number;
  seconds: number;
  p99LimitMs: number;
  /** Extra processes whose CPU is reported (PostgreSQL …). */
  extraCpu?: Record<string, number | 'postgres'>;
  /** Incident readings a second (first publisher), for reading → alarm; 0: none. */
  incidentsPerS?: number;
  /** How long to wait after the step for readings still on their way. */
  drainSeconds?: number;
}

/** Offers one rate to the receiver and measures it. */
export async function runStep(ctx: StepContext, receiver: Receiver, readingsPerS: number): Promise<StepResult> {
  const { generator, broker, readingsPerMessage, seconds } = ctx;
  const cpu = cpuMeter(() => ({ service: 'self', broker: broker.pid, ...Object.fromEntries(generator.pids.map((p, i) => [`publisher${i}`, p])), ...ctx.extraCpu, machine: 'machine' }));
  const countersBefore = (await receiver.counters?.()) ?? {};
  const brokerBefore = await broker.fresh();
  const memory = { serviceRssMaxMb: 0, serviceHeapUsedMb: 0, brokerRssMaxMb: 0 };
  const sampler = setInterval(async () => {
    memory.serviceRssMaxMb = Math.max(memory.serviceRssMaxMb, await rssMb('self'));
    memory.brokerRssMaxMb = Math.max(memory.brokerRssMaxMb, await rssMb(broker.pid));
  }, 1000);
  const startAt = Date.now() + 300;
  receiver.arrived.open(startAt - 5, Infinity);
  receiver.evaluated?.open(startAt - 5, Infinity);
  await cpu.start();
  const firstPublisherPerS = readingsPerS / readingsPerMessage / generator.pids.length;
  const incidentEvery = ctx.incidentsPerS ? Math.max(1, Math.round(firstPublisherPerS / ctx.incidentsPerS)) : 0;
  const offer = await generator.offer({ readingsPerS, seconds, startAt, incidentEvery });
  const cpuCores = await cpu.lap();
  const achievedReadingsPerS = Math.round(receiver.arrived.histogram.count / ((Date.now() - startAt) / 1000));
  // The stragglers: wait until every reading sent arrived, or the wait is over.
  const expected = offer.sent * readingsPerMessage;
  const deadline = Date.now() + (ctx.drainSeconds ?? Math.max(10, seconds / 2)) * 1000;
  while (Date.now() < deadline && (receiver.arrived.histogram.count < expected || (receiver.evaluated && receiver.evaluated.histogram.count < expected))) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  const arrived = receiver.arrived.close();
  const evaluated = receiver.evaluated?.close() ?? null;
  memory.serviceHeapUsedMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  const brokerAfter = await broker.fresh();
  const countersAfter = (await receiver.counters?.()) ?? {};
  const counters = Object.fromEntries(Object.entries(countersAfter).map(([key, v]) => [key, v - (countersBefore[key] ?? 0)]));
  const readingMs = arrived.summary(expected);
  const alarmMs = (await receiver.alarms?.(offer.incidents)) ?? null;
  const dropped = brokerAfter.publishDropped - brokerBefore.publishDropped;
  const refused = Object.values(offer.refused).reduce((a, b) => a + b, 0);
  const why =
    offer.sendLagMs.p99 !== null && offer.sendLagMs.p99 > ctx.p99LimitMs
      ? `the generator fell behind (send lag p99 ${offer.sendLagMs.p99} ms)`
      : readingMs.p99 === null || readingMs.p99 >= ctx.p99LimitMs
        ? `p99 ${readingMs.p99 ?? '∞'} ms ≥ ${ctx.p99LimitMs} ms`
        : achievedReadingsPerS < 0.95 * readingsPerS
          ? `fell behind: ${achievedReadingsPerS}/s of ${Math.round(readingsPerS)}/s`
          : dropped || refused || offer.unacked
            ? `the broker dropped ${dropped}, refused ${refused}, left ${offer.unacked} unacknowledged`
            : null;
  return {
    receiver: receiver.label,
    offeredMessagesPerS: offer.offeredMessagesPerS,
    offeredReadingsPerS: offer.offeredReadingsPerS,
    sentMessages: offer.sent,
    achievedReadingsPerS,
    arrivedReadings: arrived.count,
    readingMs,
    evaluatedMs: evaluated?.summary(expected) ?? null,
    alarmMs,
    counters,
    generator: { sendLagP99Ms: offer.sendLagMs.p99, pubackP50Ms: offer.pubackMs.p50, pubackP99Ms: offer.pubackMs.p99, refused: offer.refused, unacked: offer.unacked, incidents: offer.incidents.length },
    broker: { publishReceived: brokerAfter.publishReceived - brokerBefore.publishReceived, publishSent: brokerAfter.publishSent - brokerBefore.publishSent, publishDropped: dropped },
    cpuCores,
    memory,
    held: why === null,
    why,
  };
}

/** Steps the rate up from `first` by `step` until a step is not held (or `maxSteps`); returns every step and the best held. */
export async function stepUp(ctx: StepContext, receiver: Receiver, { first, step, maxSteps, log }: { first: number; step: number; maxSteps: number; log: (s: StepResult) => void }): Promise<{ steps: StepResult[]; best: StepResult | null }> {
  const steps: StepResult[] = [];
  let best: StepResult | null = null;
  for (let i = 0; i < maxSteps; i++) {
    const r = await runStep(ctx, receiver, first + i * step);
    steps.push(r);
    log(r);
    if (!r.held) break;
    best = r;
  }
  return { steps, best };
}
