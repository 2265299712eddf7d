import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CallerHistory, CitizenContact } from '../components/caller-history';
import { Attachments } from '../components/attachments';
import { useSession } from '../session';
import { api, ApiError, post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Countdown, Loading, StatusBadge, runningDeadline } from '../components/bits';
import { Field, FormError } from '../components/field';
import { errorText, toFieldErrors, type FieldErrors } from '../errors';
import { useLive } from '../live';
import { Link } from '../router';
import type { CaseView, TimelineEntry } from '../types';

/** One case: its details, deadlines, timeline, and a form for each action the state machine allows this user. */
export function CasePage({ params }: { params: Record<string, string> }) {
  const { t, pick, dateTime } = useI18n();
  const [c, setC] = useState<CaseView | null>(null);
  const { me, can } = useSession();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const id = params.id!;

  const load = useCallback(async () => {
    try {
      const [one, tl] = await Promise.all([api<{ case: CaseView }>(`/api/hotline/cases/${encodeURIComponent(id)}`), api<{ timeline: TimelineEntry[] }>(`/api/hotline/cases/${encodeURIComponent(id)}/timeline`)]);
      setC(one.case);
      setTimeline(tl.timeline);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err), 0));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useLive((m) => {
    if (m.cases.some((x) => x.caseId === c?.id)) void load();
  });

  if (error) {
    return (
      <main id="main" className="page">
        <h1>{t('case.title')}</h1>
        <p className="form-error" role="alert" data-testid="case-error">
          {error.kind === 'not_found' ? t('case.notVisible') : errorText(t, error)}
        </p>
      </main>
    );
  }
  if (!c) return <main id="main" className="page"><Loading /></main>;
  // The hotline, the office that has the case, the citizen who filed it (the service decides; this only offers the form).
  const mayAttach = can('hotline.case.create') || (!!me && me.roles.includes('handler') && !!c.org && me.orgId === c.org.code) || (!!me && me.roles.includes('citizen'));

  const done = (updated: CaseView, label: string) => {
    setC(updated);
    setAction(null);
    setFlash(t('case.done', { action: label }));
    void load();
  };
  const due = runningDeadline(c);

  return (
    <main id="main" className="page case-page">
      <div className="page-head">
        <h1>
          {t('case.title')} <span className="mono" data-testid="case-number">{c.number}</span> <StatusBadge status={c.status} />
        </h1>
        {due && <Countdown due={due} />}
      </div>
      {flash && (
        <p className="flash" role="status">
          {flash}
        </p>
      )}
      <div className="case-grid">
        <section className="card">
          <h2>{c.title || t('case.noTitle')}</h2>
          <p className="description">{c.description}</p>
          <dl className="facts">
            <dt>{t('case.kind')}</dt>
            <dd>{t(`kind.${c.kind}` as MessageKey)}</dd>
            <dt>{t('case.category')}</dt>
            <dd>{c.category ? pick(c.category.path, c.category.pathEn) : '—'}</dd>
            <dt>{t('case.channel')}</dt>
            <dd>{t(`channel.${c.channel}` as MessageKey)}</dd>
            <dt>{t('case.urgency')}</dt>
            <dd>{t(`urgency.${c.urgency}` as MessageKey)}</dd>
            <dt>{t('case.place')}</dt>
            <dd>
              {c.location.address ?? '—'} {c.location.regionCode && <span className="mono muted">{c.location.regionCode}</span>}
              {c.location.lon !== null && c.location.lat !== null && (
                <span className="muted small">
                  {' '}
                  ({c.location.lon.toFixed(5)}, {c.location.lat.toFixed(5)})
                </span>
              )}
            </dd>
            <dt>{t('case.citizen')}</dt>
            <dd>
              <CitizenContact c={c} />
            </dd>
            <dt>{t('case.office')}</dt>
            <dd data-testid="case-office">{c.org?.name ?? '—'}</dd>
            <dt>{t('case.proposal')}</dt>
            <dd>
              {c.proposal.org?.name ?? '—'}
              {c.proposal.reason && <small className="muted block">{c.proposal.reason}</small>}
            </dd>
            <dt>{t('case.received')}</dt>
            <dd>{dateTime(c.receivedAt)}</dd>
            <dt>{t('case.deadlines')}</dt>
            <dd>
              {t('deadline.response')} {dateTime(c.deadlines.response)} · {t('deadline.handling')} {dateTime(c.deadlines.handling)} · {t('deadline.callback')} {dateTime(c.deadlines.callback)}
              {c.deadlines.overdue.length > 0 && <strong className="bad"> · {t('case.overdue')}</strong>}
            </dd>
            {c.pending && (
              <>
                <dt>{t('case.pending')}</dt>
                <dd>
                  {t(`pending.${c.pending.type}` as MessageKey)}: {c.pending.reason} {c.pending.until && `→ ${dateTime(c.pending.until)}`}
                </dd>
              </>
            )}
            {c.reply && (
              <>
                <dt>{t('case.reply')}</dt>
                <dd data-testid="case-reply">{c.reply}</dd>
              </>
            )}
            {c.satisfaction && (
              <>
                <dt>{t('callback.satisfaction')}</dt>
                <dd>{t(`satisfaction.${c.satisfaction}` as MessageKey)}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('case.actions')}</h2>
          {c.actions.length === 0 && <p className="muted">{t('case.noActions')}</p>}
          <div className="action-buttons" role="group" aria-label={t('case.actions')}>
            {c.actions.map((a) => (
              <button key={a} type="button" className={action === a ? 'primary' : ''} aria-pressed={action === a} onClick={() => setAction(action === a ? null : a)} data-action={a}>
                {t(`action.${a}` as MessageKey)}
              </button>
            ))}
          </div>
          {action && <ActionForm key={action} c={c} action={action} onDone={done} onCancel={() => setAction(null)} />}
        </section>
      </div>
      <Attachments key={`att-${c.id}`} caseId={c.id} mayAdd={mayAttach} onAdded={() => void load()} />
      <CallerHistory key={c.id} c={c} />
      <section className="card">
        <h2>{t('case.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> <strong>{t(`action.${e.action}` as MessageKey)}</strong>
              {e.to && (
                <span className="muted">
                  {' '}
                  {e.from ? `${t(`status.${e.from}` as MessageKey)} → ` : ''}
                  {t(`status.${e.to}` as MessageKey)}
                </span>
              )}
              <span className="muted small"> · {e.actor}{e.org ? ` · ${e.org}` : ''}</span>
              {e.note && <div className="note">{e.note}</div>}
            </li>
          ))}
        </ol>
        <p>
          <Link to="/cases">{t('case.back')}</Link>
        </p>
      </section>
    </main>
  );
}

