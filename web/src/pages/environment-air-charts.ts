import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { HeatmapChart } from 'echarts/charts';
import { CalendarComponent, LegendComponent, MarkLineComponent, VisualMapComponent } from 'echarts/components';

// What the air page draws beyond the console's bars: a calendar heatmap, a legend, a limit line.
echarts.use([HeatmapChart, CalendarComponent, VisualMapComponent, LegendComponent, MarkLineComponent]);

/** The six AQI levels' colours (HJ 633-2012 表2: 绿 0,228,0; 黄 255,255,0; 橙 255,126,0; 红 255,0,0; 紫 153,0,76; 褐红 126,0,35). */
export const levelColours = ['#00e400', '#ffff00', '#ff7e00', '#ff0000', '#99004c', '#7e0023'] as const;
/** The AQI range of each level (HJ 633-2012 表2). */
export const levelRanges: [number, number][] = [[0, 50], [51, 100], [101, 150], [151, 200], [201, 300], [301, 500]];
const noValid = '#cfd8dc';

export interface AirDay {
  date: string;
  valid: boolean;
  aqi: number | null;
  level: number | null;
  category: string | null;
  primary: string[];
}

export interface AirMonth {
  month: number;
  days: number;
  validDays: number;
  daysByLevel: Record<string, number>;
  meanPm25: number | null;
  pm25Days: number;
}

export interface ChartText {
  levels: string[];
  noValid: string;
  months: string[];
  pm25Limit: string;
}

/** A year's daily AQI as a calendar, each day in its level's colour; days without a valid AQI grey. */
export function calendarOption(year: number, days: readonly AirDay[], text: ChartText, lang: string): EChartsOption {
  return {
    tooltip: { formatter: (p: any) => (p.value[1] < 0 ? `${p.value[0]}: ${text.noValid}` : `${p.value[0]}: AQI ${p.value[1]}`) },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 12,
      itemHeight: 10,
      pieces: [{ lt: 0, color: noValid, label: text.noValid }, ...levelRanges.map(([min, max], i) => ({ gte: min, lte: i === 5 ? 100_000 : max, color: levelColours[i], label: text.levels[i] }))],
    },
    calendar: {
      range: String(year),
      top: 28,
      left: 36,
      right: 12,
      bottom: 48,
      cellSize: ['auto', 13],
      splitLine: { lineStyle: { color: '#90a4ae', width: 1 } },
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
      dayLabel: { nameMap: lang === 'en' ? 'EN' : 'ZH', fontSize: 10 },
      monthLabel: { nameMap: lang === 'en' ? 'EN' : 'ZH', fontSize: 11 },
      yearLabel: { show: false },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: days.filter((d) => d.date.startsWith(`${year}-`)).map((d) => [d.date, d.valid && d.aqi !== null ? d.aqi : -1]) }],
  };
}

/** Days of each level per month, stacked, with the days that had data but no valid AQI on top. */
export function levelsByMonthOption(months: readonly AirMonth[], text: ChartText): EChartsOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 8, top: 10, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: text.months },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...levelColours.map((colour, i) => ({ name: text.levels[i], type: 'bar' as const, stack: 'days', itemStyle: { color: colour, borderColor: '#607d8b', borderWidth: 0.3 }, data: months.map((m) => m.daysByLevel[String(i + 1)] ?? 0) })),
      { name: text.noValid, type: 'bar' as const, stack: 'days', itemStyle: { color: noValid }, data: months.map((m) => m.days - m.validDays) },
    ],
  };
}

/** The monthly mean PM2.5 against GB 3095-2012's grade II annual limit (35 µg/m³). */
export function pm25Option(months: readonly AirMonth[], text: ChartText): EChartsOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: any) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)} µg/m³`) },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: text.months },
    yAxis: { type: 'value', name: 'µg/m³' },
    series: [
      {
        type: 'bar',
        data: months.map((m) => (m.meanPm25 === null ? null : Math.round(m.meanPm25 * 10) / 10)),
        itemStyle: { color: '#5c6bc0' },
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c62828', type: 'dashed' }, label: { formatter: text.pm25Limit, position: 'insideEndTop' }, data: [{ yAxis: 35 }] },
      },
    ],
  };
}

/** The days each pollutant was primary, most first. */
export function primaryOption(counts: Record<string, number>, names: Record<string, string>): EChartsOption {
  const rows = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map(([p]) => names[p] ?? p) },
    series: [{ type: 'bar', data: rows.map(([, n]) => n), itemStyle: { color: '#ef6c00' } }],
  };
}

/** A station's colour on the map by its share of good days: red below 30 %, to green from 85 %; grey without data. */
export function shareColour(share: number | null | undefined): string {
  if (share === null || share === undefined) return '#90a4ae';
  const steps: [number, string][] = [[0.85, '#2e7d32'], [0.7, '#9ccc65'], [0.5, '#fdd835'], [0.3, '#fb8c00']];
  return steps.find(([min]) => share >= min)?.[1] ?? '#c62828';
}
