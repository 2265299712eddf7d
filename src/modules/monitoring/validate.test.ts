import { describe, expect, it } from 'vitest';
import { parsePayload, validateTelemetry, type Refusal } from './validate.js';
import type { CityRegistry, SeriesInfo } from './registry.js';

const now = Date.UTC(2026, 2, 1, 8, 0, 0);
const limits = { receivedAt: now, maxFutureMs: 5 * 60_000, oldestMs: now - 90 * 86_400_000 };
const pressure: SeriesInfo = { id: 7, deviceId: 'wp-1', deviceNum: 1, assetId: 'ast_1', metric: 'pressure_mpa' };
const registry: Pick<CityRegistry, 'devices' | 'metrics'> = {
  metrics: new Map([
    ['pressure_mpa', { unit: 'MPa', units: new Set(['MPa']), min: 0, max: 4 }],
    ['flow_m3h', { unit: 'm³/h', units: new Set(['m³/h', 'm3/h']), min: 0, max: 20_000 }],
  ]),
  devices: new Map([
    ['wp-1', { assetId: 'ast_1', active: true, series: new Map([['pressure_mpa', pressure]]) }],
    ['old-1', { assetId: 'ast_2', active: false, series: new Map() }],
  ]),
};

function judge(deviceId: string, message: unknown) {
  const accepted: [number, number, number][] = [];
  const refused: Refusal[] = [];
  validateTelemetry(deviceId, message, registry, limits, { accept: (s, ts, v) => accepted.push([s.id, ts, v]), refuse: (r) => refused.push(r) });
  return { accepted, refused, reasons: refused.map((r) => r.reason) };
}

const iso = new Date(now - 60_000).toISOString();

describe('validateTelemetry', () => {
  it('accepts readings with the message time, or their own, and a matching unit', () => {
    const out = judge('wp-1', { ts: iso, readings: [{ metric: 'pressure_mpa', value: 0.31 }, { metric: 'pressure_mpa', value: 0.3, unit: 'MPa', ts: now - 1000 }] });
    expect(out.accepted).toEqual([[7, now - 60_000, 0.31], [7, now - 1000, 0.3]]);
    expect(out.refused).toEqual([]);
  });

  it.each([
    ['malformed_payload', 'wp-1', [1, 2]],
    ['malformed_payload', 'wp-1', { ts: iso }],
    ['unknown_device', 'nobody', { ts: iso, readings: [{ metric: 'pressure_mpa', value: 1 }] }],
    ['inactive_device', 'old-1', { ts: iso, readings: [{ metric: 'pressure_mpa', value: 1 }] }],
  ])('refuses the whole message: %s', (reason, device, message) => {
    const out = judge(device, message);
    expect(out.reasons).toEqual([reason]);
    expect(out.refused[0]!.index).toBe(-1);
    expect(out.accepted).toEqual([]);
  });

  it.each([
    ['malformed_payload', 'x'],
    ['malformed_payload', { value: 1 }],
    ['unknown_metric', { metric: 'pm25_ugm3', value: 1 }],
    ['metric_not_on_device', { metric: 'flow_m3h', value: 1 }],
    ['wrong_unit', { metric: 'pressure_mpa', value: 0.3, unit: 'kPa' }],
    ['not_numeric', { metric: 'pressure_mpa', value: '0.3' }],
    ['not_numeric', { metric: 'pressure_mpa' }],
    ['not_finite', { metric: 'pressure_mpa', value: Infinity }],
    ['out_of_range', { metric: 'pressure_mpa', value: 4.01 }],
    ['out_of_range', { metric: 'pressure_mpa', value: -0.1 }],
    ['bad_ts', { metric: 'pressure_mpa', value: 0.3, ts: '2026-03-01 08:00:00' }],
    ['future_ts', { metric: 'pressure_mpa', value: 0.3, ts: now + 5 * 60_000 + 1 }],
    ['too_old', { metric: 'pressure_mpa', value: 0.3, ts: now - 91 * 86_400_000 }],
  ])('refuses one reading and keeps the others: %s', (reason, reading) => {
    const out = judge('wp-1', { ts: iso, readings: [{ metric: 'pressure_mpa', value: 1 }, reading] });
    expect(out.reasons).toEqual([reason]);
    expect(out.refused[0]).toMatchObject({ index: 1, deviceId: 'wp-1', reading });
    expect(out.accepted).toHaveLength(1);
  });

  it('needs a time on the message or the reading', () => {
    expect(judge('wp-1', { readings: [{ metric: 'pressure_mpa', value: 1 }] }).reasons).toEqual(['bad_ts']);
    expect(judge('wp-1', { readings: [{ metric: 'pressure_mpa', value: 1, ts: iso }] }).reasons).toEqual([]);
  });

  it('takes the range bounds and the 5-minute future limit as inclusive', () => {
    const out = judge('wp-1', { ts: now + 5 * 60_000, readings: [{ metric: 'pressure_mpa', value: 0 }, { metric: 'pressure_mpa', value: 4 }] });
    expect(out.reasons).toEqual([]);
  });
});

describe('parsePayload', () => {
  it('reads UTF-8 JSON and says what is wrong otherwise', () => {
    expect(parsePayload(Buffer.from('{"ts":1}'))).toEqual({ value: { ts: 1 } });
    expect(parsePayload(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ problem: 'the payload is not UTF-8' });
    expect(parsePayload('{"ts":')).toMatchObject({ problem: expect.stringContaining('not JSON') });
  });
});
