import { describe, expect, it } from 'vitest';
import { buildBatch, citiesOf, type IngestRecord } from './batch.js';
import type { CityRegistry, SeriesInfo } from './registry.js';
import type { WalEntry } from './wal.js';

const t0 = Date.UTC(2026, 2, 1, 8, 59, 0);
const level: SeriesInfo = { id: 3, deviceId: 'lv-1', deviceNum: 7, assetId: 'ast_a', metric: 'level_m' };
const rain: SeriesInfo = { id: 4, deviceId: 'lv-1', deviceNum: 7, assetId: 'ast_a', metric: 'rain_mm' };
const other: SeriesInfo = { id: 9, deviceId: 'lv-2', deviceNum: 8, assetId: 'ast_b', metric: 'level_m' };
const registry: CityRegistry = {
  cityCode: '110000',
  version: 1,
  metrics: new Map([
    ['level_m', { unit: 'm', units: new Set(['m']), min: 0, max: 30 }],
    ['rain_mm', { unit: 'mm', units: new Set(['mm']), min: 0, max: 500 }],
  ]),
  devices: new Map([
    ['lv-1', { assetId: 'ast_a', active: true, series: new Map([['level_m', level], ['rain_mm', rain]]) }],
    ['lv-2', { assetId: 'ast_b', active: true, series: new Map([['level_m', other]]) }],
  ]),
  seriesById: new Map([[3, level], [4, rain], [9, other]]),
};
const limits = (receivedAt: number) => ({ receivedAt, maxFutureMs: 300_000, oldestMs: receivedAt - 86_400_000 });

function record(n: number, topic: string, payload: unknown): IngestRecord {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const entry = { ref: `seg:${n}`, message: { source: 'mqtt', receivedAt: t0 + 120_000, topic, payload: Buffer.from(body) }, segment: {} } as unknown as WalEntry;
  return { entry, accepted: 0, quarantined: 0 };
}

describe('buildBatch', () => {
  it('turns accepted readings into columns, and the hours touched', () => {
    const records = [
      record(0, 'citywork/110000/lv-1/telemetry', { ts: t0, readings: [{ metric: 'level_m', value: 1.2 }, { metric: 'level_m', value: 1.5, ts: t0 + 90_000 }] }),
      record(1, 'citywork/110000/lv-1/telemetry', { ts: t0 + 30_000, readings: [{ metric: 'level_m', value: 1.3 }] }),
    ];
    const batch = buildBatch(records, new Map([['110000', registry]]), limits, '110000');
    const cols = batch.cities.get('110000')!;
    expect([cols.series, cols.ts, cols.values]).toEqual([[3, 3, 3], [t0, t0 + 90_000, t0 + 30_000], [1.2, 1.5, 1.3]]);
    // A row per device and time, each row's readings a slice (1-based) of the flat arrays.
    expect(cols.rows).toEqual({ device: [7, 7, 7], ts: [t0, t0 + 90_000, t0 + 30_000], start: [1, 2, 3], count: [1, 1, 1] });
    expect([...cols.hours]).toEqual([Date.UTC(2026, 2, 1, 8), Date.UTC(2026, 2, 1, 9)]);
    expect([...batch.partitions.keys()]).toEqual(['monitoring_readings_p202603']);
    expect(records.map((r) => [r.accepted, r.quarantined])).toEqual([[2, 0], [1, 0]]);
    expect(batch.accepted).toBe(3);
  });

  it("gathers a device's readings of one time into one row, across messages, keeping a series' first value", () => {
    const records = [
      record(0, 'citywork/110000/lv-1/telemetry', { ts: t0, readings: [{ metric: 'level_m', value: 1.2 }, { metric: 'rain_mm', value: 3 }] }),
      record(1, 'citywork/110000/lv-2/telemetry', { ts: t0, readings: [{ metric: 'level_m', value: 0.4 }] }),
      // The same moment again (a resend, or another channel): only what the row lacks joins it.
      record(2, 'citywork/110000/lv-1/telemetry', { ts: t0, readings: [{ metric: 'level_m', value: 9.9 }] }),
      record(3, 'citywork/110000/lv-1/telemetry', { ts: t0 + 1000, readings: [{ metric: 'rain_mm', value: 4 }, { metric: 'rain_mm', value: 5 }] }),
    ];
    const batch = buildBatch(records, new Map([['110000', registry]]), limits, '110000');
    const cols = batch.cities.get('110000')!;
    expect(cols.rows).toEqual({ device: [7, 7, 8], ts: [t0, t0 + 1000, t0], start: [1, 3, 4], count: [2, 1, 1] });
    expect([cols.series, cols.values]).toEqual([[3, 4, 4, 9], [1.2, 3, 4, 0.4]]);
    expect(cols.infos.map((i) => i.deviceId)).toEqual(['lv-1', 'lv-1', 'lv-1', 'lv-2']);
    // Every valid reading is accepted; the repeats are left to the count of duplicates.
    expect(batch.accepted).toBe(6);
    expect(records.map((r) => r.accepted)).toEqual([2, 1, 1, 2]);
  });

  it('quarantines a bad topic, a broken payload and a bad reading with refs that a replay repeats', () => {
    const records = [
      record(0, 'citywork/110000/lv-1/extra/telemetry', { ts: t0, readings: [] }),
      record(1, 'citywork/110000/lv-1/telemetry', '{"ts":'),
      record(2, 'citywork/110000/lv-1/telemetry', { ts: t0, readings: [{ metric: 'level_m', value: 99 }, { metric: 'level_m', value: 2 }] }),
      record(3, 'citywork/110000/lv-1/telemetry', Buffer.from([0xff, 0xfe]).toString('latin1')),
    ];
    const batch = buildBatch(records, new Map([['110000', registry]]), limits, '110000');
    expect(batch.quarantine.map((q) => [q.ref, q.reason, q.device_id])).toEqual([
      ['seg:0', 'bad_topic', null],
      ['seg:1', 'malformed_payload', 'lv-1'],
      ['seg:2:0', 'out_of_range', 'lv-1'],
      ['seg:3', 'malformed_payload', 'lv-1'],
    ]);
    expect(batch.quarantine[2]!.reading).toBe('{"metric":"level_m","value":99}');
    expect(batch.quarantine[1]!.payload).toBe('{"ts":');
    expect(batch.accepted).toBe(1);
    expect(records.map((r) => r.quarantined)).toEqual([1, 1, 1, 1]);
  });

  it('names the cities whose registries must be loaded', () => {
    const records = [record(0, 'citywork/110000/a/telemetry', {}), record(1, 'citywork/120000/b/telemetry', {}), record(2, 'nonsense', {})];
    expect([...citiesOf(records)]).toEqual(['110000', '120000']);
  });
});
