import { describe, expect, it } from 'vitest';
import { parseLibrary } from './indicator-schema.js';

const base = { code: 'A01', name: { zh: '甲', en: 'A' }, task: 'livable', level: 'city', unit: '%', kind: 'rate', direction: 'higher', source: { document: 'doc', verified: false }, obtain: { type: 'imported' } };
const lib = (...indicators: object[]) => ({ source: 'test', indicators });
const failure = (raw: unknown) => {
  try {
    parseLibrary(raw);
  } catch (err) {
    return err as { kind: string; field: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('the indicator library file', () => {
  it('fills the defaults: near band, composite and its Monte Carlo, weights', () => {
    const l = parseLibrary(lib({ ...base, standard: { target: 90, tier: 'national', document: 'GB', verified: true } }));
    expect(l.nearPct).toBe(10);
    expect(l.composite).toMatchObject({ normalisation: 'distance', aggregation: 'arithmetic', minCoverage: 0.5, cap: 1, sensitivity: { runs: 1000, seed: 1, weights: { method: 'dirichlet', concentration: 20 }, normalisations: ['distance', 'minmax'], aggregations: ['arithmetic', 'geometric'] } });
    expect(l.indicators[0]).toMatchObject({ weight: 1, iso: [] });
  });

  it('names the file, the field and the indicator at fault', () => {
    const e = failure(lib(base, { ...base, code: 'B02', task: 'tourism' }));
    expect(e.kind).toBe('invalid');
    expect(e.field).toBe('checkup/indicators.json:indicators.1.task');
    expect(e.message).toContain('(B02)');
  });

  it('requires what a direction needs of its standard, and no standard for context', () => {
    expect(failure(lib({ ...base, standard: { tier: 'national', document: 'GB', verified: true } })).field).toMatch(/indicators\.0\.standard\.target$/);
    expect(failure(lib({ ...base, direction: 'within', standard: { lower: 5, tier: 'national', document: 'GB', verified: true } })).field).toMatch(/standard\.upper$/);
    expect(failure(lib({ ...base, direction: 'within', standard: { lower: 5, upper: 1, tier: 'national', document: 'GB', verified: true } })).message).toMatch(/lower must not exceed upper/);
    expect(failure(lib({ ...base, kind: 'context', standard: { target: 1, tier: 'national', document: 'GB', verified: true } })).field).toMatch(/standard$/);
    expect(failure(lib({ ...base, kind: 'count', unit: '栋' })).field).toMatch(/direction$/);
  });

  it('refuses duplicate codes and providers not named <module>.<name>', () => {
    expect(failure(lib(base, base)).message).toMatch(/A01 is listed twice/);
    expect(failure(lib({ ...base, obtain: { type: 'computed', provider: 'resolution' } })).field).toMatch(/obtain\.provider$/);
    expect(parseLibrary(lib({ ...base, obtain: { type: 'computed', provider: 'hotline.resolution-rate' } })).indicators[0]!.obtain).toEqual({ type: 'computed', provider: 'hotline.resolution-rate', params: {} });
  });
});