const needsOrg = new Set(['dispatch', 'redispatch', 'uphold_dispute']);
const needsReply = new Set(['reply', 'answer']);
const needsReason = new Set(['dispute', 'request_extension', 'request_suspension', 'redo', 'reopen', 'reject_dispute', 'reject_extension', 'reject_suspension']);
const needsUntil = new Set(['request_extension', 'request_suspension']);

/** The inputs one action takes, posted to its endpoint; the API's field errors appear beside the inputs. */
function ActionForm({ c, action, onDone, onCancel }: { c: CaseView; action: string; onDone: (c: CaseView, label: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const label = t(`action.${action}` as MessageKey);
  const isCallback = action === 'callback' || action === 'callback_failed';
  const [org, setOrg] = useState(c.proposal.org?.code ?? '');
  const [orgs, setOrgs] = useState<{ code: string; name: string }[]>([]);
  const [reason, setReason] = useState(action === 'dispatch' && c.proposal.reason ? c.proposal.reason : '');
  const [reply, setReply] = useState('');
  const [until, setUntil] = useState('');
  const [into, setInto] = useState('');
  const [target, setTarget] = useState('');
  const [targets, setTargets] = useState<{ code: string; name: string; nameEn: string }[]>([]);
  const [reached, setReached] = useState(action === 'callback');
  const [resolved, setResolved] = useState(true);
  const [satisfaction, setSatisfaction] = useState('satisfied');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (needsOrg.has(action)) api<{ orgs: { code: string; name: string }[] }>('/api/orgs').then((r) => setOrgs(r.orgs), () => setOrgs([]));
    if (action === 'transfer') api<{ transferTargets: { code: string; name: string; nameEn: string }[] }>('/api/hotline/catalog').then((r) => setTargets(r.transferTargets), () => setTargets([]));
  }, [action]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      let body: Record<string, unknown>;
      let url = `/api/hotline/cases/${c.id}/${action.replaceAll('_', '-')}`;
      if (isCallback) {
        url = `/api/hotline/cases/${c.id}/callback`;
        body = reached ? { reached: true, resolved, satisfaction, note: note || null } : { reached: false, note: note || null };
      } else {
        body = { expectedVersion: c.rowVersion };
        if (needsOrg.has(action)) body.org = org || null;
        if (needsReply.has(action)) body.reply = reply;
        if (needsReason.has(action) || needsOrg.has(action)) body.reason = reason || null;
        if (needsUntil.has(action) && until) body.until = new Date(until).toISOString();
        if (action === 'merge') body.into = into;
        if (action === 'transfer') body.target = target;
        if (!needsReason.has(action) && !needsReply.has(action) && note) body.note = note;
      }
      const r = await post<{ case: CaseView }>(url, body);
      onDone(r.case, label);
    } catch (err) {
      setErrors(toFieldErrors(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={`form-${action}`}>
      <h3>{label}</h3>
      {needsOrg.has(action) && (
        <Field label={t('form.org')} error={errors.org} hint={c.proposal.org ? t('form.proposed', { name: c.proposal.org.name }) : undefined}>
          <select name="org" value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">—</option>
            {c.proposal.org && !orgs.some((o) => o.code === c.proposal.org!.code) && <option value={c.proposal.org.code}>{c.proposal.org.name}</option>}
            {orgs.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {needsReply.has(action) && (
        <Field label={t('form.reply')} error={errors.reply}>
          <textarea name="reply" rows={4} value={reply} onChange={(e) => setReply(e.target.value)} />
        </Field>
      )}
      {(needsReason.has(action) || needsOrg.has(action)) && (
        <Field label={t('form.reason')} error={errors.reason}>
          <textarea name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      )}
      {needsUntil.has(action) && (
        <Field label={t('form.until')} error={errors.until}>
          <input name="until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
      )}
      {action === 'merge' && (
        <Field label={t('form.into')} error={errors.into}>
          <input name="into" value={into} onChange={(e) => setInto(e.target.value)} />
        </Field>
      )}
      {action === 'transfer' && (
        <Field label={t('form.target')} error={errors.target}>
          <select name="target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">—</option>
            {targets.map((x) => (
              <option key={x.code} value={x.code}>
                {x.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {isCallback && (
        <fieldset>
          <legend>{t('callback.reached')}</legend>
          <label className="inline">
            <input type="radio" name="reached" checked={reached} onChange={() => setReached(true)} /> {t('common.yes')}
          </label>
          <label className="inline">
            <input type="radio" name="reached" checked={!reached} onChange={() => setReached(false)} /> {t('common.no')}
          </label>
        </fieldset>
      )}
      {isCallback && reached && (
        <>
          <fieldset>
            <legend>{t('callback.resolved')}</legend>
            <label className="inline">
              <input type="radio" name="resolved" checked={resolved} onChange={() => setResolved(true)} /> {t('common.yes')}
            </label>
            <label className="inline">
              <input type="radio" name="resolved" checked={!resolved} onChange={() => setResolved(false)} /> {t('common.no')}
            </label>
          </fieldset>
          <Field label={t('callback.satisfaction')} error={errors.satisfaction}>
            <select name="satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)}>
              {['satisfied', 'basically_satisfied', 'dissatisfied'].map((s) => (
                <option key={s} value={s}>
                  {t(`satisfaction.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
      {(isCallback || (!needsReason.has(action) && !needsReply.has(action))) && (
        <Field label={t('form.note')} error={errors.note}>
          <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      )}
      <FormError error={errors._form ?? Object.entries(errors).find(([k]) => !['org', 'reply', 'reason', 'until', 'into', 'target', 'note', 'satisfaction'].includes(k))?.[1]} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.working') : t('form.confirm', { action: label })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
