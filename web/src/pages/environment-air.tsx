import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { MapView } from '../components/map-view';
import { Chart } from '../components/chart';
import { Loading } from '../components/bits';
import { errorText } from '../errors';
import { districtBoundaries } from '../regions';
import { calendarOption, levelsByMonthOption, pm25Option, primaryOption, shareColour, type AirDay, type AirMonth, type ChartText } from './environment-air-charts';

interface Span {
  first: string | null;
  last: string | null;
  days: number;
}
interface Station extends Span {
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  lon: number;
  lat: number;
  simulated: boolean;
  approximate: boolean | null;
  uncertaintyM: number | null;
  dataset: string | null;
}
interface Region extends Span {
  code: string;
  name: string;
  nameEn: string | null;
  stations: string[];
}
interface Stations {
  stations: Station[];
  regions: Region[];
  notes: string[];
}
interface Summary extends Omit<AirMonth, 'month'> {
  goodDays: number;
  goodShare: number | null;
  exceedanceDays: number;
  primaryCounts: Record<string, number>;
  months: AirMonth[];
  notes: string[];
}

const pollutants: Record<string, string> = { pm25: 'PM2.5', pm10: 'PM10', so2: 'SO₂', no2: 'NO₂', co: 'CO', o3: 'O₃' };
const scopeQuery = (scope: string) => (scope.startsWith('region:') ? { region: scope.slice(7) } : { station: scope.startsWith('station:') ? scope.slice(8) : 'city' });

/** The latest year a span holds whole, else the year of its last day. */
export function defaultYear(span: Span | undefined): number | null {
  if (!span?.last || !span.first) return null;
  const last = Number(span.last.slice(0, 4));
  if (span.last.endsWith('-12-31')) return last;
  return last - 1 >= Number(span.first.slice(0, 4)) ? last - 1 : last;
}

