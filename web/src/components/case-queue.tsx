import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { Countdown, Loading, StatusBadge, runningDeadline } from './bits';
import { errorText } from '../errors';
import { useLive } from '../live';
import { Link } from '../router';
import type { CaseView } from '../types';

/** A queue of cases (GET /api/hotline/cases with filters), newest first, paged, refreshed live. */
export function CaseQueue({ filter, actions, empty }: { filter: Record<string, string | undefined>; actions?: (c: CaseView, reload: () => void) => ReactNode; empty?: string }) {
  const { t, pick, dateTime } = useI18n();
  const [cases, setCases] = useState<CaseView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);

  const load = useCallback(async () => {
    try {
      const r = await api<{ cases: CaseView[]; next: string | null }>(`/api/hotline/cases${qs({ ...filter, limit: 30 })}`);
      setCases(r.cases);
      setNext(r.next);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [key, t]);
  useEffect(() => {
    setCases(null);
    void load();
  }, [load]);
  useLive(() => void load());

  const more = async () => {
    if (!next) return;
    const r = await api<{ cases: CaseView[]; next: string | null }>(`/api/hotline/cases${qs({ ...filter, limit: 30, cursor: next })}`);
    setCases((cs) => [...(cs ?? []), ...r.cases]);
    setNext(r.next);
  };

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!cases) return <Loading />;
  if (!cases.length) return <p className="muted">{empty ?? t('queue.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="queue" data-testid="queue">
        <thead>
          <tr>
            <th scope="col">{t('queue.number')}</th>
            <th scope="col">{t('queue.subject')}</th>
            <th scope="col">{t('queue.status')}</th>
            <th scope="col">{t('queue.office')}</th>
            <th scope="col">{t('queue.receivedAt')}</th>
            <th scope="col">{t('queue.deadline')}</th>
            {actions && <th scope="col">{t('queue.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} data-case={c.number}>
              <td>
                <Link to={`/cases/${c.id}`} className="mono">
                  {c.number}
                </Link>
              </td>
              <td className="subject">
                <span>{c.title || c.description.slice(0, 40)}</span>
                {c.category && <small className="muted block">{pick(c.category.path, c.category.pathEn)}</small>}
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>{c.org?.name ?? '—'}</td>
              <td>{dateTime(c.receivedAt)}</td>
              <td>
                <Countdown due={runningDeadline(c)} />
              </td>
              {actions && <td className="row-actions">{actions(c, () => void load())}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void more()}>
          {t('queue.more')}
        </button>
      )}
    </div>
  );
}

/** Tabs over queues, keyboard-operable (arrow keys move between tabs). */
export function Tabs<K extends string>({ tabs, value, onChange, label }: { tabs: { key: K; label: string }[]; value: K; onChange: (k: K) => void; label: string }) {
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, i) => (
        <button
          key={tab.key}
          role="tab"
          type="button"
          aria-selected={tab.key === value}
          tabIndex={tab.key === value ? 0 : -1}
          onClick={() => onChange(tab.key)}
          onKeyDown={(e) => {
            const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!d) return;
            const n = tabs[(i + d + tabs.length) % tabs.length]!;
            onChange(n.key);
            (e.currentTarget.parentElement?.children[(i + d + tabs.length) % tabs.length] as HTMLElement | undefined)?.focus();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
