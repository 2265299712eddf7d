import { describe, expect, it } from 'vitest';
import { cellCentre, gridOver, metresPerDegree, rasterise, toMetres } from './coverage-grid.js';

describe('metresPerDegree (WGS-84)', () => {
  it.each([
    // Latitude, metres per degree of latitude and of longitude, as the ellipsoid gives them.
    [0, 110_574, 111_320],
    [40, 111_035, 85_394],
    [45, 111_132, 78_847],
  ])('at %i° one degree of latitude is %i m and of longitude %i m (±2 m)', (lat, mLat, mLon) => {
    const m = metresPerDegree(lat);
    expect(Math.abs(m.lat - mLat)).toBeLessThan(2);
    expect(Math.abs(m.lon - mLon)).toBeLessThan(2);
  });
});

describe('gridOver', () => {
  it('covers the bbox with whole cells and places centres half a cell in', () => {
    const m = metresPerDegree(40.005);
    const g = gridOver([116, 40, 116 + 1050 / m.lon, 40.01], 100);
    expect(g.cols).toBe(11);
    expect(g.rows).toBe(Math.ceil((0.01 * m.lat) / 100));
    const [x, y] = toMetres(g, ...cellCentre(g, 3, 2));
    expect(x).toBeCloseTo(350, 6);
    expect(y).toBeCloseTo(250, 6);
    expect([...g.area].every((a) => a === -1)).toBe(true);
  });

  it('rasterises polygons by cell centre, the first polygon winning', () => {
    const g = gridOver([0, 0, 0.01, 0.01], 100);
    const box = (w: number, e: number) => ({ type: 'Polygon' as const, coordinates: [[[w, 0], [e, 0], [e, 0.01], [w, 0.01], [w, 0]]] });
    rasterise(g, [box(0, 0.005), box(0, 0.01)]);
    const m = metresPerDegree(0.005);
    const firstRow = [...g.area.slice(0, g.cols)];
    const expected = firstRow.map((_, col) => {
      const lon = ((col + 0.5) * 100) / m.lon;
      return lon <= 0.005 ? 0 : lon <= 0.01 ? 1 : -1;
    });
    expect(firstRow).toEqual(expected);
    expect(expected.filter((a) => a === 0)).toHaveLength(6); // 0.005° is 556 m: centres at 50 … 550 m
    expect(expected).toContain(1);
    expect(expected[expected.length - 1]).toBe(-1);
  });
});
