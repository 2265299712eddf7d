import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, qs } from '../api';
import { useI18n } from '../i18n';
import { errorText } from '../errors';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { districtBoundaries } from '../regions';
import { MapView } from '../components/map-view';
import { Loading } from '../components/bits';
import { MetricChart, type Period } from '../components/monitoring-metric-chart';
import { severityColour, SeverityBadge, thresholdsFor, useMonitoringRefs, type AlarmView, type AssetDetail } from '../components/monitoring-data';

const refreshMs = 15_000;

/** One monitored asset: what and where it is, its devices and their latest values, each metric charted with its thresholds, its active alarms. */
export function MonitoringAssetPage({ params }: { params: Record<string, string> }) {
  const { t, pick, dateTime, number } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const refs = useMonitoringRefs();
  const id = params.id!;
  const period: Period = query.get('period') === '7d' ? '7d' : '24h';
  const [asset, setAsset] = useState<AssetDetail | null>(null);
  const [alarms, setAlarms] = useState<AlarmView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
    const timer = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    api<AssetDetail>(`/api/monitoring/assets/${encodeURIComponent(id)}`).then(
      (a) => {
        setAsset(a);
        setError(null);
      },
      (err) => setError(err instanceof ApiError && err.kind === 'not_found' ? t('monitoring.asset.notVisible') : errorText(t, err)),
    );
    if (can('monitoring.alarm.read')) api<{ alarms: AlarmView[] }>(`/api/monitoring/alarms${qs({ asset: id, active: 'true' })}`).then((r) => setAlarms(r.alarms), () => setAlarms([]));
  }, [id, tick, t, can]);

  const points = useMemo<GeoJSON.FeatureCollection | null>(
    () => asset && { type: 'FeatureCollection', features: [{ type: 'Feature', id: asset.id, geometry: { type: 'Point', coordinates: [asset.lon, asset.lat] }, properties: { id: asset.id, fill: alarms[0] ? severityColour[alarms[0].severity] : '#0d47a1', radius: 8 } }] },
    [asset, alarms],
  );

  if (error) {
    return (
      <main id="main" className="page">
        <h1>{t('monitoring.asset.title')}</h1>
        <p className="form-error" role="alert">{error}</p>
      </main>
    );
  }
  if (!asset) return <main id="main" className="page"><Loading /></main>;
  const type = refs?.catalog.assetTypes.find((x) => x.code === asset.type);
  const metricOf = (name: string) => refs?.catalog.metrics.find((m) => m.name === name);

  return (
    <main id="main" className="page" data-testid="asset-page" data-asset={asset.id}>
      <div className="page-head">
        <h1>
          {pick(asset.name, asset.nameEn)} {asset.simulated && <span className="badge simulated" title={t('monitoring.simulatedHint')}>{t('monitoring.simulated')}</span>}
        </h1>
        <Link to="/monitoring/assets">{t('monitoring.assets.back')}</Link>
      </div>
      <div className="monitoring-grid">
        <section className="card">
          <dl className="facts">
            <dt>{t('monitoring.asset.type')}</dt>
            <dd>{type ? pick(type.name, type.nameEn) : asset.type}</dd>
            <dt>{t('monitoring.asset.code')}</dt>
            <dd className="mono">{asset.code ?? '—'}</dd>
            <dt>{t('monitoring.asset.region')}</dt>
            <dd className="mono">{asset.regionCode ?? '—'}</dd>
            <dt>{t('monitoring.asset.place')}</dt>
            <dd className="small">{asset.lon.toFixed(5)}, {asset.lat.toFixed(5)}</dd>
            {Object.entries(asset.properties).map(([k, v]) => (
              <PropertyRow key={k} name={k} value={v} />
            ))}
          </dl>
          {alarms.length > 0 && (
            <>
              <h2>{t('monitoring.asset.alarms')}</h2>
              <ul className="task-list" data-testid="asset-alarms">
                {alarms.map((a) => (
                  <li key={a.id}>
                    <SeverityBadge severity={a.severity} name={a.severityName} /> <Link to={`/monitoring/alarms${qs({ alarm: a.id })}`}>{pick(a.alarmTypeName.zh, a.alarmTypeName.en)}</Link> <span className="muted small">{dateTime(a.startTs)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card">
          <MapView geojson={geo} points={points} pointFocus={asset.id} ariaLabel={t('monitoring.asset.map')} unavailableText={t('map.unavailable')} />
        </section>
      </div>
      <section className="card">
        <h2>{t('monitoring.asset.devices')}</h2>
        <div className="table-wrap">
          <table data-testid="device-table">
            <thead>
              <tr>
                <th scope="col">{t('monitoring.device.id')}</th>
                <th scope="col">{t('monitoring.device.model')}</th>
                <th scope="col">{t('monitoring.device.metric')}</th>
                <th scope="col" className="num">{t('monitoring.device.latest')}</th>
                <th scope="col">{t('monitoring.device.at')}</th>
              </tr>
            </thead>
            <tbody>
              {asset.devices.flatMap((d) =>
                d.metrics.map((m, i) => (
                  <tr key={`${d.id}/${m.name}`} data-device={d.id} data-metric={m.name}>
                    {i === 0 && (
                      <>
                        <th scope="row" rowSpan={d.metrics.length} className="mono">
                          {d.id} {!d.active && <span className="badge">{t('monitoring.device.inactive')}</span>}
                        </th>
                        <td rowSpan={d.metrics.length}>{d.model ?? '—'}</td>
                      </>
                    )}
                    <td>{metricOf(m.name) ? pick(metricOf(m.name)!.nameZh, metricOf(m.name)!.nameEn) : m.name}</td>
                    <td className="num" data-testid="latest-value">{m.latest ? `${number(m.latest.value, 2)}${m.unit ? ` ${m.unit}` : ''}` : '—'}</td>
                    <td className="small">{m.latest ? dateTime(m.latest.ts) : '—'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {asset.devices.length === 0 && <p className="muted">{t('monitoring.asset.noDevices')}</p>}
        </div>
      </section>
      <section className="card">
        <div className="page-head">
          <h2>{t('monitoring.asset.charts')}</h2>
          <div className="tabs" role="tablist" aria-label={t('monitoring.asset.period')}>
            {(['24h', '7d'] as const).map((p) => (
              <button key={p} type="button" role="tab" aria-selected={p === period} onClick={() => navigate(`/monitoring/assets/${encodeURIComponent(id)}${qs({ period: p === '24h' ? undefined : p })}`, { replace: true })}>
                {t(p === '24h' ? 'monitoring.period.24h' : 'monitoring.period.7d')}
              </button>
            ))}
          </div>
        </div>
        <div className="chart-grid">
          {asset.devices.flatMap((d) =>
            d.metrics.map((m) => {
              const meta = metricOf(m.name);
              return (
                <MetricChart
                  key={`${d.id}/${m.name}/${period}`}
                  deviceId={d.id}
                  metric={m.name}
                  label={meta ? pick(meta.nameZh, meta.nameEn) : m.name}
                  unit={m.unit}
                  period={period}
                  thresholds={thresholdsFor(refs?.rules, asset.type, m.name, asset.properties)}
                  refreshKey={tick}
                />
              );
            }),
          )}
        </div>
      </section>
    </main>
  );
}

function PropertyRow({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt className="mono small">{name}</dt>
      <dd>{typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}</dd>
    </>
  );
}
