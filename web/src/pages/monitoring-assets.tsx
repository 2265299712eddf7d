import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { errorText } from '../errors';
import { Link, navigate, useLocation } from '../router';
import { districtBoundaries } from '../regions';
import { MapView } from '../components/map-view';
import { Loading } from '../components/bits';
import { useMonitoringRefs, type AssetView } from '../components/monitoring-data';

const pageSize = 200;

/** The monitored assets in the user's jurisdiction, by type and district, on the map and in a table; each opens its page. */
export function MonitoringAssetsPage() {
  const { t, pick, number } = useI18n();
  const { query } = useLocation();
  const refs = useMonitoringRefs();
  const type = query.get('type') ?? '';
  const region = query.get('region') ?? '';
  const q = query.get('q') ?? '';
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [assets, setAssets] = useState<AssetView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState(q);

  const go = (change: Record<string, string>) => navigate(`/monitoring/assets${qs({ type, region, q, ...change })}`, { replace: true });
  useEffect(() => {
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, []);
  const load = (after?: string) =>
    api<{ assets: AssetView[]; next: string | null }>(`/api/monitoring/assets${qs({ type, region, q, limit: pageSize, after })}`).then(
      (r) => {
        setAssets((prev) => (after ? [...(prev ?? []), ...r.assets] : r.assets));
        setNext(r.next);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  useEffect(() => {
    setAssets(null);
    void load();
  }, [type, region, q]);

  const points = useMemo<GeoJSON.FeatureCollection | null>(
    () => assets && { type: 'FeatureCollection', features: assets.map((a) => ({ type: 'Feature', id: a.id, geometry: { type: 'Point', coordinates: [a.lon, a.lat] }, properties: { id: a.id, fill: '#0d47a1', radius: 4 } })) },
    [assets],
  );
  const typeName = (code: string) => {
    const x = refs?.catalog.assetTypes.find((a) => a.code === code);
    return x ? pick(x.name, x.nameEn) : code;
  };
  const districts = (geo?.features ?? []).map((f) => ({ code: String(f.properties?.code ?? ''), name: String(f.properties?.name ?? f.properties?.code ?? '') }));
  // The district an asset lies in, by its region code's first six digits.
  const districtOf = (code: string | null) => (code ? districts.find((d) => d.code.slice(0, 6) === code.slice(0, 6))?.name : undefined);

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>{t('monitoring.assets.title')}</h1>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() });
        }}
      >
        <label>
          {t('monitoring.asset.type')}{' '}
          <select name="type" value={type} onChange={(e) => go({ type: e.target.value })}>
            <option value="">{t('monitoring.filter.any')}</option>
            {(refs?.catalog.assetTypes ?? []).map((x) => (
              <option key={x.code} value={x.code}>{pick(x.name, x.nameEn)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('monitoring.asset.region')}{' '}
          <select name="region" value={region} onChange={(e) => go({ region: e.target.value })}>
            <option value="">{t('monitoring.filter.any')}</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>{d.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('monitoring.assets.search')} <input name="q" value={search} onChange={(e) => setSearch(e.target.value)} size={14} />
        </label>
        <button type="submit">{t('monitoring.assets.find')}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!assets && !error && <Loading />}
      {assets && (
        <div className="monitoring-grid">
          <section className="card">
            <div className="table-wrap">
              <table data-testid="asset-table">
                <thead>
                  <tr>
                    <th scope="col">{t('monitoring.asset.name')}</th>
                    <th scope="col">{t('monitoring.asset.type')}</th>
                    <th scope="col">{t('monitoring.asset.code')}</th>
                    <th scope="col">{t('monitoring.asset.region')}</th>
                  </tr>
                </thead>
                <tbody>
                  {assets.map((a) => (
                    <tr key={a.id} data-asset={a.id}>
                      <th scope="row">
                        <Link to={`/monitoring/assets/${encodeURIComponent(a.id)}`}>{pick(a.name, a.nameEn)}</Link> {a.simulated && <span className="badge simulated">{t('monitoring.simulated')}</span>}
                      </th>
                      <td>{typeName(a.type)}</td>
                      <td className="mono small">{a.code ?? '—'}</td>
                      <td className="small">{districtOf(a.regionCode) ?? <span className="mono">{a.regionCode ?? '—'}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {assets.length === 0 && <p className="muted">{t('monitoring.assets.none')}</p>}
              <p className="muted small">
                {t('monitoring.assets.shown', { n: number(assets.length) })}{' '}
                {next && (
                  <button type="button" className="link" onClick={() => void load(next)}>
                    {t('monitoring.assets.more')}
                  </button>
                )}
              </p>
            </div>
          </section>
          <section className="card">
            <MapView geojson={geo} points={points} onPointSelect={(id) => navigate(`/monitoring/assets/${encodeURIComponent(id)}`)} ariaLabel={t('monitoring.assets.map')} unavailableText={t('map.unavailable')} />
          </section>
        </div>
      )}
    </main>
  );
}
