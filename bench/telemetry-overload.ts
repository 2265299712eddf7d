// The overload phase of bench/telemetry.bench.ts: the database side made slow on purpose — a
// statement trigger on the readings table of the bench's own fresh database that sleeps a fixed
// time per row inserted (no product code changes) — so the offered load is several times what
// the service can store. On PGlite a sleep would stop the whole process (the database runs in
// it), so there the load offered is simply several times what the steps measured it stores. Memory must stay bounded (the ingest parks what it cannot queue and
// holds the PUBACKs; the broker queues up to its limit and drops beyond it), and once the
// slowness is lifted and everything in flight has drained, the accounting must balance:
// published = stored + quarantined + rejected + dropped by the broker.
import { sql } from 'kysely';
import type { BenchBroker } from './telemetry-broker.js';
import type { Generator } from './telemetry-load.js';
import { rssMb } from './proc.js';
import type { ServiceUnderTest } from './telemetry-service.js';

export interface OverloadResult {
  offeredReadingsPerS: number;
  seconds: number;
  /** How the database was made too slow: a trigger's sleep, or none (the load itself is several times the capacity). */
  slowedBy: string | null;
  /** What the database stored, per second, while overloaded. */
  storedReadingsPerSWhileSlow: number;
  overloadFactor: number;
  /** Sampled every second, shown every `every` seconds. */
  memory: { t: number; serviceRssMb: number; heapUsedMb: number; brokerRssMb: number; ingestQueued: number; ingestParked: number; brokerStoredMessages: number }[];
  memoryMax: { serviceRssMb: number; brokerRssMb: number; heapUsedMb: number };
  /** Max RSS of the last third against the middle third: about 1 when memory stopped growing. */
  serviceRssGrowth: number;
  drainSeconds: number;
  accounting: {
    unit: 'readings';
    published: number;
    stored: number;
    quarantined: number;
    rejected: number;
    droppedByBroker: number;
    difference: number;
    /** Not categories of the balance: how the stream went through the pipeline. */
    detail: { messagesSent: number; messagesAckedByBroker: number; refusedByBroker: Record<string, number>; unackedByBroker: number; brokerReceived: number; brokerDropped: number; deliveredToService: number; storedByIngestCounter: number; duplicatesIgnored: number };
  };
}

