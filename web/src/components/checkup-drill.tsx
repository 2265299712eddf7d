import { useEffect, useMemo, useState } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { errorText } from '../errors';
import { Chart } from './chart';
import { MapView } from './map-view';
import { Loading } from './bits';
import { useFigure, useStandardRule, useUnitValue } from './checkup-indicators';
import type { EvaluatedIndicator } from './checkup-tasks';

// The trend is a line with its standard: added to what the console's charts register.
echarts.use([LineChart, MarkLineComponent]);

interface Across {
  of: 'children' | 'siblings' | null;
  parent: string | null;
  highlight: string | null;
  units: { code: string; name: string; nameEn: string | null; value: number | null; sample: boolean; status: 'met' | 'near' | 'not_met' | null }[];
}

const statusFill = { met: '#66bb6a', near: '#ffb74d', not_met: '#e57373' };
const ramp = ['#e3f2fd', '#90caf9', '#42a5f5', '#1e88e5', '#0d47a1'];
const missingFill = '#d7dde4';
const boundaries = new Map<string, Promise<GeoJSON.FeatureCollection>>();

/** An indicator drilled into: its map over the region's children (or its siblings, the region outlined), their values, and its years as a line. */
export function CheckupDrill({ region, year, indicator, onRegion, onClose }: { region: string; year: number; indicator: EvaluatedIndicator; onRegion: (code: string) => void; onClose: () => void }) {
  const { t, pick } = useI18n();
  const figure = useFigure();
  const withUnit = useUnitValue();
  const rule = useStandardRule();
  const [across, setAcross] = useState<Across | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setAcross(null);
    api<Across>(`/api/checkup/across${qs({ region, year, indicator: indicator.code })}`).then(
      (a) => {
        setAcross(a);
        if (!a.parent) return setGeo({ type: 'FeatureCollection', features: [] });
        if (!boundaries.has(a.parent)) boundaries.set(a.parent, api<GeoJSON.FeatureCollection>(`/api/regions/geojson${qs({ parent: a.parent })}`));
        const codes = new Set(a.units.map((u) => u.code));
        boundaries.get(a.parent)!.then((g) => setGeo({ ...g, features: g.features.filter((f) => codes.has(String(f.properties?.code))) }), (err) => setError(errorText(t, err)));
      },
      (err) => setError(errorText(t, err)),
    );
  }, [region, year, indicator.code, t]);

  const fill = useMemo(() => {
    const values = (across?.units ?? []).map((u) => u.value).filter((v): v is number => v !== null);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return Object.fromEntries((across?.units ?? []).map((u) => [u.code, u.value === null ? missingFill : u.status ? statusFill[u.status] : ramp[hi > lo ? Math.min(4, Math.floor(((u.value - lo) / (hi - lo)) * 4.999)) : 2]!]));
  }, [across]);
  const labels = useMemo(() => Object.fromEntries((across?.units ?? []).map((u) => [u.code, `${pick(u.name, u.nameEn)} ${u.value === null ? '—' : figure(u.value)}`])), [across, pick, figure]);
  const s = indicator.standard;
  const lines = s ? (indicator.direction === 'within' ? [s.lower, s.upper] : [s.target]).filter((v): v is number => v !== null) : [];

  return (
    <section className="card checkup-drill" aria-live="polite" data-testid="checkup-drill">
      <div className="page-head">
        <h2>
          <span className="mono">{indicator.code}</span> {pick(indicator.name.zh, indicator.name.en)} · {t('checkup.drill.standard')} {rule(indicator)}
        </h2>
        <button type="button" onClick={onClose}>{t('checkup.drill.close')}</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="checkup-drill-grid">
        <div>
          <h3>{across?.of ? t(`checkup.drill.${across.of}` as MessageKey, { year }) : t('checkup.drill.map', { year })}</h3>
          {!across ? (
            <Loading />
          ) : across.units.length === 0 ? (
            <p className="muted">{t('checkup.drill.noMap')}</p>
          ) : (
            <>
              <MapView geojson={geo} fill={fill} labels={labels} highlight={across.highlight} onSelect={onRegion} className="map-large" ariaLabel={t('checkup.drill.mapAria', { indicator: pick(indicator.name.zh, indicator.name.en) })} unavailableText={t('map.unavailable')} />
              <p className="legend small">
                {s ? (['met', 'near', 'not_met'] as const).map((st) => <span key={st}><i style={{ background: statusFill[st] }} /> {t(`checkup.status.${st}` as MessageKey)}</span>) : t('checkup.drill.byValue')}
                <span><i style={{ background: missingFill }} /> {t('checkup.status.missing')}</span>
              </p>
              <table className="small" data-testid="drill-units">
                <tbody>
                  {across.units.map((u) => (
                    <tr key={u.code} className={u.code === across.highlight ? 'selected' : ''}>
                      <th scope="row">{pick(u.name, u.nameEn)}</th>
                      <td className="num">{u.value === null ? <span className="muted">{t('checkup.status.missing')}</span> : withUnit(u.value, indicator.unit)}{u.sample && <span className="badge sample">{t('checkup.sample')}</span>}</td>
                      <td>{u.status && <span className={`badge checkup-${u.status}`}>{t(`checkup.status.${u.status}` as MessageKey)}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div>
          <h3>{t('checkup.drill.trend')}</h3>
          {indicator.series.length === 0 ? (
            <p className="muted">{t('checkup.drill.noSeries')}</p>
          ) : (
            <Chart
              ariaLabel={t('checkup.drill.trend')}
              height={260}
              option={{
                grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: indicator.series.map((p) => String(p.year)) },
                // The standard stays in view, however far the values are from it.
                yAxis: { type: 'value', scale: true, name: indicator.unit, min: (v: { min: number }) => Math.min(v.min, ...lines), max: (v: { max: number }) => Math.max(v.max, ...lines) },
                tooltip: { trigger: 'axis' },
                series: [
                  {
                    type: 'line',
                    data: indicator.series.map((p) => p.value),
                    label: { show: true },
                    markLine: lines.length ? { symbol: 'none', lineStyle: { color: '#2e7d32', type: 'dashed' }, label: { formatter: t('checkup.drill.standard') }, data: lines.map((y) => ({ yAxis: y })) } : undefined,
                  },
                ],
              }}
            />
          )}
        </div>
      </div>
    </section>
  );
}
