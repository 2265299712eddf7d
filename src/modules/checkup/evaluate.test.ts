import { describe, expect, it } from 'vitest';
import { evaluateRegion } from './evaluate.js';
import type { Indicator } from './library-store.js';
import type { StoredValue } from './values-store.js';

const standard = (target: number, version = 1) => ({ version, target, lower: null, upper: null, tier: 'national' as const, document: 'GB x', verified: true, note: null, reason: null, changedBy: 't', validFrom: new Date(0) });
const indicator = (code: string, o: Partial<Indicator> = {}): Indicator =>
  ({
    code,
    name: { zh: code, en: code },
    task: 'livable',
    level: 'city',
    unit: '%',
    kind: 'rate',
    direction: 'higher',
    iso: [],
    source: { document: 'x', verified: false },
    obtain: { type: 'imported' },
    weight: 1,
    standard: standard(90),
    ...o,
  }) as Indicator;
const value = (code: string, regionCode: string, year: number, v: number): StoredValue => ({ code, regionCode, year, value: v, origin: 'import', source: 's', sample: false, provider: null, coverage: null, importId: null, updatedAt: new Date(0) });

const A = '110101000000';
const B = '110102000000';

describe('evaluating a region and year', () => {
  const indicators = [
    indicator('L1'),
    indicator('L2', { direction: 'lower', standard: standard(10) }),
    indicator('L3', { kind: 'context', standard: null }),
    indicator('G1', { task: 'green_low_carbon', obtain: { type: 'computed', provider: 'environment.good-air-days-share', params: {} } }),
    indicator('G2', { task: 'green_low_carbon' }),
    indicator('S1', { task: 'smart_governance', standard: null }),
  ];
  const values = [value('L1', A, 2024, 80), value('L1', A, 2025, 85), value('L1', B, 2025, 95), value('L2', A, 2025, 10.5), value('L3', A, 2025, 7), value('G1', A, 2025, 80), value('S1', A, 2025, 60)];
  const run = (hasProvider = () => false) => evaluateRegion({ year: 2025, regionCode: A, indicators, nearPct: 10, values, siblings: [A, B], hasProvider });

  it('scores against the standard, with trend and rank among siblings', () => {
    const l1 = run().tasks.find((t) => t.task === 'livable')!.indicators.find((i) => i.code === 'L1')!;
    expect(l1).toMatchObject({ value: 85, status: 'near', gap: -5, trend: { previousYear: 2024, previous: 80, direction: 'improving' }, rank: { rank: 2, of: 2 } });
    expect(l1.series).toEqual([
      { year: 2024, value: 80 },
      { year: 2025, value: 85 },
    ]);
    expect(l1.standard).toMatchObject({ version: 1, target: 90, tier: 'national' });
  });

  it('keeps missing apart from zero, and a provider not yet registered apart from both', () => {
    const green = run().tasks.find((t) => t.task === 'green_low_carbon')!;
    expect(green.indicators.map((i) => [i.code, i.status, i.value])).toEqual([
      ['G1', 'no_provider', null],
      ['G2', 'missing', null],
    ]);
    expect(green.coverage).toEqual({ withValue: 0, total: 2, share: 0 });
    const withProvider = run(() => true).tasks.find((t) => t.task === 'green_low_carbon')!;
    expect(withProvider.indicators[0]).toMatchObject({ status: 'not_met', value: 80, gap: -10 });
  });

  it('shows context without scoring it and says when there is no standard', () => {
    const livable = run().tasks.find((t) => t.task === 'livable')!;
    expect(livable.indicators.find((i) => i.code === 'L3')).toMatchObject({ status: 'context', gap: null, rank: null, value: 7 });
    expect(livable.indicators.find((i) => i.code === 'L2')).toMatchObject({ status: 'near', gap: -0.5 });
    expect(run().tasks.find((t) => t.task === 'smart_governance')!.indicators[0]!.status).toBe('no_standard');
    expect(livable.counts).toMatchObject({ near: 2, context: 1, met: 0 });
    expect(livable.coverage).toEqual({ withValue: 3, total: 3, share: 1 });
  });

  it('reports every task, the empty ones with no indicators, and the overall coverage', () => {
    const r = run();
    expect(r.tasks.map((t) => t.task)).toEqual(['modern_system', 'innovation_renewal', 'livable', 'green_low_carbon', 'resilient_safe', 'heritage_civilised', 'smart_governance']);
    expect(r.tasks[0]!.coverage).toEqual({ withValue: 0, total: 0, share: 0 });
    expect(r.coverage).toEqual({ withValue: 4, total: 6, share: 4 / 6 });
  });

  it('uses an indicator’s own near band over the pack’s', () => {
    const r = evaluateRegion({ year: 2025, regionCode: A, indicators: [indicator('L1', { nearPct: 2 })], nearPct: 10, values, siblings: [A], hasProvider: () => true });
    expect(r.tasks.find((t) => t.task === 'livable')!.indicators[0]!.status).toBe('not_met');
  });
});
