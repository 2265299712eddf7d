import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { Link, navigate, useLocation } from '../router';
import { errorText } from '../errors';
import { Loading } from '../components/bits';
import { CheckupTasks, type Evaluation } from '../components/checkup-tasks';
import { CheckupIndicators } from '../components/checkup-indicators';
import { CheckupDrill } from '../components/checkup-drill';
import { CheckupProblems } from '../components/checkup-problems';

interface RegionOption {
  code: string;
  name: string;
  nameEn: string | null;
}

/** The regions one may pick: the city and its districts (a municipality's 市辖区 walked through). */
async function cityAndDistricts(): Promise<RegionOption[]> {
  const { cityCode } = await api<{ cityCode: string }>('/api/console/settings');
  const city = await api<RegionOption>(`/api/regions/${cityCode.padEnd(12, '0')}`);
  let parent = city.code;
  let children = (await api<{ regions: (RegionOption & { level: string })[] }>(`/api/regions/${parent}/children`)).regions;
  while (children.length === 1) {
    parent = children[0]!.code;
    children = (await api<{ regions: (RegionOption & { level: string })[] }>(`/api/regions/${parent}/children`)).regions;
  }
  return [city, ...children];
}

/**
 * 城市体检: pick a region and year; the seven tasks' status at a glance; a task's indicators
 * against their standards; an indicator's map over the districts and its years; the problems
 * found, opened as renewal projects; the report to download.
 */
export function CheckupPage() {
  const { t, pick, lang, number } = useI18n();
  const { me, can } = useSession();
  const { query } = useLocation();
  const [regions, setRegions] = useState<RegionOption[] | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = me?.jurisdiction[0]?.code ?? null;
  const region = query.get('region') ?? own ?? regions?.[0]?.code ?? null;
  const year = query.get('year') ? Number(query.get('year')) : null;
  const task = query.get('task');
  const indicator = query.get('indicator');
  const go = (change: Record<string, string | number | null>) => navigate(`/checkup${qs({ region, year, task, indicator, ...change })}`, { replace: true });

  useEffect(() => void cityAndDistricts().then(setRegions, (err) => setError(errorText(t, err))), [t]);
  useEffect(() => {
    if (!region) return;
    setEvaluation(null);
    api<Evaluation>(`/api/checkup/evaluation${qs({ region, year })}`).then(
      (e) => {
        setEvaluation(e);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  }, [region, year, t]);

  const names = useMemo(() => Object.fromEntries((regions ?? []).map((r) => [r.code, pick(r.name, r.nameEn)])), [regions, pick]);
  const current = evaluation?.tasks.find((x) => x.task === task) ?? null;
  const drilled = current?.indicators.find((i) => i.code === indicator) ?? null;
  const shownYear = evaluation?.year ?? year;
  const report = (format: string) => `/api/checkup/report${qs({ region: evaluation?.region.code ?? region, year: shownYear, format, lang })}`;
  const options = regions && region && !regions.some((r) => r.code === region.padEnd(12, '0')) && evaluation ? [...regions, evaluation.region] : regions;

  return (
    <main id="main" className="page checkup">
      <div className="page-head">
        <h1>{t('checkup.title')}</h1>
        <div className="toolbar">
          <label>
            {t('checkup.region')}{' '}
            <select name="region" value={region?.padEnd(12, '0') ?? ''} onChange={(e) => go({ region: e.target.value, indicator: null })} data-testid="checkup-region">
              {(options ?? []).map((r) => (
                <option key={r.code} value={r.code}>{pick(r.name, r.nameEn)}</option>
              ))}
            </select>
          </label>
          <label>
            {t('checkup.year')}{' '}
            <select name="year" value={shownYear ?? ''} onChange={(e) => go({ year: Number(e.target.value) })} data-testid="checkup-year">
              {(evaluation?.years.length ? evaluation.years : shownYear ? [shownYear] : []).map((y) => <option key={y} value={y}>{y}</option>)}
            </select>
          </label>
          <span className="report-links" data-testid="report-links">
            {t('checkup.report')}:{' '}
            {(['pdf', 'html', 'xlsx'] as const).map((f) => (
              <a key={f} className="button" href={report(f)} download data-format={f}>{t(`checkup.report.${f}` as MessageKey)}</a>
            ))}
          </span>
          {can('checkup.value.import') && <Link to="/checkup/import">{t('nav.checkupImport')}</Link>}
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!evaluation && !error && <Loading />}
      {evaluation && (
        <>
          <section className="kpis" aria-label={t('checkup.figures')}>
            <Kpi label={t('checkup.coverage')} value={`${evaluation.coverage.withValue}/${evaluation.coverage.total} (${number(evaluation.coverage.share * 100)}%)`} />
            <Kpi label={t('checkup.status.met')} value={number(evaluation.counts.met)} tone="ok" />
            <Kpi label={t('checkup.status.near')} value={number(evaluation.counts.near)} tone="warn" />
            <Kpi label={t('checkup.status.not_met')} value={number(evaluation.counts.not_met)} tone="bad" />
            <Kpi label={t('checkup.status.missing')} value={number(evaluation.counts.missing + evaluation.counts.no_provider)} />
          </section>
          <CheckupTasks tasks={evaluation.tasks} selected={current?.task ?? null} onSelect={(x) => go({ task: x === task ? null : x, indicator: null })} />
          {current && <CheckupIndicators task={current} selected={indicator} onSelect={(code) => go({ indicator: code === indicator ? null : code })} />}
          {drilled && <CheckupDrill region={evaluation.region.code} year={evaluation.year} indicator={drilled} onRegion={(code) => go({ region: code })} onClose={() => go({ indicator: null })} />}
          <CheckupProblems region={evaluation.region.code} year={evaluation.year} indicator={drilled?.kind === 'count' ? drilled.code : null} names={{ ...names, [evaluation.region.code]: pick(evaluation.region.name, evaluation.region.nameEn) }} canWrite={can('checkup.project.write')} />
        </>
      )}
    </main>
  );
}

function Kpi({ label, value, tone }: { label: string; value: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`kpi ${tone ?? ''}`}>
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{value}</strong>
    </div>
  );
}
