import { useEffect, useState } from 'react';
import { api, post } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { errorText } from '../errors';
import { Link } from '../router';
import type { CaseView } from '../types';
import { StatusBadge } from './bits';

/** The citizen's name and phone as the case shows them (masked), with a button that reveals one in clear — audited on the server. */
export function CitizenContact({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const [clear, setClear] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<string | null>(null);
  if (c.citizen.withheld) return <>{t('case.withheld')}</>;
  const reveal = (field: 'name' | 'phone') =>
    post<{ value: string | null }>(`/api/hotline/cases/${encodeURIComponent(c.id)}/reveal`, { field }).then(
      (r) => setClear((x) => ({ ...x, [field]: r.value })),
      (err) => setError(errorText(t, err)),
    );
  const shown = (field: 'name' | 'phone') => (field in clear ? clear[field] : c.citizen[field]);
  return (
    <>
      {(['name', 'phone'] as const).map((f) =>
        c.citizen[f] ? (
          <span key={f} className="contact">
            <span data-testid={`citizen-${f}`}>{shown(f)}</span>{' '}
            {!(f in clear) && (
              <button type="button" className="link small" onClick={() => void reveal(f)} title={t('case.revealHint')}>
                {t(f === 'phone' ? 'case.revealPhone' : 'case.revealName')}
              </button>
            )}{' '}
          </span>
        ) : null,
      )}
      {!c.citizen.name && !c.citizen.phone && '—'}
      {error && <span className="form-error" role="alert"> {error}</span>}
    </>
  );
}

/** 来电历史: the same caller's earlier cases (matched by the keyed hash of the phone number), for staff who may see them. */
export function CallerHistory({ c }: { c: CaseView }) {
  const { t, dateTime } = useI18n();
  const { can } = useSession();
  const [cases, setCases] = useState<CaseView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const allowed = can('hotline.caller.history') && !!c.citizen.phone && !c.citizen.withheld;
  useEffect(() => {
    if (!allowed) return;
    api<{ cases: CaseView[] }>(`/api/hotline/cases/${encodeURIComponent(c.id)}/caller-history`).then(
      (r) => setCases(r.cases.filter((x) => x.id !== c.id)),
      (err) => setError(errorText(t, err)),
    );
  }, [allowed, c.id, t]);
  if (!allowed) return null;
  return (
    <section className="card" data-testid="caller-history">
      <h2>{t('case.callerHistory')}</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {cases && cases.length === 0 && <p className="muted">{t('case.callerHistoryNone')}</p>}
      <ul>
        {(cases ?? []).map((x) => (
          <li key={x.id}>
            <Link to={`/cases/${x.id}`} className="mono">{x.number}</Link> <StatusBadge status={x.status} /> {x.title || x.description.slice(0, 40)} <span className="muted small">· {dateTime(x.receivedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
