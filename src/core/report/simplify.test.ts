import { describe, expect, it } from 'vitest';
import { simplifyFeatures, toleranceFor } from './simplify.js';

const feature = (coordinates: number[][][]): GeoJSON.Feature<GeoJSON.Polygon> => ({ type: 'Feature', properties: { code: 'x' }, geometry: { type: 'Polygon', coordinates } });

describe('simplifying a report map', () => {
  // A square whose bottom edge wobbles by 0.001: finer than half a pixel of a 100-pixel drawing of it.
  const wobbly = [[0, 0], ...Array.from({ length: 99 }, (_, i) => [(i + 1) / 100, i % 2 ? 0.001 : -0.001]), [1, 0], [1, 1], [0, 1], [0, 0]];

  it('drops the points a drawing cannot show, keeping the corners and the ring closed', () => {
    const [out] = simplifyFeatures([feature([wobbly])], toleranceFor([feature([wobbly])], 100));
    const ring = (out!.geometry as GeoJSON.Polygon).coordinates[0]!;
    expect(ring.length).toBeLessThan(10);
    expect(ring[0]).toEqual(ring.at(-1));
    for (const corner of [[1, 1], [0, 1]]) expect(ring).toContainEqual(corner);
  });

  it('keeps a wobble the drawing is wide enough to show', () => {
    const [out] = simplifyFeatures([feature([wobbly])], toleranceFor([feature([wobbly])], 10_000));
    expect((out!.geometry as GeoJSON.Polygon).coordinates[0]!.length).toBeGreaterThan(90);
  });

  it('takes half a pixel of the larger side as the tolerance, and leaves small rings and other geometries alone', () => {
    expect(toleranceFor([feature([[[0, 0], [2, 0], [2, 1], [0, 0]]])], 200)).toBeCloseTo(0.005);
    expect(toleranceFor([], 200)).toBe(0);
    const triangle = feature([[[0, 0], [1, 0], [0, 1], [0, 0]]]);
    expect(simplifyFeatures([triangle], 10)[0]).toEqual(triangle);
    const point: GeoJSON.Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } };
    expect(simplifyFeatures([point], 1)[0]).toEqual(point);
  });

  it('simplifies every part of a multipolygon', () => {
    const multi: GeoJSON.Feature<GeoJSON.MultiPolygon> = { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[wobbly], [wobbly.map(([x, y]) => [x! + 5, y!])]] } };
    const [out] = simplifyFeatures([multi], 0.01);
    for (const part of (out!.geometry as GeoJSON.MultiPolygon).coordinates) expect(part[0]!.length).toBeLessThan(10);
  });
});
