import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readParksFile } from './parks-file.js';

const packFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packs/beijing/environment/parks.geojson');

describe('readParksFile', () => {
  it('takes ids and names from the properties or the feature, sample from the feature or the collection', () => {
    const parks = readParksFile({
      type: 'FeatureCollection',
      sample: true,
      features: [
        { type: 'Feature', properties: { id: 'p1', name: '一号公园', nameEn: 'Park One' }, geometry: { type: 'Point', coordinates: [116.4, 39.9] } },
        { type: 'Feature', id: 42, properties: { 'name:zh': '四十二号', sample: false }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
        { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [1, 2] } },
      ],
    });
    expect(parks.map((p) => [p.id, p.name, p.nameEn, p.sample])).toEqual([
      ['p1', '一号公园', 'Park One', true],
      ['42', '四十二号', null, false],
      ['park-3', 'park-3', null, true],
    ]);
    expect(parks[1]!.bbox).toEqual([0, 0, 1, 1]);
  });

  it('refuses a line, a point off the globe, a repeated id', () => {
    const one = (geometry: unknown, id = 'a') => ({ type: 'Feature', properties: { id }, geometry });
    expect(() => readParksFile({ type: 'FeatureCollection', features: [one({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })] })).toThrow(/geometry\.type/);
    expect(() => readParksFile({ type: 'FeatureCollection', features: [one({ type: 'Point', coordinates: [200, 0] })] })).toThrow(/longitude/);
    expect(() => readParksFile({ type: 'FeatureCollection', features: [one({ type: 'Point', coordinates: [0, 0] }), one({ type: 'Point', coordinates: [1, 0] })] })).toThrow(/given twice/);
  });

  it('reads the Beijing pack’s sample parks, every one marked sample', () => {
    const parks = readParksFile(JSON.parse(readFileSync(packFile, 'utf8')));
    expect(parks.length).toBeGreaterThan(10);
    expect(parks.every((p) => p.sample && p.source?.startsWith('SAMPLE'))).toBe(true);
  });
});
