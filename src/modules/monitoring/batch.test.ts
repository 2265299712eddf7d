import { describe, expect, it } from 'vitest';
import { buildBatch, citiesOf, type IngestRecord } from './batch.js';
import type { CityRegistry, SeriesInfo } from './registry.js';
import type { WalEntry } from './wal.js';

const t0 = Date.UTC(2026, 2, 1, 8, 59, 0);
const level: SeriesInfo = { id: 3, deviceId: 'lv-1', assetId: 'ast_a', metric: 'level_m' };
const registry: CityRegistry = {
  cityCode: '110000',
  version: 1,
  metrics: new Map([['level_m', { unit: 'm', units: new Set(['m']), min: 0, max: 30 }]]),
  devices: new Map([['lv-1', { assetId: 'ast_a', active: true, series: new Map([['level_m', level]]) }]]),
  seriesById: new Map([[3, level]]),
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
    expect([...cols.hours]).toEqual([Date.UTC(2026, 2, 1, 8), Date.UTC(2026, 2, 1, 9)]);
    expect([...batch.partitions.keys()]).toEqual(['monitoring_readings_p202603']);
    expect(records.map((r) => [r.accepted, r.quarantined])).toEqual([[2, 0], [1, 0]]);
    expect(batch.accepted).toBe(3);
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
