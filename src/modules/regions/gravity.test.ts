import { describe, expect, it } from 'vitest';
import { gravityLinkage, greatCircleKm } from './gravity.js';

describe('great-circle distance', () => {
  it('is about 111.195 km per degree along a meridian', () => expect(greatCircleKm(116, 39, 116, 40)).toBeCloseTo(111.195, 2));
  it('Beijing (Tiananmen) to Shanghai (People\'s Square) is about 1,067 km', () => expect(greatCircleKm(116.3975, 39.9087, 121.4737, 31.2304)).toBeCloseTo(1067, -1));
  it('is zero from a point to itself', () => expect(greatCircleKm(116, 39, 116, 39)).toBe(0));
});

describe('gravity-model linkage', () => {
  // Three cities on the equator, 1° (111.195 km) apart: masses 100, 50, 10.
  const d = greatCircleKm(0, 0, 1, 0);
  const cities = [
    { code: 'A', lon: 0, lat: 0, mass: 100 },
    { code: 'B', lon: 1, lat: 0, mass: 50 },
    { code: 'C', lon: 2, lat: 0, mass: 10 },
  ];

  it('computes k·Mi·Mj / d^b for every pair, strongest first', () => {
    const { links } = gravityLinkage(cities);
    expect(links.map((l) => `${l.a}-${l.b}`)).toEqual(['A-B', 'B-C', 'A-C']);
    expect(links[0]!.strength).toBeCloseTo((100 * 50) / d ** 2, 9);
    expect(links[1]!.strength).toBeCloseTo((50 * 10) / d ** 2, 9);
    expect(links[2]!.strength).toBeCloseTo((100 * 10) / (2 * d) ** 2, 9);
  });

  it('takes the distance exponent and constant as options', () => {
    const { links } = gravityLinkage(cities, { exponent: 1, k: 2 });
    expect(links.find((l) => l.a === 'A' && l.b === 'C')!.strength).toBeCloseTo((2 * 100 * 10) / (2 * d), 9);
  });

  it('ranks cities by weighted degree and gives shares that sum to 1', () => {
    const { centrality } = gravityLinkage(cities);
    expect(centrality.map((c) => c.code)).toEqual(['B', 'A', 'C']);
    expect(centrality.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
    const ab = 5000 / d ** 2;
    const bc = 500 / d ** 2;
    expect(centrality[0]!.strength).toBeCloseTo(ab + bc, 9);
  });

  it('keeps the top links only when asked', () => expect(gravityLinkage(cities, { top: 1 }).links).toHaveLength(1));
  it('refuses two cities at one place, and a non-positive exponent', () => {
    expect(() => gravityLinkage([cities[0]!, { ...cities[0]!, code: 'Z' }])).toThrow(/same place/);
    expect(() => gravityLinkage(cities, { exponent: 0 })).toThrow(RangeError);
  });
});
