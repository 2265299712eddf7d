import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { choroplethSvg } from './index.js';
import { fontSafe, haloless } from './pdf-safe.js';

const boundaries = JSON.parse(readFileSync(path.resolve('packs/beijing/regions/boundaries.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
const districts: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: boundaries.features.filter((f) => f.properties?.level === 'district' && String(f.properties?.code).startsWith('1101')) };
const codes = districts.features.map((f) => String(f.properties!.code));
const points = (svg: string) => [...svg.matchAll(/<path d="([^"]*)"/g)].reduce((n, m) => n + m[1]!.split(/[ML]/).length, 0);

describe('a choropleth with bars', () => {
  const values = Object.fromEntries(codes.map((c, i) => [c, i === 3 ? null : i * 10]));
  const names = Object.fromEntries(codes.map((c, i) => [c, `区${i}`]));

  it('lists the regions beside the map, best first, missing last and named so', () => {
    const { svg } = choroplethSvg({ geojson: districts, values, names, bars: { format: (v) => `${v} 分` }, missingLabel: '缺数据', width: 640, height: 320 });
    const labels = [...svg.matchAll(/>(区\d+)</g)].map((m) => m[1]);
    expect(labels[0]).toBe(`区${codes.length - 1}`);
    expect(labels.at(-1)).toBe('区3');
    expect(svg).toContain(`${(codes.length - 1) * 10} 分`);
    expect(svg).toContain('缺数据');
    const ascending = choroplethSvg({ geojson: districts, values, names, bars: { ascending: true }, width: 640, height: 320 }).svg;
    expect([...ascending.matchAll(/>(区\d+)</g)].map((m) => m[1])[0]).toBe('区0');
  });

  it('colours by a class given apart from the value, and outlines the region it is about', () => {
    const colourBy = Object.fromEntries(codes.map((c, i) => [c, i % 2]));
    const pieces = [{ min: 0, max: 0, label: '达标', color: '#66bb6a' }, { min: 1, max: 1, label: '未达标', color: '#e57373' }];
    const { svg } = choroplethSvg({ geojson: districts, values, colourBy, pieces, highlight: codes[5], bars: {} });
    expect(svg.toLowerCase()).toContain('#66bb6a');
    expect(svg.toLowerCase()).toContain('#e57373');
    expect(svg).toContain('stroke="#0b3d91"');
  });

  it('draws no finer than the picture: a small map has far fewer points than the boundaries', () => {
    const total = districts.features.reduce((n, f) => n + JSON.stringify(f.geometry).split('],[').length, 0);
    const small = choroplethSvg({ geojson: districts, values, width: 200, height: 200 }).svg;
    expect(points(small)).toBeLessThan(total / 3);
  });

  it('keeps chart labels readable in the PDF: their white halo is dropped, not painted over them', () => {
    const text = '<text dominant-baseline="central" style="font-size:9px;" fill="#333" stroke="rgb(255,255,255)" stroke-width="2" paint-order="stroke" stroke-miterlimit="2">6.77</text>';
    expect(haloless(`<svg>${text}<path stroke="#fff" d="M0 0L1 1"/></svg>`)).toBe('<svg><text dominant-baseline="central" style="font-size:9px;" fill="#333">6.77</text><path stroke="#fff" d="M0 0L1 1"/></svg>');
  });

  it('writes what the report font lacks plainly in the PDF: NO₂ as NO2, m² as it is', () => {
    expect(fontSafe('二氧化氮(NO₂) µg/m³, m², x⁵')).toBe('二氧化氮(NO2) µg/m³, m², x5');
  });
});
