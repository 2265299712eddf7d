import { describe, expect, it } from 'vitest';
import { assetPlace, parseBbox } from './asset-geometry.js';

describe('assetPlace', () => {
  it('boxes a point asset on its point', () => {
    expect(assetPlace(116.4, 39.9)).toEqual({ lon: 116.4, lat: 39.9, geometry: null, bbox: [116.4, 39.9, 116.4, 39.9] });
  });

  it('boxes a pipe segment around its line and its point', () => {
    const line = { type: 'LineString' as const, coordinates: [[116.40, 39.90], [116.42, 39.91]] };
    expect(assetPlace(116.41, 39.905, line).bbox).toEqual([116.4, 39.9, 116.42, 39.91]);
  });

  it('refuses a point far from its shape, and a bad coordinate, naming the field', () => {
    const line = { type: 'LineString' as const, coordinates: [[116.40, 39.90], [116.42, 39.91]] };
    expect(() => assetPlace(117, 39.905, line)).toThrow(/far from/);
    expect(() => assetPlace(200, 39.9)).toThrow(expect.objectContaining({ field: 'lon' }));
    expect(() => assetPlace(116.4, 39.9, { type: 'LineString', coordinates: [[116.4, 95], [116.4, 39]] })).toThrow(expect.objectContaining({ field: 'geometry.coordinates[0]' }));
  });
});

describe('parseBbox', () => {
  it('reads west,south,east,north', () => {
    expect(parseBbox('116.3, 39.8,116.5,40')).toEqual([116.3, 39.8, 116.5, 40]);
  });

  it.each(['1,2,3', 'a,b,c,d', '116.5,39.8,116.3,40', '116,39.8,190,40'])('refuses %s', (text) => {
    expect(() => parseBbox(text)).toThrow(expect.objectContaining({ field: 'bbox' }));
  });
});
