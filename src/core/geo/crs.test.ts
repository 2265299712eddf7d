import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { fromWgs84, isCrs, toWgs84, type Crs } from './crs.js';

// Great-circle distance in metres (haversine on the mean Earth radius).
function distanceM([lon1, lat1]: readonly number[], [lon2, lat2]: readonly number[]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2! - lat1!) * rad) / 2) ** 2 + Math.cos(lat1! * rad) * Math.cos(lat2! * rad) * Math.sin(((lon2! - lon1!) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

// [wgs84, gcj02] pairs from googollee/eviltransform's tests (Shanghai, Shenzhen, Beijing).
const gcjPairs = [
  [[121.5272106, 31.1774276], [121.531541859215, 31.17530398364597]],
  [[113.912316, 22.543847], [113.9171764808363, 22.540796131694766]],
  [[116.377817, 39.911954], [116.38404722455657, 39.91334545536069]],
] as const;

describe('GCJ-02', () => {
  it.each(gcjPairs)('WGS-84 %j is GCJ-02 %j', (wgs, gcj) => {
    const [lon, lat] = fromWgs84(wgs[0], wgs[1], 'gcj02');
    expect(lon).toBeCloseTo(gcj[0], 7);
    expect(lat).toBeCloseTo(gcj[1], 7);
    expect(distanceM(toWgs84(gcj[0], gcj[1], 'gcj02'), wgs)).toBeLessThan(0.2);
  });

  it.each([
    ['Tiananmen', 116.3975, 39.9087],
    ['Shanghai', 121.4737, 31.2304],
    ['Guangzhou', 113.2644, 23.1291],
    ['Urumqi', 87.6168, 43.8256],
    ['Lhasa', 91.1409, 29.6456],
    ['Harbin', 126.535, 45.8038],
    ['Haikou', 110.3312, 20.0319],
  ])('shifts %s by 100–700 m and back', (_name, lon, lat) => {
    const gcj = fromWgs84(lon, lat, 'gcj02');
    expect(distanceM([lon, lat], gcj)).toBeGreaterThan(100);
    expect(distanceM([lon, lat], gcj)).toBeLessThan(700);
    expect(distanceM(toWgs84(gcj[0], gcj[1], 'gcj02'), [lon, lat])).toBeLessThan(0.2);
  });

  it.each([
    ['Tokyo', 139.6917, 35.6895],
    ['London', -0.1276, 51.5072],
    ['Sydney', 151.2093, -33.8688],
    ['New York', -74.006, 40.7128],
  ])('leaves %s, outside China, where it is', (_name, lon, lat) => {
    expect(fromWgs84(lon, lat, 'gcj02')).toEqual([lon, lat]);
    expect(toWgs84(lon, lat, 'gcj02')).toEqual([lon, lat]);
  });
});

describe('BD-09', () => {
  // References from wandergis/coordtransform's test/app.js: BD-09 ↔ GCJ-02 at (116.404, 39.915).
  it('matches coordtransform’s BD-09 → GCJ-02 reference through WGS-84', () => {
    const wgs = toWgs84(116.404, 39.915, 'bd09');
    expect(distanceM(fromWgs84(wgs[0], wgs[1], 'gcj02'), [116.39762729119315, 39.90865673957631])).toBeLessThan(0.3);
  });

  it('matches coordtransform’s GCJ-02 → BD-09 reference through WGS-84', () => {
    const wgs = toWgs84(116.404, 39.915, 'gcj02');
    expect(distanceM(fromWgs84(wgs[0], wgs[1], 'bd09'), [116.41036949371029, 39.92133699351021])).toBeLessThan(0.3);
  });

  it('puts Baidu’s Tiananmen about 1.1–1.4 km from WGS-84 and back', () => {
    const wgs = toWgs84(116.404, 39.915, 'bd09');
    expect(distanceM(wgs, [116.404, 39.915])).toBeGreaterThan(1100);
    expect(distanceM(wgs, [116.404, 39.915])).toBeLessThan(1400);
    expect(distanceM(fromWgs84(wgs[0], wgs[1], 'bd09'), [116.404, 39.915])).toBeLessThan(0.5);
  });
});

describe('crs checks', () => {
  it('wgs84 is the identity', () => expect(toWgs84(116.4, 39.9, 'wgs84')).toEqual([116.4, 39.9]));

  it('refuses an unknown crs and a point off the globe', () => {
    expect(() => toWgs84(116.4, 39.9, 'epsg3857' as Crs)).toThrow(expect.objectContaining({ kind: 'invalid', field: 'crs' }));
    expect(() => fromWgs84(116.4, 95, 'gcj02')).toThrow(AppError);
    expect(isCrs('bd09')).toBe(true);
    expect(isCrs('BD09')).toBe(false);
  });
});
