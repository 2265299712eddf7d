import { useEffect, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Chart } from '../components/chart';
import { Loading } from '../components/bits';
import { errorText } from '../errors';
import { Link } from '../router';
import { currentMonth } from './overview';

interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}
interface Unit {
  code: string;
  name: string;
  nameEn: string | null;
  rank: number | null;
  fewCases: boolean;
  cases: number;
  response: Rate;
  resolution: Rate;
  satisfaction: Rate;
  composite: number | null;
}
interface Ranking {
  month: string;
  units: Unit[];
  total: Omit<Unit, 'code' | 'name' | 'nameEn' | 'rank' | 'fewCases'> | null;
}
interface Line {
  caseId: string;
  number: string;
  rate: string;
  reason: string;
  why: { zh: string; en: string };
}
interface OfficeMonth {
  office: { code: string; name: string; nameEn: string };
  figures: Unit;
  rankedOf: number;
  pulledDown: Line[];
  excluded: Line[];
}
const groupings = ['office', 'street', 'district'] as const;

/** The month's 三率 (response, resolution, satisfaction) by office, street or district: table, ranking chart, drill-down, export. */
export function AssessmentPage() {
  const { t, pick, number } = useI18n();
  const [month, setMonth] = useState(currentMonth());
  const [by, setBy] = useState<(typeof groupings)[number]>('office');
  const [data, setData] = useState<Ranking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [office, setOffice] = useState<OfficeMonth | null>(null);

  useEffect(() => {
    setData(null);
    setOffice(null);
    api<Ranking>(`/api/hotline/assessment${qs({ month, by })}`).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  }, [month, by, t]);

  const drill = (u: Unit) => {
    if (by === 'office') api<OfficeMonth>(`/api/hotline/assessment/offices/${encodeURIComponent(u.code)}${qs({ month })}`).then(setOffice, (err) => setError(errorText(t, err)));
  };
  const pct = (r: Rate) => (r.rate === null ? '—' : `${number(r.rate * 100, 1)}%`);
  const ranked = (data?.units ?? []).filter((u) => u.rank !== null).slice(0, 15);

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>{t('assessment.title')}</h1>
        <div className="toolbar">
          <label>
            {t('assessment.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
          </label>
          <label>
            {t('assessment.by')}{' '}
            <select value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
              {groupings.map((g) => (
                <option key={g} value={g}>
                  {t(`assessment.by.${g}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <a className="button" href={`/api/hotline/assessment${qs({ month, by, format: 'csv' })}`} download>
            {t('assessment.exportCsv')}
          </a>
          <a className="button" href={`/api/hotline/assessment${qs({ month, by, format: 'xlsx' })}`} download>
            {t('assessment.exportXlsx')}
          </a>
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!data && !error && <Loading />}
      {data && (
        <>
          {data.total && (
            <section className="kpis">
              <div className="kpi"><span className="kpi-label">{t('rate.response')}</span><strong className="kpi-value">{pct(data.total.response)}</strong></div>
              <div className="kpi"><span className="kpi-label">{t('rate.resolution')}</span><strong className="kpi-value">{pct(data.total.resolution)}</strong></div>
              <div className="kpi"><span className="kpi-label">{t('rate.satisfaction')}</span><strong className="kpi-value">{pct(data.total.satisfaction)}</strong></div>
              <div className="kpi"><span className="kpi-label">{t('rate.composite')}</span><strong className="kpi-value">{data.total.composite === null ? '—' : number(data.total.composite, 1)}</strong></div>
            </section>
          )}
          {ranked.length > 0 && (
            <section className="card">
              <h2>{t('assessment.ranking')}</h2>
              <Chart
                ariaLabel={t('assessment.ranking')}
                height={Math.max(200, ranked.length * 24)}
                onClick={(_n, i) => ranked[i] && drill(ranked[i]!)}
                option={{
                  grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
                  xAxis: { type: 'value', max: 100 },
                  yAxis: { type: 'category', inverse: true, data: ranked.map((u) => `${u.rank}. ${pick(u.name, u.nameEn)}`) },
                  series: [{ type: 'bar', data: ranked.map((u) => u.composite ?? 0), itemStyle: { color: '#2e7d32' }, label: { show: true, position: 'right' } }],
                  tooltip: { trigger: 'axis' },
                }}
              />
            </section>
          )}
          {office && (
            <section className="card" aria-live="polite" data-testid="office-drill">
              <h2>
                {pick(office.office.name, office.office.nameEn)} · {t('assessment.rankOf', { rank: office.figures.rank ?? '—', of: office.rankedOf })}
              </h2>
              <h3>{t('assessment.pulledDown', { n: office.pulledDown.length })}</h3>
              <ul>
                {office.pulledDown.map((l) => (
                  <li key={`${l.caseId}-${l.rate}`}>
                    <Link to={`/cases/${l.caseId}`} className="mono">{l.number}</Link> {t(`rate.${l.rate}` as MessageKey)} · {pick(l.why.zh, l.why.en)}
                  </li>
                ))}
              </ul>
              {office.excluded.length > 0 && (
                <>
                  <h3>{t('assessment.excluded', { n: office.excluded.length })}</h3>
                  <ul>
                    {office.excluded.slice(0, 50).map((l) => (
                      <li key={`${l.caseId}-${l.rate}-x`}>
                        <Link to={`/cases/${l.caseId}`} className="mono">{l.number}</Link> {pick(l.why.zh, l.why.en)}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
          <section className="card">
            <div className="table-wrap">
              <table data-testid="assessment-table">
                <thead>
                  <tr>
                    <th scope="col">{t('assessment.rank')}</th>
                    <th scope="col">{t('assessment.unit')}</th>
                    <th scope="col" className="num">{t('assessment.cases')}</th>
                    <th scope="col" className="num">{t('rate.response')}</th>
                    <th scope="col" className="num">{t('rate.resolution')}</th>
                    <th scope="col" className="num">{t('rate.satisfaction')}</th>
                    <th scope="col" className="num">{t('rate.composite')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.units.map((u) => (
                    <tr key={u.code}>
                      <td>{u.rank ?? (u.fewCases ? t('assessment.fewCases') : '—')}</td>
                      <th scope="row">
                        {by === 'office' ? (
                          <button type="button" className="link" onClick={() => drill(u)}>{pick(u.name, u.nameEn)}</button>
                        ) : (
                          <Link to={`/cases${qs({ region: u.code })}`}>{pick(u.name, u.nameEn)}</Link>
                        )}
                      </th>
                      <td className="num">{number(u.cases)}</td>
                      <td className="num" title={`${u.response.numerator}/${u.response.denominator}`}>{pct(u.response)}</td>
                      <td className="num" title={`${u.resolution.numerator}/${u.resolution.denominator}`}>{pct(u.resolution)}</td>
                      <td className="num" title={`${u.satisfaction.numerator}/${u.satisfaction.denominator}`}>{pct(u.satisfaction)}</td>
                      <td className="num">{u.composite === null ? '—' : number(u.composite, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.units.length === 0 && <p className="muted">{t('assessment.none')}</p>}
            </div>
          </section>
        </>
      )}
    </main>
  );
}