/** Runs the overload for `seconds` at `readingsPerS`, the database slowed to about `readingsPerS / factor`. */
export async function runOverload({ sut, generator, broker, readingsPerS, seconds, factor, readingsPerMessage, writers, slow, log }: { sut: ServiceUnderTest; generator: Generator; broker: BenchBroker; readingsPerS: number; seconds: number; factor: number; readingsPerMessage: number; writers: number; slow: boolean; log: (line: string) => void }): Promise<OverloadResult> {
  const db = sut.kernel.db;
  // Each of the ingest's writers sleeps this long per reading: together they store readingsPerS / factor.
  const perRowS = (writers * factor) / readingsPerS;
  if (slow) {
    // The sleep goes in steps of 50 ms while bench_slow.on: lifting it ends every sleep at once
    // (dropping the trigger meanwhile would wait for the sleeping inserts).
    await sql`create table bench_slow (on_ boolean not null)`.execute(db);
    await sql`insert into bench_slow values (true)`.execute(db);
    await sql`create function bench_slow_readings() returns trigger language plpgsql as $$
      declare
        target float8 := (select coalesce(sum(cardinality(series)), 0) from inserted) * ${sql.lit(perRowS)};
        began timestamptz := clock_timestamp();
      begin
        while extract(epoch from clock_timestamp() - began) < target and (select on_ from bench_slow) loop
          perform pg_sleep(0.05);
        end loop;
        return null;
      end $$`.execute(db);
    await sql`create trigger bench_slow_readings after insert on monitoring_readings referencing new table as inserted for each statement execute function bench_slow_readings()`.execute(db);
  }
  const before = { ingest: await sut.ingestStats(), messages: await sut.mqttMessages(), broker: await broker.fresh() };
  const memory: OverloadResult['memory'] = [];
  const started = Date.now();
  const sampler = setInterval(async () => {
    const st = await sut.ingestStats();
    memory.push({ t: Math.round((Date.now() - started) / 1000), serviceRssMb: await rssMb('self'), heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6), brokerRssMb: await rssMb(broker.pid), ingestQueued: st.queued, ingestParked: st.parked, brokerStoredMessages: broker.counters().storedMessages });
  }, 1000);
  let offer;
  let storedWhileSlow = 0;
  const startAt = Date.now() + 300;
  // What was stored while the load was offered (read when the offer ends, not after its PUBACKs).
  const atEnd = setTimeout(async () => void (storedWhileSlow = (await sut.ingestStats()).stored - before.ingest.stored), startAt + seconds * 1000 - Date.now());
  try {
    offer = await generator.offer({ readingsPerS, seconds, startAt });
  } finally {
    clearInterval(sampler);
    clearTimeout(atEnd);
    if (slow) {
      await sql`update bench_slow set on_ = false`.execute(db);
      await sql`drop trigger if exists bench_slow_readings on monitoring_readings`.execute(db);
      await sql`drop function if exists bench_slow_readings()`.execute(db);
      await sql`drop table if exists bench_slow`.execute(db);
    }
  }
  log(`offered ${readingsPerS}/s for ${seconds} s; stored ${Math.round(storedWhileSlow / seconds)}/s meanwhile; draining`);
  // Drain: the broker's queue for the service back to what it held before, the ingest idle.
  const drainStart = Date.now();
  let quiet = 0;
  while (Date.now() - drainStart < 600_000 && quiet < 2) {
    await new Promise((r) => setTimeout(r, 1000));
    const st = await sut.ingestStats();
    const c = broker.counters();
    quiet = c.storedMessages <= before.broker.storedMessages + 5 && st.queued === 0 && st.parked === 0 ? quiet + 1 : 0;
  }
  const drainSeconds = Math.round((Date.now() - drainStart) / 1000);
  const after = { ingest: await sut.ingestStats(), messages: await sut.mqttMessages(), broker: await broker.fresh() };
  // The readings of the overload as the database holds them: ts within what the publishers stamped.
  const { rows } = await sql<{ n: string }>`select coalesce(sum(cardinality(series)), 0) as n from monitoring_readings where city_code = ${sut.kernel.config.cityCode} and ts >= ${new Date(offer.firstTs)} and ts <= ${new Date(offer.lastTs)}`.execute(db);
  const stored = Number(rows[0]!.n);
  const refusedMessages = Object.values(offer.refused).reduce((a, b) => a + b, 0);
  const dropped = after.broker.publishDropped - before.broker.publishDropped;
  const published = offer.sent * readingsPerMessage;
  const quarantined = after.ingest.quarantined - before.ingest.quarantined;
  const rejected = (refusedMessages + offer.unacked) * readingsPerMessage;
  const third = Math.floor(memory.length / 3);
  const maxOf = (xs: typeof memory) => Math.max(0, ...xs.map((m) => m.serviceRssMb));
  const every = Math.max(1, Math.round(seconds / 12));
  return {
    offeredReadingsPerS: readingsPerS,
    seconds,
    slowedBy: slow ? `statement trigger on monitoring_readings: pg_sleep(${perRowS.toPrecision(3)} s × readings inserted), ${writers} writers` : null,
    storedReadingsPerSWhileSlow: Math.round(storedWhileSlow / seconds),
    overloadFactor: Math.round((readingsPerS / Math.max(1, storedWhileSlow / seconds)) * 10) / 10,
    memory: memory.filter((m, i) => i % every === 0 || i === memory.length - 1),
    memoryMax: { serviceRssMb: maxOf(memory), brokerRssMb: Math.max(0, ...memory.map((m) => m.brokerRssMb)), heapUsedMb: Math.max(0, ...memory.map((m) => m.heapUsedMb)) },
    serviceRssGrowth: third ? Math.round((maxOf(memory.slice(2 * third)) / Math.max(1, maxOf(memory.slice(third, 2 * third)))) * 100) / 100 : 1,
    drainSeconds,
    accounting: {
      unit: 'readings',
      published,
      stored,
      quarantined,
      rejected,
      droppedByBroker: dropped * readingsPerMessage,
      difference: published - stored - quarantined - rejected - dropped * readingsPerMessage,
      detail: {
        messagesSent: offer.sent,
        messagesAckedByBroker: offer.acked,
        refusedByBroker: offer.refused,
        unackedByBroker: offer.unacked,
        brokerReceived: after.broker.publishReceived - before.broker.publishReceived,
        brokerDropped: dropped,
        deliveredToService: after.messages - before.messages,
        storedByIngestCounter: after.ingest.stored - before.ingest.stored,
        duplicatesIgnored: after.ingest.duplicates - before.ingest.duplicates,
      },
    },
  };
}
