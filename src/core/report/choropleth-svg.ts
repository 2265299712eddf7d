import { createHash } from 'node:crypto';
import * as echarts from 'echarts';
import { chartSvg, type Svg } from './chart-svg.js';
import { simplifyFeatures, toleranceFor } from './simplify.js';

/** What a choropleth shows: the regions (GeoJSON with a `code` property), a value per code, how values become colours. */
export interface Choropleth {
  geojson: GeoJSON.FeatureCollection;
  /** Value per region code; a code without one (or null) is drawn as missing, never as zero. */
  values: Record<string, number | null>;
  /** The label of a region (its name); the code when absent. */
  names?: Record<string, string>;
  /** Colour classes, matched against the values (or against `colourBy` when given). */
  pieces?: { min?: number; max?: number; label: string; color: string }[];
  /** What colours a region when not its value: a class per region (a status, say), matched against `pieces`. */
  colourBy?: Record<string, number | null>;
  /** Beside the map, the regions as bars sorted by value (largest first unless `ascending`), named and labelled with `format(value)`; the map then needs no labels. */
  bars?: { format?: (v: number) => string; ascending?: boolean };
  title?: string;
  missingLabel?: string;
  /** A region drawn with a dark outline: the one a report is about, among its siblings. */
  highlight?: string;
  width?: number;
  height?: number;
}

const missingGrey = '#e0e0e0';
const ramp = ['#cfe3f6', '#0d47a1'];

/**
 * A region map coloured by a value per region (missing grey, never zero), with its legend under
 * it, rendered to SVG; with `bars`, the regions' values as sorted bars beside the map, so small
 * regions' values are read there rather than crowded on the map.
 */
export function choroplethSvg({ geojson, values, names = {}, pieces, colourBy, bars, title, missingLabel = 'no data', highlight, width = 640, height = 480 }: Choropleth): Svg {
  const mapRight = bars ? Math.round(width * 0.5) : 8;
  const { map, codes } = prepared(geojson, highlight, width - mapRight - 8);
  const colourOf = colourBy ?? values;
  const present = Object.values(colourOf).filter(isNumber);
  const lo = present.length ? Math.min(...present) : 0;
  const hi = present.length ? Math.max(...present) : 1;
  const anyMissing = codes.some((c) => !isNumber(colourOf[c]));
  const outline = (code: string) => (code === highlight ? { borderColor: '#0b3d91', borderWidth: 2.5 } : {});
  // '-' is ECharts' "no value": drawn in the grey of missing data, outside the colour scale.
  const data = codes.map((code) => (isNumber(colourOf[code]) ? { name: code, value: colourOf[code], itemStyle: outline(code) } : { name: code, value: '-' as const, itemStyle: { areaColor: missingGrey, ...outline(code) } }));
  const top = title || anyMissing ? 44 : 8;
  const legendBottom = 4;
  const label = (code: string) => names[code] ?? code;
  const series: object[] = [
    {
      type: 'map',
      map,
      roam: false,
      left: 8,
      right: mapRight,
      top,
      bottom: 34,
      label: { show: !bars, fontSize: 9, lineHeight: 11, color: '#10253d', formatter: (p: { name: string }) => label(p.name) },
      // Small central regions crowd each other: a label that would overlap another is left out, never drawn over it.
      labelLayout: { hideOverlap: true },
      emphasis: { disabled: true },
      itemStyle: { borderColor: '#ffffff', borderWidth: 0.8 },
      data,
    },
  ];
  const extra: Record<string, unknown> = {};
  if (bars) {
    const format = bars.format ?? fmt;
    // Missing values last, whichever the order.
    const key = (code: string) => (isNumber(values[code]) ? (bars.ascending ? -values[code] : values[code]) : -Infinity);
    const sorted = [...codes].sort((a, b) => key(b) - key(a) || a.localeCompare(b));
    const colour = (code: string) => (isNumber(colourOf[code]) ? (pieces ? (pieceColour(pieces, colourOf[code]) ?? missingGrey) : mix(ramp[0]!, ramp[1]!, hi === lo ? 1 : (colourOf[code] - lo) / (hi - lo))) : missingGrey);
    extra.grid = { left: width - mapRight + 8, right: 44, top, bottom: 34, containLabel: true };
    extra.xAxis = { type: 'value', show: false };
    extra.yAxis = { type: 'category', inverse: true, data: sorted.map(label), axisTick: { show: false }, axisLine: { show: false }, axisLabel: { fontSize: 9, interval: 0, color: '#1f2933' } };
    series.push({
      type: 'bar',
      barMaxWidth: 12,
      data: sorted.map((code) => ({
        value: isNumber(values[code]) ? values[code] : 0,
        itemStyle: { color: colour(code), ...(code === highlight ? { borderColor: '#0b3d91', borderWidth: 1.5 } : {}) },
        label: { show: true, position: 'right', fontSize: 9, color: isNumber(values[code]) ? '#1f2933' : '#9e9e9e', formatter: () => (isNumber(values[code]) ? format(values[code]) : missingLabel) },
      })),
    });
  }
  const legend = { left: 8, bottom: legendBottom, orient: 'horizontal' as const, textStyle: { fontSize: 10 }, seriesIndex: 0 };
  return chartSvg(
    {
      title: title || anyMissing ? { text: title ?? '', subtext: anyMissing ? `\u25A0 ${missingLabel}` : undefined, subtextStyle: { color: '#9e9e9e', fontSize: 10 }, left: 8, textStyle: { fontSize: 13 } } : undefined,
      visualMap: pieces
        ? { type: 'piecewise' as const, pieces, itemWidth: 14, itemHeight: 10, ...legend }
        : { type: 'continuous' as const, min: lo, max: hi === lo ? lo + 1 : hi, inRange: { color: ramp }, text: [fmt(hi), fmt(lo)], calculable: false, itemWidth: 10, itemHeight: 90, ...legend },
      series: series as never,
      ...extra,
    },
    { width, height },
  );
}

