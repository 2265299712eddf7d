import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, gcoord, multiPolygonToWgs84 } from './gcj02.js';

describe('gcj02ToWgs84', () => {
  it('undoes the GCJ-02 offset to within 1e-6 degree', () => {
    const wgs: [number, number] = [116.397128, 39.916527];
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    // In Beijing the offset is a few hundred metres.
    expect(gcj[0] - wgs[0]).toBeGreaterThan(0.005);
    const back = gcj02ToWgs84(gcj);
    expect(Math.abs(back[0] - wgs[0])).toBeLessThan(1e-6);
    expect(Math.abs(back[1] - wgs[1])).toBeLessThan(1e-6);
  });

  it('converts every vertex of a multipolygon and keeps its structure', () => {
    const out = multiPolygonToWgs84([[[[116, 39], [117, 39], [117, 40], [116, 39]]]]);
    expect(out[0]![0]).toHaveLength(4);
    expect(out[0]![0]![0]![0]).toBeLessThan(116);
  });
});
