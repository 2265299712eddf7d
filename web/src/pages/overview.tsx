import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { MapView } from '../components/map-view';
import { Chart } from '../components/chart';
import { Loading } from '../components/bits';
import { useLive } from '../live';
import { errorText } from '../errors';
import { Link } from '../router';

interface Unit {
  code: string;
  name: string;
  nameEn: string | null;
  open: number;
  overdue: number;
  today: number;
  recent: number;
  population: number | null;
  per10k: number | null;
}
interface Overview {
  asOf: string;
  windowDays: number;
  scope: { code: string; name: string; nameEn: string | null };
  unitParent: string;
  units: Unit[];
  totals: { open: number; overdue: number; today: number; recent: number; unlocated: number };
  topCategories: { code: string; name: string; nameEn: string; count: number }[];
}
interface Rate {
  rate: number | null;
}
interface Assessment {
  total: { response: Rate; resolution: Rate; satisfaction: Rate; composite: number | null } | null;
}

const measures = ['open', 'overdue', 'per10k', 'today'] as const;
type Measure = (typeof measures)[number];
const palette = ['#e3f2fd', '#90caf9', '#42a5f5', '#1e88e5', '#0d47a1'];

/** The month (YYYY-MM) in Beijing time. */
export function currentMonth(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** 一屏观全域: the district map by a chosen measure, the day's figures, the month's 三率, top categories; live. */
export function OverviewPage() {
  const { t, pick, number, dateTime } = useI18n();
  const [measure, setMeasure] = useState<Measure>('open');
  const [district, setDistrict] = useState<string | null>(null);
  const [city, setCity] = useState<Overview | null>(null);
  const [streets, setStreets] = useState<Overview | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [rates, setRates] = useState<Assessment['total']>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const c = await api<Overview>('/api/hotline/overview');
      setCity(c);
      setError(null);
      if (district) setStreets(await api<Overview>(`/api/hotline/overview${qs({ parent: district })}`));
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [district, t]);

  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (!district) setStreets(null);
  }, [district]);
  useEffect(() => {
    if (!city || geo) return;
    api<GeoJSON.FeatureCollection>(`/api/regions/geojson${qs({ parent: city.unitParent })}`).then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, [city, geo]);
  const loadRates = useCallback(() => {
    api<Assessment>(`/api/hotline/assessment${qs({ month: currentMonth(), by: 'district' })}`).then((a) => setRates(a.total), () => setRates(null));
  }, []);
  useEffect(loadRates, [loadRates]);
  const live = useLive(() => {
    void load();
    loadRates();
  });

  const valueOf = (u: Unit) => (measure === 'per10k' ? u.per10k : u[measure]);
  const fill = useMemo(() => {
    if (!city) return {};
    const max = Math.max(1, ...city.units.map((u) => valueOf(u) ?? 0));
    return Object.fromEntries(city.units.map((u) => [u.code.slice(0, 6), valueOf(u) === null ? '#d7dde4' : palette[Math.min(4, Math.floor(((valueOf(u) ?? 0) / max) * 4.999))]!]));
  }, [city, measure]);
  const labels = useMemo(() => {
    if (!city) return {};
    return Object.fromEntries(city.units.map((u) => [u.code.slice(0, 6), `${pick(u.name, u.nameEn)} ${number(valueOf(u), measure === 'per10k' ? 2 : 0)}`]));
  }, [city, measure, pick]);
  const geoByCode = useMemo(() => (geo ? { ...geo, features: geo.features.map((f) => ({ ...f, properties: { ...f.properties, code: String(f.properties?.code ?? '').slice(0, 6) } })) } : null), [geo]);

  if (!city) return <main id="main" className="page">{error ? <p className="form-error" role="alert">{error}</p> : <Loading />}</main>;
  const shown = streets ?? city;
  const selected = district ? city.units.find((u) => u.code.startsWith(district)) : null;
  const pct = (r: Rate | undefined) => (r?.rate === null || r?.rate === undefined ? '—' : `${number(r.rate * 100, 1)}%`);

  return (
    <main id="main" className="page overview">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <div className="toolbar">
          <label>
            {t('overview.measure')}{' '}
            <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="measure">
              {measures.map((m) => (
                <option key={m} value={m}>
                  {t(`measure.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <span className={`live ${live.connected ? 'on' : ''}`} role="status" data-testid="live">
            {live.connected ? t('overview.live') : t('overview.liveOff')} · {t('overview.asOf', { at: dateTime(city.asOf) })}
          </span>
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <section className="kpis" aria-label={t('overview.figures')}>
        <Kpi label={t('overview.today')} value={number(city.totals.today)} testid="kpi-today" />
        <Kpi label={t('overview.open')} value={number(city.totals.open)} testid="kpi-open" />
        <Kpi label={t('overview.overdue')} value={number(city.totals.overdue)} tone="bad" testid="kpi-overdue" />
        <Kpi label={t('rate.response')} value={pct(rates?.response)} />
        <Kpi label={t('rate.resolution')} value={pct(rates?.resolution)} />
        <Kpi label={t('rate.satisfaction')} value={pct(rates?.satisfaction)} />
        <Kpi label={t('rate.composite')} value={rates?.composite === null || rates?.composite === undefined ? '—' : number(rates.composite, 1)} />
      </section>
      <div className="overview-grid">
        <section className="card map-card">
          <h2>
            {district && selected ? (
              <>
                <button type="button" className="link" onClick={() => setDistrict(null)}>
                  {pick(city.scope.name, city.scope.nameEn)}
                </button>{' '}
                › {pick(selected.name, selected.nameEn)}
              </>
            ) : (
              t('overview.mapTitle', { measure: t(`measure.${measure}` as MessageKey) })
            )}
          </h2>
          <MapView
            geojson={geoByCode}
            fill={fill}
            labels={labels}
            highlight={district}
            focus={district}
            onSelect={(code) => setDistrict(code)}
            ariaLabel={t('overview.mapAria')}
            unavailableText={t('map.unavailable')}
            className="map-large"
          />
          <Legend />
        </section>
        <section className="card">
          <h2>{t('overview.topCategories', { days: city.windowDays })}</h2>
          <Chart
            ariaLabel={t('overview.topCategories', { days: city.windowDays })}
            height={300}
            option={{
              grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', inverse: true, data: (streets ?? city).topCategories.map((c) => pick(c.name, c.nameEn)) },
              series: [{ type: 'bar', data: (streets ?? city).topCategories.map((c) => c.count), itemStyle: { color: '#1e88e5' } }],
              tooltip: { trigger: 'axis' },
            }}
          />
        </section>
      </div>
      <section className="card">
        <h2>{district && selected ? t('overview.streetsOf', { name: pick(selected.name, selected.nameEn) }) : t('overview.districts')}</h2>
        {district && !streets ? (
          <Loading />
        ) : (
          <div className="table-wrap">
            <table data-testid="units">
              <thead>
                <tr>
                  <th scope="col">{t('overview.unit')}</th>
                  <th scope="col" className="num">{t('measure.open')}</th>
                  <th scope="col" className="num">{t('measure.overdue')}</th>
                  <th scope="col" className="num">{t('measure.today')}</th>
                  <th scope="col" className="num">{t('overview.recent', { days: city.windowDays })}</th>
                  <th scope="col" className="num">{t('measure.per10k')}</th>
                </tr>
              </thead>
              <tbody>
                {[...shown.units]
                  .sort((a, b) => (valueOf(b) ?? -1) - (valueOf(a) ?? -1))
                  .map((u) => (
                    <tr key={u.code}>
                      <th scope="row">
                        {district ? (
                          <Link to={`/cases${qs({ region: u.code })}`}>{pick(u.name, u.nameEn)}</Link>
                        ) : (
                          <button type="button" className="link" onClick={() => setDistrict(u.code.slice(0, 6))}>
                            {pick(u.name, u.nameEn)}
                          </button>
                        )}
                      </th>
                      <td className="num">{number(u.open)}</td>
                      <td className="num">{number(u.overdue)}</td>
                      <td className="num">{number(u.today)}</td>
                      <td className="num">{number(u.recent)}</td>
                      <td className="num">{number(u.per10k, 2)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
        {!district && city.totals.unlocated > 0 && <p className="muted small">{t('overview.unlocated', { n: city.totals.unlocated })}</p>}
      </section>
    </main>
  );
}

function Kpi({ label, value, tone, testid }: { label: string; value: string; tone?: 'bad'; testid?: string }) {
  return (
    <div className={`kpi ${tone ?? ''}`}>
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value" data-testid={testid}>
        {value}
      </strong>
    </div>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <div className="legend" aria-hidden="true">
      <span>{t('overview.legendLow')}</span>
      {palette.map((c) => (
        <i key={c} style={{ background: c }} />
      ))}
      <span>{t('overview.legendHigh')}</span>
    </div>
  );
}