// A report draws the same regions many times: their simplified, registered drawing is kept per boundaries object.
const drawings = new WeakMap<GeoJSON.FeatureCollection, Map<string, { map: string; codes: string[] }>>();

// The regions named by code, the highlighted one last (so its neighbours' borders do not cover its outline), the rings no
// finer than the drawing; registered once per distinct drawing, as ECharts keeps registered maps for the life of the process.
function prepared(geojson: GeoJSON.FeatureCollection, highlight: string | undefined, widthPx: number): { map: string; codes: string[] } {
  const key = `${highlight ?? ''}|${widthPx}`;
  const cached = drawings.get(geojson)?.get(key);
  if (cached) return cached;
  const named = geojson.features
    .map((f) => ({ ...f, properties: { ...f.properties, name: String(f.properties?.code ?? '') } }))
    .sort((a, b) => Number(a.properties.name === highlight) - Number(b.properties.name === highlight));
  const features = simplifyFeatures(named, toleranceFor(named, widthPx));
  const map = `citywork-${createHash('sha1').update(JSON.stringify(features)).digest('hex').slice(0, 16)}`;
  if (!echarts.getMap(map)) echarts.registerMap(map, { type: 'FeatureCollection', features } as never);
  const out = { map, codes: features.map((f) => f.properties.name) };
  drawings.set(geojson, (drawings.get(geojson) ?? new Map()).set(key, out));
  return out;
}

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function pieceColour(pieces: NonNullable<Choropleth['pieces']>, v: number): string | undefined {
  return pieces.find((p) => (p.min === undefined || v >= p.min) && (p.max === undefined || v <= p.max))?.color;
}

// The colour a share t (0…1) of the way from a to b (#rrggbb), as the continuous legend draws it.
function mix(a: string, b: string, t: number): string {
  const c = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2].map((i) => Math.round(c(a, i) + (c(b, i) - c(a, i)) * t).toString(16).padStart(2, '0')).join('')}`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
