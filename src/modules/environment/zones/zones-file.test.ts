import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { byStrictness, zoneLevelTable, zoneLevels } from './zone-levels.js';
import { readZonesFile } from './zones-file.js';

const packFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packs/beijing/environment/water-source-zones.geojson');
const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const zone = (id: string, level: string, geometry: unknown = square(0, 0, 1, 1), extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { id, name: id, level, source: { code: 'src', name: '水源', kind: 'reservoir' }, sample: true, ...extra },
  geometry,
});
const file = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return err.field;
    throw err;
  }
  throw new Error('expected an invalid error');
}

describe('HJ 338-2018 zone levels', () => {
  it.each([
    ['I', 1, '一级保护区', 'Level I protection zone'],
    ['II', 2, '二级保护区', 'Level II protection zone'],
    ['quasi', 3, '准保护区', 'Quasi-protection zone'],
  ] as const)('%s is rank %i, %s (%s)', (level, rank, zh, en) => {
    expect(zoneLevelTable[level]).toEqual({ rank, zh, en });
  });

  it('orders zones strictest first, then by id', () => {
    const zones = [
      { id: 'b', level: 'quasi' as const },
      { id: 'c', level: 'I' as const },
      { id: 'a', level: 'II' as const },
      { id: 'a0', level: 'I' as const },
    ];
    expect(zones.sort(byStrictness).map((z) => z.id)).toEqual(['a0', 'c', 'a', 'b']);
    expect(zoneLevels).toEqual(['I', 'II', 'quasi']);
  });
});

describe('readZonesFile', () => {
  it('reads zones with their defaults and bbox, padding region codes to 12 digits', () => {
    const [z] = readZonesFile(file(zone('a-i', 'I', square(116, 40, 116.5, 40.2), { regionCodes: ['110118'] })));
    expect(z).toMatchObject({ id: 'a-i', level: 'I', area: 'both', regionCodes: ['110118000000'], sample: true, bbox: [116, 40, 116.5, 40.2], nameEn: null });
  });

  it('refuses each kind of bad zone, naming the field', () => {
    expect(fieldOf(() => readZonesFile(file(zone('a', 'III'))))).toMatch(/features\.0\.properties\.level$/);
    expect(fieldOf(() => readZonesFile(file(zone('a', 'I'), zone('a', 'II'))))).toMatch(/features\.1\.properties\.id$/);
    expect(fieldOf(() => readZonesFile(file(zone('a', 'I'), zone('b', 'I'))))).toMatch(/features\.1\.properties\.level$/);
    expect(fieldOf(() => readZonesFile(file(zone('a', 'I', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0.5]]] }))))).toMatch(/features\.0\.geometry/);
    expect(fieldOf(() => readZonesFile(file(zone('a', 'I', square(0, 0, 200, 1)))))).toMatch(/features\.0\.geometry/);
    expect(fieldOf(() => readZonesFile(file(zone('a', 'I', { type: 'Point', coordinates: [0, 0] }))))).toMatch(/features\.0\.geometry/);
    expect(fieldOf(() => readZonesFile(file({ ...zone('a', 'I'), properties: { ...zone('a', 'I').properties, sample: undefined } })))).toMatch(/sample$/);
  });

  it('lets one source have a water and a land zone of the same level', () => {
    expect(readZonesFile(file(zone('w', 'I', undefined, { area: 'water' }), zone('l', 'I', undefined, { area: 'land' })))).toHaveLength(2);
  });

  it('reads the Beijing pack’s file: every zone a labelled sample, each source with levels I, II and quasi', () => {
    const raw = JSON.parse(readFileSync(packFile, 'utf8'));
    expect(raw.sample).toBe(true);
    const zones = readZonesFile(raw);
    expect(zones.every((z) => z.sample && z.name.includes('样例') && z.basis?.startsWith('SAMPLE'))).toBe(true);
    const bySource = new Map<string, string[]>();
    for (const z of zones) bySource.set(z.source.code, [...(bySource.get(z.source.code) ?? []), z.level]);
    expect([...bySource.keys()].sort()).toEqual(['huairou-reservoir', 'miyun-reservoir', 'sample-well-field']);
    for (const levels of bySource.values()) expect(levels.sort()).toEqual(['I', 'II', 'quasi']);
    expect(zones.find((z) => z.id === 'miyun-reservoir-i')!.regionCodes).toEqual(['110118000000']);
  });
});
