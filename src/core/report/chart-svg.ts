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
  // A fresh instance per drawing: a reused one carries state over and repeats its element ids, which must differ within one HTML page.
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: reportFontFamily }, ...option });
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}
