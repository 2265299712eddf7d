import { parseTelemetryTopic } from './topic.js';
import { parsePayload, validateTelemetry, type Refusal, type TelemetryLimits, type TelemetrySink } from './validate.js';
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

/**
 * One city's accepted readings as columns for one multi-row insert: a row per device and time
 * (a message's readings, as a rule), whose readings lie side by side in the flat per-reading
 * arrays. Each series appears once a row: a repeat within the batch is left to the count of
 * duplicates, as a reading already stored is.
 */
export interface CityColumns {
  /** Per row: the device's number, the time (epoch ms), where its readings begin (1-based, as SQL slices count) and how many. */
  rows: { device: number[]; ts: number[]; start: number[]; count: number[] };
  /** Per reading, row after row. */
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
  const gathering = new Map<string, Gathering>();
  // The message being judged. One sink for the batch, not closures for every message.
  let record: IngestRecord = records[0]!;
  let cityCode = fallbackCity;
  let city: Gathering | undefined;
  // The row readings go to: the last one taken, most of the time (a message's readings share its time).
  let last: Row | undefined;
  const quarantine = (code: string, deviceId: string | null, r: Pick<Refusal, 'reason' | 'detail' | 'metric' | 'reading' | 'index'>) => {
    const { message, ref } = record.entry;
    record.quarantined++;
    batch.quarantine.push({
      city_code: code,
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
  const sink: TelemetrySink = {
    accept(series, ts, value) {
      if (!city) gathering.set(cityCode, (city = { rows: new Map(), hours: new Set() }));
      let row = last && last.ts === ts && last.device === series.deviceNum ? last : undefined;
      if (!row) {
        let byTs = city.rows.get(series.deviceNum);
        if (!byTs) city.rows.set(series.deviceNum, (byTs = new Map()));
        row = byTs.get(ts);
        if (!row) byTs.set(ts, (row = { device: series.deviceNum, ts, series: [], values: [] }));
        last = row;
      }
      if (!row.series.includes(series)) {
        row.series.push(series);
        row.values.push(value);
      }
      const hour = ts - (((ts % hourMs) + hourMs) % hourMs);
      if (!city.hours.has(hour)) {
        city.hours.add(hour);
        const p = partitionFor(ts);
        batch.partitions.set(p.name, p);
      }
      record.accepted++;
      batch.accepted++;
    },
    refuse: (r) => quarantine(cityCode, r.deviceId, r),
  };
  for (const r of records) {
    record = r;
    record.accepted = 0;
    record.quarantined = 0;
    const { message } = record.entry;
    const topic = parseTelemetryTopic(message.topic);
    if ('problem' in topic) {
      quarantine(fallbackCity, null, { reason: 'bad_topic', detail: topic.problem, metric: null, reading: null, index: -1 });
      continue;
    }
    const parsed = parsePayload(message.payload);
    if ('problem' in parsed) {
      quarantine(topic.cityCode, topic.deviceId, { reason: 'malformed_payload', detail: parsed.problem, metric: null, reading: null, index: -1 });
      continue;
    }
    const registry = registries.get(topic.cityCode);
    if (!registry) throw new Error(`no registry was loaded for city ${topic.cityCode}`);
    cityCode = topic.cityCode;
    city = gathering.get(cityCode);
    last = undefined;
    validateTelemetry(topic.deviceId, parsed.value, registry, limits(message.receivedAt), sink);
  }
  for (const [code, c] of gathering) batch.cities.set(code, columnsOf(c));
  return batch;
}

interface Row {
  device: number;
  ts: number;
  series: SeriesInfo[];
  values: number[];
}

interface Gathering {
  /** Rows by device, then by time, in the order they were begun. */
  rows: Map<number, Map<number, Row>>;
  hours: Set<number>;
}

function columnsOf({ rows, hours }: Gathering): CityColumns {
  const cols: CityColumns = { rows: { device: [], ts: [], start: [], count: [] }, series: [], ts: [], values: [], infos: [], hours };
  for (const byTs of rows.values()) {
    for (const row of byTs.values()) {
      cols.rows.device.push(row.device);
      cols.rows.ts.push(row.ts);
      cols.rows.start.push(cols.series.length + 1);
      cols.rows.count.push(row.series.length);
      for (let i = 0; i < row.series.length; i++) {
        cols.series.push(row.series[i]!.id);
        cols.ts.push(row.ts);
        cols.values.push(row.values[i]!);
        cols.infos.push(row.series[i]!);
      }
    }
  }
  return cols;
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
