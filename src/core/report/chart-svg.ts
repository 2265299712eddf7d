import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { reportFontFamily } from './fonts.js';

/** An SVG drawing and its size in CSS pixels. */
export interface Svg {
  svg: string;
  width: number;
  height: number;
}

/** Renders an ECharts option to an SVG string on the server (ECharts' SSR: no DOM, no canvas). */
export function chartSvg(option: EChartsOption, { width = 640, height = 320 }: { width?: number; height?: number } = {}): Svg {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: reportFontFamily }, ...option });
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}

/** What a choropleth shows: the regions (GeoJSON with a `code` property), a value per code, how values become colours. */
export interface Choropleth {
  geojson: GeoJSON.FeatureCollection;
  /** Value per region code; a code without one (or null) is drawn as missing, never as zero. */
  values: Record<string, number | null>;
  /** The label of a region (its name); the code when absent. */
  names?: Record<string, string>;
  /** Colour classes from low to high values; with `reverse`, low is bad. */
  pieces?: { min?: number; max?: number; label: string; color: string }[];
  title?: string;
  missingLabel?: string;
  width?: number;
  height?: number;
}

let maps = 0;

/** A region map coloured by a value per region, rendered to SVG (missing values grey, with a legend). */
export function choroplethSvg({ geojson, values, names = {}, pieces, title, missingLabel = 'no data', width = 640, height = 480 }: Choropleth): Svg {
  const name = `citywork-report-${++maps}`;
  const features = geojson.features.map((f) => ({ ...f, properties: { ...f.properties, name: String(f.properties?.code ?? '') } }));
  echarts.registerMap(name, { type: 'FeatureCollection', features } as never);
  const present = Object.values(values).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const lo = present.length ? Math.min(...present) : 0;
  const hi = present.length ? Math.max(...present) : 1;
  const anyMissing = features.some((f) => typeof values[f.properties.name] !== 'number');
  const data = features.map((f) => {
    const code = f.properties.name;
    const v = values[code];
    const missing = v === null || v === undefined || !Number.isFinite(v);
    // '-' is ECharts' "no value": drawn in the grey of missing data, outside the colour scale.
    return missing ? { name: code, value: '-' as const, itemStyle: { areaColor: '#e0e0e0' } } : { name: code, value: v };
  });
  return chartSvg(
    {
      title: title || anyMissing ? { text: title ?? '', subtext: anyMissing ? `\u25A0 ${missingLabel}` : undefined, subtextStyle: { color: '#9e9e9e' }, left: 'center', textStyle: { fontSize: 14 } } : undefined,
      visualMap: pieces
        ? { type: 'piecewise', pieces, left: 8, bottom: 8, textStyle: { fontSize: 11 } }
        : { type: 'continuous', min: lo, max: hi === lo ? lo + 1 : hi, inRange: { color: ['#e3f2fd', '#0d47a1'] }, text: [fmt(hi), fmt(lo)], left: 8, bottom: 8, calculable: false, textStyle: { fontSize: 11 } },
      series: [
        {
          type: 'map',
          map: name,
          roam: false,
          top: title || anyMissing ? 48 : 8,
          bottom: 8,
          label: { show: true, fontSize: 9, formatter: (p: { name: string }) => names[p.name] ?? p.name },
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.8 },
          data,
        },
      ],
    },
    { width, height },
  );
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