/** 空气质量: the stations on the map, a station or region picker, and a year's daily AQI, days by level, PM2.5 and primary pollutants. */
export function EnvironmentAirPage() {
  const { t, pick, number, lang } = useI18n();
  const [data, setData] = useState<Stations | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [scope, setScope] = useState('city');
  const [year, setYear] = useState<number | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [days, setDays] = useState<AirDay[]>([]);
  const [shares, setShares] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Simulated stations that never reported are the demo pack's placeholders: not shown.
    api<Stations>('/api/environment/air/stations').then((r) => setData({ ...r, stations: r.stations.filter((s) => !s.simulated || s.days) }), (err) => setError(errorText(t, err)));
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, [t]);

  const city = data?.regions[0];
  const spanOf = (s: string): Span | undefined => (s === 'city' ? city : s.startsWith('region:') ? data?.regions.find((r) => `region:${r.code}` === s) : data?.stations.find((x) => `station:${x.id}` === s));
  const span = spanOf(scope);
  const years = useMemo(() => (span?.first && span.last ? Array.from({ length: Number(span.last.slice(0, 4)) - Number(span.first.slice(0, 4)) + 1 }, (_, i) => Number(span.first!.slice(0, 4)) + i) : []), [span?.first, span?.last]);
  useEffect(() => {
    if (year === null || !years.includes(year)) setYear(defaultYear(span));
  }, [span, years, year]);

  useEffect(() => {
    if (!year || !span?.days) return void (setSummary(null), setDays([]));
    const q = scopeQuery(scope);
    api<Summary>(`/api/environment/air/summary${qs({ ...q, year })}`).then(setSummary, (err) => setError(errorText(t, err)));
    api<{ days: AirDay[] }>(`/api/environment/air/daily${qs({ ...q, from: `${year}-01-01`, to: `${year}-12-31` })}`).then((r) => setDays(r.days), (err) => setError(errorText(t, err)));
  }, [scope, year, span?.days, t]);

  // Each station's share of good days in the year, for its colour on the map.
  useEffect(() => {
    if (!data || !year) return;
    const withData = data.stations.filter((s) => s.days);
    Promise.all(withData.map((s) => api<Summary>(`/api/environment/air/summary${qs({ station: s.id, year })}`).then((r) => [s.id, r.goodShare] as const, () => [s.id, null] as const))).then((xs) => setShares(Object.fromEntries(xs)));
  }, [data, year]);

  const points = useMemo<GeoJSON.FeatureCollection | null>(
    () =>
      data && {
        type: 'FeatureCollection',
        features: data.stations.map((s) => ({ type: 'Feature', id: s.id, properties: { id: s.id, fill: shareColour(shares[s.id]), radius: scope === `station:${s.id}` ? 10 : 7 }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } })),
      },
    [data, shares, scope],
  );
  const text: ChartText = useMemo(
    () => ({
      levels: [1, 2, 3, 4, 5, 6].map((l) => t(`air.level.${l}` as MessageKey)),
      noValid: t('air.noValid'),
      months: Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 1)))),
      pm25Limit: t('air.pm25Limit'),
    }),
    [t, lang],
  );

  if (!data) return <main id="main" className="page">{error ? <p className="form-error" role="alert">{error}</p> : <Loading />}</main>;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${number(x * 100, 1)}%`);
  const heavy = summary ? (summary.daysByLevel['5'] ?? 0) + (summary.daysByLevel['6'] ?? 0) : null;
  const selected = data.stations.find((s) => `station:${s.id}` === scope);

  return (
    <main id="main" className="page air">
      <div className="page-head">
        <h1>{t('air.title')}</h1>
        <div className="toolbar">
          <label>
            {t('air.scope')}{' '}
            <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="air-scope">
              <optgroup label={t('air.regions')}>
                {data.regions.map((r, i) => (
                  <option key={r.code} value={i === 0 ? 'city' : `region:${r.code}`}>
                    {pick(r.name, r.nameEn)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('air.stations')}>
                {data.stations.map((s) => (
                  <option key={s.id} value={`station:${s.id}`}>
                    {pick(s.name, s.nameEn)}
                    {s.code ? ` ${s.code}` : ''}
                    {s.simulated ? ` (${t('air.simulated')})` : ''}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label>
            {t('air.year')}{' '}
            <select value={year ?? ''} onChange={(e) => setYear(Number(e.target.value))} data-testid="air-year" disabled={!years.length}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!data.stations.some((s) => s.days) && <p className="muted" data-testid="air-empty">{t('air.none')}</p>}
      <section className="kpis" aria-label={t('air.figures', { year: year ?? '—' })} data-testid="air-kpis">
        <Kpi label={t('air.validDays')} value={number(summary?.validDays)} />
        <Kpi label={t('air.goodDays')} value={number(summary?.goodDays)} testid="air-good-days" />
        <Kpi label={t('air.goodShare')} value={pct(summary?.goodShare)} testid="air-good-share" />
        <Kpi label={t('air.exceedanceDays')} value={number(summary?.exceedanceDays)} />
        <Kpi label={t('air.heavyDays')} value={number(heavy)} />
        <Kpi label={t('air.meanPm25')} value={summary?.meanPm25 === null || summary?.meanPm25 === undefined ? '—' : `${number(summary.meanPm25, 1)} µg/m³`} testid="air-mean-pm25" />
      </section>
      <div className="air-grid">
        <section className="card">
          <h2>{t('air.mapTitle', { year: year ?? '—' })}</h2>
          <MapView geojson={geo} points={points} onPointSelect={(id) => setScope(`station:${id}`)} ariaLabel={t('air.mapAria')} unavailableText={t('map.unavailable')} className="map-large" />
          <ShareLegend />
          {selected && (
            <p className="muted small" data-testid="air-station-facts">
              {pick(selected.name, selected.nameEn)} {selected.code} · {selected.lon}, {selected.lat}
              {selected.approximate ? ` · ${t('air.approximate', { m: selected.uncertaintyM ?? '?' })}` : ''}
            </p>
          )}
        </section>
        <section className="card">
          <h2>{t('air.calendar', { year: year ?? '—' })}</h2>
          {year !== null && <Chart ariaLabel={t('air.calendar', { year })} height={210} option={calendarOption(year, days, text, lang)} />}
          <h2>{t('air.primary')}</h2>
          <Chart ariaLabel={t('air.primary')} height={200} option={primaryOption(summary?.primaryCounts ?? {}, pollutants)} />
        </section>
      </div>
      <div className="air-grid">
        <section className="card">
          <h2>{t('air.byLevel')}</h2>
          <Chart ariaLabel={t('air.byLevel')} height={280} option={levelsByMonthOption(summary?.months ?? [], text)} />
        </section>
        <section className="card">
          <h2>{t('air.pm25Monthly')}</h2>
          <Chart ariaLabel={t('air.pm25Monthly')} height={280} option={pm25Option(summary?.months ?? [], text)} />
        </section>
      </div>
      <details className="card air-notes">
        <summary>{t('air.notes')}</summary>
        <ul>
          {[...(summary?.notes ?? []), ...data.notes].map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </details>
    </main>
  );
}

function Kpi({ label, value, testid }: { label: string; value: string; testid?: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value" data-testid={testid}>
        {value}
      </strong>
    </div>
  );
}

function ShareLegend() {
  const { t } = useI18n();
  return (
    <div className="legend" aria-hidden="true">
      <span>{t('air.legendShare')}</span>
      {[0.1, 0.4, 0.6, 0.8, 0.9].map((x) => (
        <i key={x} style={{ background: shareColour(x) }} />
      ))}
      <span>30% · 50% · 70% · 85%</span>
      <i style={{ background: shareColour(null) }} />
      <span>{t('air.noData')}</span>
    </div>
  );
}
