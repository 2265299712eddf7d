import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { errorText } from '../errors';
import { navigate, useLocation } from '../router';
import { districtBoundaries } from '../regions';
import { MapView } from '../components/map-view';
import { Loading } from '../components/bits';
import { AlarmDetailPanel } from '../components/monitoring-alarm-detail';
import { alarmStates, severities, severityColour, SeverityBadge, useMonitoringRefs, type AlarmView } from '../components/monitoring-data';

const pollMs = 5000;
const stateChoices = ['active', 'all', ...alarmStates] as const;

/** 城市安全 · 报警: the live list of alarms, filtered by state, severity and type, on the map, with the selected alarm's detail and actions. */
export function MonitoringAlarmsPage() {
  const { t, pick, dateTime, number } = useI18n();
  const { query } = useLocation();
  const refs = useMonitoringRefs();
  const state = stateChoices.find((s) => s === query.get('state')) ?? 'active';
  const severity = severities.find((s) => s === query.get('severity')) ?? '';
  const type = query.get('type') ?? '';
  const selected = query.get('alarm');
  const [list, setList] = useState<{ alarms: AlarmView[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [tick, setTick] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);

  const go = (change: Record<string, string | null>) => {
    const next = { state, severity, type, alarm: selected, ...change };
    navigate(`/monitoring/alarms${qs({ state: next.state === 'active' ? undefined : next.state, severity: next.severity, type: next.type, alarm: next.alarm })}`, { replace: true });
  };

  useEffect(() => {
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, []);
  // Live: the list again every few seconds (and the selected alarm with it).
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), pollMs);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    const filter = { active: state === 'active' ? 'true' : undefined, state: state !== 'active' && state !== 'all' ? state : undefined, severity: severity || undefined, type: type || undefined };
    let stale = false;
    api<{ alarms: AlarmView[]; total: number }>(`/api/monitoring/alarms${qs({ ...filter, sort: 'severity', limit: 200 })}`).then(
      (r) => {
        if (stale) return;
        setList(r);
        setError(null);
        setUpdatedAt(new Date().toISOString());
      },
      (err) => !stale && setError(errorText(t, err)),
    );
    return () => {
      stale = true;
    };
  }, [state, severity, type, tick, t]);

  const points = useMemo<GeoJSON.FeatureCollection | null>(
    () =>
      list && {
        type: 'FeatureCollection',
        features: list.alarms.map((a) => ({ type: 'Feature', id: a.id, geometry: { type: 'Point', coordinates: [a.lon, a.lat] }, properties: { id: a.id, fill: severityColour[a.severity], radius: a.id === selected ? 10 : a.active ? 7 : 5 } })),
      },
    [list, selected],
  );
  const types = Object.entries(refs?.rules.alarmTypes ?? {});

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>{t('monitoring.alarms.title')}</h1>
        <span className="live on" role="status" data-testid="alarms-updated">
          {updatedAt ? t('monitoring.alarms.updated', { at: dateTime(updatedAt), s: pollMs / 1000 }) : t('common.loading')}
        </span>
      </div>
      <div className="toolbar" data-testid="alarm-filters">
        <label>
          {t('monitoring.filter.state')}{' '}
          <select name="state" value={state} onChange={(e) => go({ state: e.target.value })}>
            {stateChoices.map((s) => (
              <option key={s} value={s}>{t(`monitoring.state.${s}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('monitoring.filter.severity')}{' '}
          <select name="severity" value={severity} onChange={(e) => go({ severity: e.target.value })}>
            <option value="">{t('monitoring.filter.any')}</option>
            {severities.map((s) => (
              <option key={s} value={s}>{t(`monitoring.severity.${s}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('monitoring.filter.type')}{' '}
          <select name="type" value={type} onChange={(e) => go({ type: e.target.value })}>
            <option value="">{t('monitoring.filter.any')}</option>
            {types.map(([code, v]) => (
              <option key={code} value={code}>{pick(v.name.zh, v.name.en)}</option>
            ))}
          </select>
        </label>
        {list && <span className="muted small">{t('monitoring.alarms.count', { n: number(list.total) })}</span>}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!list && !error && <Loading />}
      {list && (
        <div className="monitoring-grid">
          <section className="card">
            <div className="table-wrap">
              <table data-testid="alarm-table">
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.filter.severity')}</th>
                    <th scope="col">{t('monitoring.filter.type')}</th>
                    <th scope="col">{t('monitoring.alarm.asset')}</th>
                    <th scope="col" className="num">{t('monitoring.alarm.value')}</th>
                    <th scope="col">{t('monitoring.alarm.state')}</th>
                    <th scope="col">{t('monitoring.alarm.since')}</th>
                    <th scope="col">{t('monitoring.alarm.case')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.alarms.map((a) => (
                    <tr key={a.id} className={a.id === selected ? 'selected' : undefined} data-alarm={a.id} data-type={a.alarmType}>
                      <td><SeverityBadge severity={a.severity} name={a.severityName} /></td>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => go({ alarm: a.id })}>{pick(a.alarmTypeName.zh, a.alarmTypeName.en)}</button>
                      </th>
                      <td>{pick(a.assetName.zh, a.assetName.en)}</td>
                      <td className="num">{number(a.value, 1)}{a.unit ? ` ${a.unit}` : ''}</td>
                      <td className={a.state === 'ACTIVE_UNACK' ? 'bad' : undefined}>{pick(a.stateName.zh, a.stateName.en)}</td>
                      <td className="small">{dateTime(a.startTs)}</td>
                      <td>{a.caseId ? '✓' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {list.alarms.length === 0 && <p className="muted" data-testid="alarms-none">{t('monitoring.alarms.none')}</p>}
            </div>
          </section>
          <section>
            <div className="card">
              <MapView geojson={geo} points={points} onPointSelect={(id) => go({ alarm: id })} pointFocus={selected} ariaLabel={t('monitoring.alarms.map')} unavailableText={t('map.unavailable')} />
              <p className="legend">
                {severities.map((s) => (
                  <span key={s}><i style={{ background: severityColour[s] }} /> {t(`monitoring.severity.${s}` as MessageKey)}</span>
                ))}
              </p>
            </div>
            <div className="card" aria-live="polite">
              {selected ? <AlarmDetailPanel id={selected} refreshKey={tick} onChanged={() => setTick((n) => n + 1)} /> : <p className="muted">{t('monitoring.alarms.pick')}</p>}
            </div>
          </section>
        </div>
      )}
    </main>
  );
}
