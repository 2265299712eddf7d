import { describe, expect, it } from 'vitest';
import { defaultProactiveSettings, parseProactiveSettings, recurringPlaces, type PlaceCase } from './proactive.js';
import { proactiveOffice } from './proactive-store.js';
import type { Org } from '../../core/orgs.js';

const t0 = new Date('2026-11-01T02:00:00Z');
// A case `east`/`north` metres from 116.4, 39.9.
const at = (id: string, category: string, east: number, north: number, day = 0, region: string | null = '110105001'): PlaceCase => ({
  id,
  category,
  lon: 116.4 + east / (111_195 * Math.cos((39.9 * Math.PI) / 180)),
  lat: 39.9 + north / 111_195,
  region,
  at: new Date(t0.getTime() + day * 86_400_000),
});

describe('recurringPlaces', () => {
  it('finds three cases of a category within 200 m, centred on them', () => {
    const found = recurringPlaces([at('a', '010101', 0, 0), at('b', '010101', 150, 0, 1), at('c', '010101', 0, -150, 2), at('far', '010101', 900, 0)]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ category: '010101', radiusM: 200, region: '110105001', caseIds: ['a', 'b', 'c'] });
    expect(found[0]!.lon).toBeCloseTo(116.4 + 50 / (111_195 * Math.cos((39.9 * Math.PI) / 180)), 9);
  });

  it('does not mix categories, and needs the minimum', () => {
    expect(recurringPlaces([at('a', '010101', 0, 0), at('b', '010101', 10, 0), at('c', '020104', 0, 10)])).toEqual([]);
    expect(recurringPlaces([at('a', '010101', 0, 0), at('b', '010101', 10, 0)], { minCases: 2 })).toHaveLength(1);
  });

  it('counts a case in one place only, the busiest first', () => {
    const cases = [...[0, 20, 40, 60, 80].map((x, i) => at(`w${i}`, '010701', x, 0)), ...[380, 400, 420].map((x, i) => at(`e${i}`, '010701', x, 0))];
    const found = recurringPlaces(cases);
    expect(found.map((p) => p.caseIds)).toEqual([['w0', 'w1', 'w2', 'w3', 'w4'], ['e0', 'e1', 'e2']]);
  });

  it('refuses a radius that is no distance', () => {
    expect(() => recurringPlaces([], { radiusM: 0 })).toThrow(/radiusM/);
  });
});

describe('proactive.json', () => {
  it('defaults to 3 cases within 200 m in 30 days, inquiries left out', () => {
    expect(defaultProactiveSettings).toEqual({ minCases: 3, radiusM: 200, windowDays: 30, categories: [], excludeKinds: ['inquiry'] });
    expect(parseProactiveSettings({ minCases: 5, categories: ['0107'] })).toMatchObject({ minCases: 5, radiusM: 200, categories: ['0107'] });
  });

  it.each([
    [{ minCases: 1 }, 'minCases'],
    [{ radiusM: -5 }, 'radiusM'],
    [{ categories: ['1a'] }, 'categories.0'],
    [{ excludeKinds: ['gossip'] }, 'excludeKinds.0'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j, naming %s', (raw, field) => {
    expect(() => parseProactiveSettings(raw)).toThrow(expect.objectContaining({ kind: 'invalid', field: `hotline/proactive.json:${field}` }));
  });
});

describe('proactiveOffice', () => {
  const org = (code: string, kind: Org['kind'], jurisdiction: string[]): Org => ({ code, name: code, nameEn: code, kind, regionCode: jurisdiction[0] ?? '11', jurisdiction, supervisor: null, phone: null, active: true });
  const orgs = [org('110105001-street', 'street', ['110105001']), org('110105-12345', 'dispatch_centre', ['110105']), org('110106-12345', 'dispatch_centre', ['110106'])];
  const dir = { covering: (region: string, kind?: string) => orgs.filter((o) => (!kind || o.kind === kind) && o.jurisdiction.some((j) => region.padEnd(12, '0').startsWith(j))) };

  it('sends the task to the street office of the place, else to its district centre', () => {
    expect(proactiveOffice(dir, '110105001002')?.code).toBe('110105001-street');
    expect(proactiveOffice(dir, '110105')?.code).toBe('110105-12345');
    expect(proactiveOffice(dir, '110106003')?.code).toBe('110106-12345');
    expect(proactiveOffice(dir, '120101')).toBeNull();
    expect(proactiveOffice(dir, null)).toBeNull();
  });
});
