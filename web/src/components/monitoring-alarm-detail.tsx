import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { errorText } from '../errors';
import { Link } from '../router';
import { useSession } from '../session';
import { Loading } from './bits';
import { AlarmActions } from './monitoring-alarm-actions';
import { opensCase, SeverityBadge, useMonitoringRefs, type AlarmDetail } from './monitoring-data';

/** One alarm: what, where, since when, its case, what may be done with it, and its full history; reloads with the list. */
export function AlarmDetailPanel({ id, refreshKey, onChanged }: { id: string; refreshKey: number; onChanged: () => void }) {
  const { t, pick, dateTime, number } = useI18n();
  const { can } = useSession();
  const [d, setD] = useState<AlarmDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setD(await api<AlarmDetail>(`/api/monitoring/alarms/${encodeURIComponent(id)}`));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError && err.kind === 'not_found' ? t('monitoring.alarm.notVisible') : errorText(t, err));
    }
  }, [id, t]);
  useEffect(() => {
    setFlash(null);
  }, [id]);
  useEffect(() => void load(), [load, refreshKey]);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!d || d.alarm.id !== id) return <Loading />;
  const a = d.alarm;
  const unit = a.unit ? ` ${a.unit}` : '';
  return (
    <div data-testid="alarm-detail" data-alarm={a.id} data-state={a.state}>
      <h2>
        <SeverityBadge severity={a.severity} name={a.severityName} /> {pick(a.alarmTypeName.zh, a.alarmTypeName.en)}
      </h2>
      {flash && <p className="flash" role="status">{flash}</p>}
      <dl className="facts">
        <dt>{t('monitoring.alarm.asset')}</dt>
        <dd>
          <Link to={`/monitoring/assets/${encodeURIComponent(a.assetId)}`} data-testid="alarm-asset-link">{pick(a.assetName.zh, a.assetName.en)}</Link>{' '}
          {a.regionCode && <span className="mono muted small">{a.regionCode}</span>}
        </dd>
        <dt>{t('monitoring.alarm.state')}</dt>
        <dd data-testid="alarm-state">{pick(a.stateName.zh, a.stateName.en)}</dd>
        <dt>{t('monitoring.alarm.value')}</dt>
        <dd>
          {number(a.value, 2)}{unit} · {t('monitoring.alarm.peak')} {number(a.peak.value, 2)}{unit} ({dateTime(a.peak.ts)})
        </dd>
        <dt>{t('monitoring.alarm.since')}</dt>
        <dd>
          {dateTime(a.startTs)} · {t('monitoring.alarm.last')} {dateTime(a.lastTs)} · {t('monitoring.alarm.count', { n: a.count })}
        </dd>
        {a.escalations > 0 && (
          <>
            <dt>{t('monitoring.alarm.escalations')}</dt>
            <dd>{a.escalations}</dd>
          </>
        )}
        {a.nextEscalationAt && (
          <>
            <dt>{t('monitoring.alarm.nextEscalation')}</dt>
            <dd>{dateTime(a.nextEscalationAt)}</dd>
          </>
        )}
        <dt>{t('monitoring.alarm.assignee')}</dt>
        <dd data-testid="alarm-assignee">{a.assignee ? `${t(`monitoring.assignee.${a.assignee.kind}` as MessageKey)} ${a.assignee.id}` : '—'}</dd>
        {a.clearReason && (
          <>
            <dt>{t('monitoring.alarm.clearReason')}</dt>
            <dd>{a.clearReason}</dd>
          </>
        )}
        <dt>{t('monitoring.alarm.case')}</dt>
        <dd data-testid="alarm-case">
          <CaseLine d={d} mayRead={can('hotline.case.read')} />
        </dd>
      </dl>
      <h3>{t('monitoring.alarm.actions')}</h3>
      <AlarmActions
        alarm={a}
        onDone={(_updated, action) => {
          setFlash(t('monitoring.action.done', { action: t(`monitoring.action.${action}` as MessageKey) }));
          void load();
          onChanged();
        }}
      />
      <h3>{t('monitoring.alarm.history')}</h3>
      <ol className="timeline" data-testid="alarm-history">
        {d.history.map((h, i) => (
          <li key={i} data-action={h.action}>
            <strong>{t(`monitoring.history.${h.action}` as MessageKey)}</strong> <span className="muted small">{dateTime(h.at)} · {h.by}</span>
            {h.severity && h.previousSeverity && h.severity !== h.previousSeverity && <span className="small"> · {t(`monitoring.severity.${h.previousSeverity}` as MessageKey)} → {t(`monitoring.severity.${h.severity}` as MessageKey)}</span>}
            {h.assignee && <span className="small"> · {h.assignee.id}</span>}
            {h.caseId && (
              <span className="small">
                {' '}
                · <span className="mono">{h.caseId}</span>
              </span>
            )}
            {(h.comment || h.reason) && <div className="note">{h.comment ?? h.reason}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

// The hotline case the alarm opened (a link for whoever may read cases), the request still pending, or none.
function CaseLine({ d, mayRead }: { d: AlarmDetail; mayRead: boolean }) {
  const { t, pick, dateTime } = useI18n();
  const refs = useMonitoringRefs();
  const a = d.alarm;
  if (a.caseId) {
    const label = d.case ? `${d.case.number} · ${pick(d.case.statusName.zh, d.case.statusName.en)}${d.case.org ? ` · ${d.case.org.name}` : ''}` : (d.caseRequest?.caseNumber ?? a.caseId);
    return (
      <>
        {mayRead ? (
          <Link to={`/cases/${encodeURIComponent(a.caseId)}`} data-testid="alarm-case-link">{label}</Link>
        ) : (
          <span className="mono">{label}</span>
        )}
        {a.caseClosedAt && (
          <small className="block muted">
            {t('monitoring.alarm.caseClosed', { at: dateTime(a.caseClosedAt) })}
            {a.caseClosingNote ? `: ${a.caseClosingNote}` : ''}
          </small>
        )}
      </>
    );
  }
  // Requested, or about to be (the request follows the alarm by a moment).
  if (d.caseRequest?.status === 'pending' || (!d.caseRequest && a.active && opensCase(refs?.rules, a.alarmType, a.severity))) return <span className="muted">{t('monitoring.alarm.casePending')}</span>;
  if (d.caseRequest?.status === 'failed') return <span className="bad">{t('monitoring.alarm.caseFailed', { error: d.caseRequest.lastError ?? '' })}</span>;
  return <span className="muted">{t('monitoring.alarm.noCase')}</span>;
}
