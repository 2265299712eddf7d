import { chartSvg, type Svg } from '../../../core/report/index.js';
import type { EvaluatedIndicator, IndicatorStatus, TaskEvaluation } from '../evaluate.js';
import { num } from './report-format.js';
import { pick, statusNames, wordsOf, type ReportLang } from './report-text.js';

// The bars' groups of statuses, coloured as the tables are (stronger, for small areas).
const groups: { statuses: IndicatorStatus[]; color: string; name: (lang: ReportLang) => string }[] = [
  { statuses: ['met'], color: '#43a047', name: (l) => pick(statusNames.met, l) },
  { statuses: ['near'], color: '#fb8c00', name: (l) => pick(statusNames.near, l) },
  { statuses: ['not_met'], color: '#e53935', name: (l) => pick(statusNames.not_met, l) },
  { statuses: ['context', 'no_standard'], color: '#90a4ae', name: (l) => `${pick(statusNames.context, l)} / ${pick(statusNames.no_standard, l)}` },
  { statuses: ['missing', 'no_provider'], color: '#d5dbe1', name: (l) => pick(statusNames.missing, l) },
];

/** The seven tasks' indicators by status, as stacked bars: the checkup at a glance. */
export function statusBars(tasks: readonly TaskEvaluation[], lang: ReportLang): Svg {
  return chartSvg(
    {
      legend: { top: 4, left: 'center', itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 24, top: 34, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'category', inverse: true, data: tasks.map((t) => pick(t.name, lang)), axisLabel: { fontSize: 11 } },
      series: groups.map((g) => ({
        type: 'bar' as const,
        stack: 'all',
        name: g.name(lang),
        barWidth: 18,
        itemStyle: { color: g.color },
        label: { show: true, fontSize: 10, color: '#1f2933', formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
        data: tasks.map((t) => g.statuses.reduce((s, st) => s + t.counts[st], 0)),
      })),
    },
    { width: 640, height: 60 + tasks.length * 30 },
  );
}

/**
 * Indicators' values over the years as small line charts in one drawing, three to a row, each
 * titled with its indicator and unit and its standard as a dashed line (one drawing, not one
 * per indicator: a report has dozens of them).
 */
export function trendPanel(indicators: readonly EvaluatedIndicator[], lang: ReportLang): Svg {
  const perRow = 3;
  const cellW = 240;
  const cellH = 170;
  const cells = indicators.map((i, n) => {
    const s = i.standard;
    const lines = s ? (i.direction === 'within' ? [s.lower, s.upper] : [s.target]).filter((v): v is number => v !== null) : [];
    const values = i.series.map((p) => p.value);
    const [min, max, step] = niceRange(Math.min(...values, ...lines), Math.max(...values, ...lines));
    const left = (n % perRow) * cellW;
    const top = Math.floor(n / perRow) * cellH;
    return { i, lines, values, min, max, step, left, top };
  });
  const standard = wordsOf(lang).standard;
  return chartSvg(
    {
      title: cells.map((c) => ({ text: `${c.i.code} ${pick(c.i.name, lang)}`, subtext: c.i.unit, left: c.left + 6, top: c.top + 2, itemGap: 2, textStyle: { fontSize: 11, fontWeight: 'bold', width: cellW - 14, overflow: 'truncate' }, subtextStyle: { fontSize: 9, color: '#607d8b' } })),
      grid: cells.map((c) => ({ left: c.left + 8, top: c.top + 40, width: cellW - 36, height: cellH - 66, containLabel: true })),
      xAxis: cells.map((c, n) => ({ gridIndex: n, type: 'category' as const, data: c.i.series.map((p) => String(p.year)), axisLabel: { fontSize: 9 } })),
      yAxis: cells.map((c, n) => ({ gridIndex: n, type: 'value' as const, min: c.min, max: c.max, interval: c.step, axisLabel: { fontSize: 9, formatter: (v: number) => num(v, lang) } })),
      series: cells.map((c, n) => ({
        type: 'line' as const,
        xAxisIndex: n,
        yAxisIndex: n,
        data: c.values,
        symbolSize: 5,
        lineStyle: { color: '#1565c0', width: 2 },
        itemStyle: { color: '#1565c0' },
        label: { show: c.values.length <= 6, fontSize: 9, formatter: (p: { value: unknown }) => num(Number(p.value), lang) },
        markLine: c.lines.length ? { symbol: 'none', silent: true, lineStyle: { color: '#2e7d32', type: 'dashed' as const }, label: { fontSize: 8, position: 'insideEndTop' as const, formatter: standard }, data: c.lines.map((y) => ({ yAxis: y })) } : undefined,
      })),
    },
    { width: perRow * cellW, height: Math.ceil(cells.length / perRow) * cellH },
  );
}

/** A range from lo to hi widened to round numbers (1, 2, 5 × 10ⁿ steps), with a little air; the step last. */
export function niceRange(lo: number, hi: number): [number, number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1, 0.25];
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const min = Math.floor((lo - span * 0.05) / step) * step;
  const max = Math.ceil((hi + span * 0.05) / step) * step;
  // Shares, counts and amounts do not go below 0 unless the data does.
  return [lo >= 0 && min < 0 ? 0 : min, max, step];
}
