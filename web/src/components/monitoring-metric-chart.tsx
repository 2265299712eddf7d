import { useEffect, useMemo, useState } from 'react';
import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { LineChart } from 'echarts/charts';
import { LegendComponent, MarkLineComponent } from 'echarts/components';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { errorText } from '../errors';
import { Chart } from './chart';
import { severityColour, type Threshold } from './monitoring-data';

// Line charts with threshold lines, besides what chart.tsx registers.
echarts.use([LineChart, MarkLineComponent, LegendComponent]);

export type Period = '24h' | '7d';

const hm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
const mdhm = new Intl.DateTimeFormat('en-GB', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
// A time as Beijing reads it: 14:05, or 07/15 14:05 with the date.
const beijing = (v: string | number, withDate: boolean) => (withDate ? mdhm : hm).format(new Date(v));
type RawPoint = { ts: string; value: number };
type HourPoint = { ts: string; min: number; max: number; avg: number; count: number };
interface Readings {
  resolution: 'raw' | 'hour';
  series: { metric: string; unit: string | null; points: (RawPoint | HourPoint)[]; truncated: boolean }[];
}

/** One metric of one device over the last 24 h (every reading) or 7 days (hourly min/avg/max), with the rule's thresholds as lines. */
export function MetricChart({ deviceId, metric, label, unit, period, thresholds, refreshKey = 0 }: { deviceId: string; metric: string; label: string; unit: string | null; period: Period; thresholds: Threshold[]; refreshKey?: number }) {
  const { t, pick, lang } = useI18n();
  const [data, setData] = useState<Readings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    const to = new Date();
    const from = new Date(to.getTime() - (period === '24h' ? 24 : 7 * 24) * 3_600_000);
    const url = (resolution: 'raw' | 'hour') => `/api/monitoring/devices/${encodeURIComponent(deviceId)}/readings${qs({ metric, from: from.toISOString(), to: to.toISOString(), resolution, limit: resolution === 'raw' ? 20_000 : undefined })}`;
    (async () => {
      let r = await api<Readings>(url(period === '24h' ? 'raw' : 'hour'));
      // More readings than a chart takes: the hourly series, complete to the last reading.
      if (r.series[0]?.truncated) r = await api<Readings>(url('hour'));
      if (!stale) {
        setData(r);
        setError(null);
      }
    })().catch((err) => !stale && setError(errorText(t, err)));
    return () => {
      stale = true;
    };
  }, [deviceId, metric, period, refreshKey, t]);

  const points = data?.series[0]?.points ?? [];
  const option = useMemo<EChartsOption>(() => {
    const hourly = data?.resolution === 'hour';
    const values = points.flatMap((p) => ('value' in p ? [p.value] : [p.min, p.max]));
    const above = thresholds.filter((x) => !x.below).map((x) => x.value);
    const below = thresholds.filter((x) => x.below).map((x) => x.value);
    // Show the first level on each side, so the way to an alarm is visible; the rest as the data nears them.
    const hi = Math.max(...values, ...(above.length ? [Math.min(...above) * 1.05] : []));
    const lo = Math.min(...values, ...(below.length ? [Math.max(...below) * 0.95] : []));
    const markLine = thresholds.length
      ? { symbol: 'none', silent: true, data: thresholds.map((x) => ({ yAxis: x.value, lineStyle: { color: severityColour[x.severity], type: 'dashed' as const }, label: { formatter: `${x.name ? pick(x.name.zh, x.name.en) : x.severity} ${x.value}`, color: severityColour[x.severity], position: 'insideEndTop' as const } })) }
      : undefined;
    const line = (name: string, data: [string, number][], extra: Record<string, unknown> = {}) => ({ type: 'line' as const, name, data, showSymbol: data.length < 60, ...extra });
    return {
      grid: { left: 56, right: 24, top: 30, bottom: 30 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const list = ps as { marker: string; seriesName: string; value: [string, number] }[];
          return [beijing(list[0]?.value[0] ?? '', true), ...list.map((p) => `${p.marker}${p.seriesName} ${p.value[1]}${unit ? ` ${unit}` : ''}`)].join('<br/>');
        },
      },
      legend: hourly ? { top: 0, right: 0 } : undefined,
      // Beijing time, as everywhere in the console, whatever the browser's zone.
      xAxis: { type: 'time', axisLabel: { formatter: (v: number) => beijing(v, period === '7d') } },
      yAxis: { type: 'value', name: unit ?? '', scale: true, max: Number.isFinite(hi) ? (v: { max: number }) => Math.max(v.max, hi) : undefined, min: Number.isFinite(lo) ? (v: { min: number }) => Math.min(v.min, lo) : undefined },
      series: hourly
        ? [
            line(t('monitoring.chart.avg'), points.map((p) => [p.ts, (p as HourPoint).avg]), { markLine }),
            line(t('monitoring.chart.max'), points.map((p) => [p.ts, (p as HourPoint).max]), { lineStyle: { width: 1, type: 'dotted' } }),
            line(t('monitoring.chart.min'), points.map((p) => [p.ts, (p as HourPoint).min]), { lineStyle: { width: 1, type: 'dotted' } }),
          ]
        : [line(label, points.map((p) => [p.ts, (p as RawPoint).value]), { markLine })],
    } as EChartsOption;
  }, [points, data, thresholds, unit, label, pick, t, period]);

  return (
    <figure className="metric-chart" data-testid="metric-chart" data-metric={metric} data-device={deviceId} data-points={points.length} data-resolution={data?.resolution ?? ''}>
      <figcaption>
        <strong>{label}</strong> {unit && <span className="muted">({unit})</span>} <span className="mono muted small">{deviceId}</span>
        {data?.resolution === 'hour' && period === '24h' && <span className="muted small"> · {t('monitoring.chart.hourlyFallback')}</span>}
      </figcaption>
      {error && <p className="form-error" role="alert">{error}</p>}
      {data && points.length === 0 && <p className="muted small">{t('monitoring.chart.noData')}</p>}
      {data && points.length > 0 && <Chart option={option} height={220} ariaLabel={t('monitoring.chart.aria', { metric: label, period: t(period === '24h' ? 'monitoring.period.24h' : 'monitoring.period.7d') })} key={lang} />}
    </figure>
  );
}
