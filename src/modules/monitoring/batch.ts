import { parseTelemetryTopic } from './topic.js';
import { parsePayload, validateTelemetry, type Refusal, type TelemetryLimits } from './validate.js';
import { partitionFor, type MonthPartition } from './partitions.js';
import type { CityRegistry, SeriesInfo } from './registry.js';
import type { QuarantineReason } from './quarantine-reasons.js';
import type { WalEntry } from './wal.js';

/** A message on its way to the database: its log entry, and what became of its readings. */
export interface IngestRecord {
  entry: WalEntry;
  accepted: number;
  quarantined: number;
  /** Called once the batch holding it committed (HTTP answers then). */
  onCommitted?: (r: { accepted: number; quarantined: number }) => void;
}

/** One city's accepted readings, as columns ready for one multi-row insert. */
export interface CityColumns {
  series: number[];
  ts: number[];
  values: number[];
  infos: SeriesInfo[];
  /** Start of each hour (epoch ms) the readings fall in, for the rollups. */
  hours: Set<number>;
}

/** A quarantine row: what was refused, why, and the raw message. */
export interface QuarantineRow {
  city_code: string;
  ref: string;
  received_at: Date;
  source: 'mqtt' | 'http';
  topic: string | null;
  device_id: string | null;
  metric: string | null;
  reason: QuarantineReason;
  detail: string;
  reading: string | null;
  payload: string;
}

export interface Batch {
  records: IngestRecord[];
  cities: Map<string, CityColumns>;
  quarantine: QuarantineRow[];
  partitions: Map<string, MonthPartition>;
  accepted: number;
}

const hourMs = 3_600_000;
const maxPayloadChars = 16 * 1024;

/**
 * Validates the records of one batch into columns per city and quarantine rows (no I/O: the
 * cities' registries are given). `limits` says, per record, what time it arrived and what is
 * too far ahead or too old; a topic without a usable city is quarantined under `fallbackCity`.
 */
export function buildBatch(records: IngestRecord[], registries: ReadonlyMap<string, CityRegistry>, limits: (receivedAt: number) => TelemetryLimits, fallbackCity: string): Batch {
  const batch: Batch = { records, cities: new Map(), quarantine: [], partitions: new Map(), accepted: 0 };
  for (const record of records) {
    record.accepted = 0;
    record.quarantined = 0;
    const { message, ref } = record.entry;
    const refuse = (cityCode: string, deviceId: string | null, r: Pick<Refusal, 'reason' | 'detail' | 'metric' | 'reading' | 'index'>) => {
      record.quarantined++;
      batch.quarantine.push({
        city_code: cityCode,
        ref: r.index < 0 ? ref : `${ref}:${r.index}`,
        received_at: new Date(message.receivedAt),
        source: message.source,
        topic: message.topic,
        device_id: deviceId,
        metric: r.metric,
        reason: r.reason,
        detail: r.detail,
        reading: r.reading === null || r.reading === undefined ? null : JSON.stringify(r.reading),
        payload: payloadText(message.payload),
      });
    };
    const topic = parseTelemetryTopic(message.topic);
    if ('problem' in topic) {
      refuse(fallbackCity, null, { reason: 'bad_topic', detail: topic.problem, metric: null, reading: null, index: -1 });
      continue;
    }
    const parsed = parsePayload(message.payload);
    if ('problem' in parsed) {
      refuse(topic.cityCode, topic.deviceId, { reason: 'malformed_payload', detail: parsed.problem, metric: null, reading: null, index: -1 });
      continue;
    }
    const registry = registries.get(topic.cityCode);
    if (!registry) throw new Error(`no registry was loaded for city ${topic.cityCode}`);
    let cols = batch.cities.get(topic.cityCode);
    validateTelemetry(topic.deviceId, parsed.value, registry, limits(message.receivedAt), {
      accept(series, ts, value) {
        if (!cols) batch.cities.set(topic.cityCode, (cols = { series: [], ts: [], values: [], infos: [], hours: new Set() }));
        cols.series.push(series.id);
        cols.ts.push(ts);
        cols.values.push(value);
        cols.infos.push(series);
        const hour = ts - (((ts % hourMs) + hourMs) % hourMs);
        if (!cols.hours.has(hour)) {
          cols.hours.add(hour);
          const p = partitionFor(ts);
          batch.partitions.set(p.name, p);
        }
        record.accepted++;
        batch.accepted++;
      },
      refuse: (r) => refuse(topic.cityCode, r.deviceId, r),
    });
  }
  return batch;
}

/** The cities the records' topics name (those that parse), so their registries can be loaded first. */
export function citiesOf(records: readonly IngestRecord[]): Set<string> {
  const out = new Set<string>();
  for (const r of records) {
    const t = r.entry.message.topic;
    const city = t.slice(9, 15);
    if (t.startsWith('citywork/') && /^\d{6}$/.test(city)) out.add(city);
  }
  return out;
}

// The raw payload as text for the quarantine: UTF-8 where it is, base64 where it is not, cut at 16 KiB.
function payloadText(payload: Buffer): string {
  const parsedUtf8 = payload.toString('utf8');
  const text = Buffer.byteLength(parsedUtf8) === payload.length && !parsedUtf8.includes('\uFFFD') ? parsedUtf8 : `base64:${payload.toString('base64')}`;
  return text.length > maxPayloadChars ? `${text.slice(0, maxPayloadChars)}… (${payload.length} bytes)` : text;
}
