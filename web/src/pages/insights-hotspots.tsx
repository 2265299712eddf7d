import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { MapView } from '../components/map-view';
import { Loading } from '../components/bits';
import { errorText } from '../errors';
import { districtBoundaries } from '../regions';
import { EvidenceLinks } from './insights';

interface HotspotProps {
  rank: number;
  category: string;
  categoryName: string;
  categoryPath: string;
  district: string | null;
  count: number;
  expected: number;
  pValue: number;
  before: number;
  ratio: number | null;
  trend: 'new' | 'rising' | 'steady' | 'falling';
  caseIds: string[];
}
interface HotspotMap {
  type: 'FeatureCollection';
  window: { from: string; to: string; previousFrom: string };
  tests: number;
  threshold: number;
  features: (GeoJSON.Feature<GeoJSON.MultiPolygon, HotspotProps> & { id: string })[];
}

const windows = [7, 30, 90] as const;
// The trend's colour on the map: new and rising stand out, falling fades.
const trendFill: Record<HotspotProps['trend'], string> = { new: '#b71c1c', rising: '#e65100', steady: '#f9a825', falling: '#90a4ae' };

/** Hotspots: merged H3 cells where a category is significantly over-represented, on the map and in a table, with their trend and evidence. */
export function HotspotsPanel() {
  const { t, number, dateTime } = useI18n();
  const [days, setDays] = useState<(typeof windows)[number]>(7);
  const [category, setCategory] = useState('');
  const [data, setData] = useState<HotspotMap | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, []);
  useEffect(() => {
    setData(null);
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const code = /^(\d{2}|\d{4}|\d{6})$/.test(category) ? category : undefined;
    api<HotspotMap>(`/api/hotline/hotspots${qs({ from: from.toISOString(), to: to.toISOString(), category: code })}`).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  }, [days, category, t]);

  const overlay = useMemo<GeoJSON.FeatureCollection | null>(
    () => (data ? { type: 'FeatureCollection', features: data.features.map((f) => ({ ...f, properties: { ...f.properties, id: f.id, fill: trendFill[f.properties.trend] } })) } : null),
    [data],
  );
  const chosen = data?.features.find((f) => f.id === selected) ?? null;

  return (
    <>
      <div className="toolbar">
        <label>
          {t('insights.window')}{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value) as typeof days)}>
            {windows.map((d) => (
              <option key={d} value={d}>{t('insights.lastDays', { n: d })}</option>
            ))}
          </select>
        </label>
        <label>
          {t('insights.category')} <input value={category} onChange={(e) => setCategory(e.target.value.trim())} placeholder="0107" inputMode="numeric" size={8} />
        </label>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!data && !error && <Loading />}
      {data && (
        <div className="insights-grid">
          <section className="card">
            <MapView geojson={geo} overlay={overlay} onOverlaySelect={setSelected} overlayFocus={selected} ariaLabel={t('hotspots.map')} unavailableText={t('map.unavailable')} />
            <p className="muted small">
              {t('hotspots.method', { tests: number(data.tests), threshold: data.threshold.toExponential(1) })} · {dateTime(data.window.from)} – {dateTime(data.window.to)}
            </p>
            <p className="legend">
              {(Object.keys(trendFill) as HotspotProps['trend'][]).map((k) => (
                <span key={k}><i style={{ background: trendFill[k] }} /> {t(`trend.${k}` as MessageKey)}</span>
              ))}
            </p>
          </section>
          <section className="card">
            {chosen && (
              <div data-testid="hotspot-detail" aria-live="polite">
                <h2>#{chosen.properties.rank} {chosen.properties.categoryPath}</h2>
                <p>{t('hotspots.detail', { count: chosen.properties.count, expected: number(chosen.properties.expected, 1), before: chosen.properties.before })}</p>
                <p>{t('hotspots.evidence')}: <EvidenceLinks ids={chosen.properties.caseIds} max={20} /></p>
              </div>
            )}
            <div className="table-wrap">
              <table data-testid="hotspot-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('insights.category')}</th>
                    <th scope="col" className="num">{t('hotspots.count')}</th>
                    <th scope="col" className="num">{t('hotspots.expected')}</th>
                    <th scope="col" className="num">{t('hotspots.before')}</th>
                    <th scope="col">{t('hotspots.trend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.features.map((f) => (
                    <tr key={f.id} className={f.id === selected ? 'selected' : undefined}>
                      <td>{f.properties.rank}</td>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => setSelected(f.id)}>{f.properties.categoryPath}</button>
                      </th>
                      <td className="num">{number(f.properties.count)}</td>
                      <td className="num">{number(f.properties.expected, 1)}</td>
                      <td className="num">{number(f.properties.before)}</td>
                      <td><span className={`badge trend-${f.properties.trend}`}>{t(`trend.${f.properties.trend}` as MessageKey)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.features.length === 0 && <p className="muted">{t('hotspots.none')}</p>}
            </div>
          </section>
        </div>
      )}
    </>
  );
}
