import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, post } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { toFieldErrors, type FieldErrors } from '../errors';
import { Field, FormError } from './field';
import type { AlarmView } from './monitoring-data';

type Action = 'acknowledge' | 'assign' | 'comment' | 'clear';

/** What may be done with an alarm now (its `allowed` list): acknowledge, assign, comment, clear — each with the API's errors beside its fields. */
export function AlarmActions({ alarm, onDone }: { alarm: AlarmView; onDone: (a: AlarmView, action: Action) => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [busy, setBusy] = useState<Action | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Action, FieldErrors>>>({});
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<'user' | 'org'>('org');
  const [who, setWho] = useState('');
  const offices = useOffices();
  const may = (a: string) => alarm.allowed.includes(a);

  const send = async (action: Action, body: Record<string, unknown>, reset?: () => void) => {
    setBusy(action);
    setErrors((e) => ({ ...e, [action]: {} }));
    try {
      const updated = await post<AlarmView>(`/api/monitoring/alarms/${encodeURIComponent(alarm.id)}/${action}`, { ...body, expectedVersion: alarm.version });
      reset?.();
      setErrors({});
      onDone(updated, action);
    } catch (err) {
      const fields = toFieldErrors(t, err);
      // Someone else changed it meanwhile: say so; the page reloads it.
      if ((err as { kind?: string }).kind === 'conflict') fields._form = t('monitoring.action.conflict');
      setErrors((e) => ({ ...e, [action]: fields }));
    } finally {
      setBusy(null);
    }
  };
  const submit = (action: Action, body: () => Record<string, unknown>, reset?: () => void) => (e: FormEvent) => {
    e.preventDefault();
    void send(action, body(), reset);
  };

  if (!alarm.allowed.length) return <p className="muted small">{t('monitoring.action.none')}</p>;
  const err = (a: Action, ...fields: string[]) => fields.map((f) => errors[a]?.[f]).find(Boolean);
  return (
    <div className="alarm-actions" data-testid="alarm-actions">
      {may('acknowledge') && (
        <ActionForm name="acknowledge" onSubmit={submit('acknowledge', () => ({ note: note.trim() || null }), () => setNote(''))} error={err('acknowledge', '_form')}>
          <Field label={t('monitoring.action.note')} error={err('acknowledge', 'note')}>
            <input name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </Field>
          <button type="submit" className="primary" disabled={busy !== null}>{t('monitoring.action.acknowledge')}</button>
        </ActionForm>
      )}
      {may('assign') && (
        <ActionForm name="assign" onSubmit={submit('assign', () => ({ assignee: { kind, id: who.trim() } }), () => setWho(''))} error={err('assign', '_form', 'assignee')}>
          <div className="row">
            <Field label={t('monitoring.action.assigneeKind')} className="narrow" error={err('assign', 'assignee.kind')}>
              <select name="assigneeKind" value={kind} onChange={(e) => setKind(e.target.value as 'user' | 'org')}>
                <option value="org">{t('monitoring.assignee.org')}</option>
                <option value="user">{t('monitoring.assignee.user')}</option>
              </select>
            </Field>
            <Field label={t('monitoring.action.assignee')} error={err('assign', 'assignee.id')} hint={kind === 'org' ? t('monitoring.action.assigneeOrgHint') : t('monitoring.action.assigneeUserHint')}>
              <input name="assignee" value={who} onChange={(e) => setWho(e.target.value)} list={kind === 'org' ? 'alarm-offices' : undefined} maxLength={64} />
            </Field>
          </div>
          <datalist id="alarm-offices">
            {offices.map((o) => (
              <option key={o.code} value={o.code}>{o.name}</option>
            ))}
          </datalist>
          <div className="buttons">
            <button type="submit" disabled={busy !== null}>{t('monitoring.action.assign')}</button>
            {me && (
              <button type="button" disabled={busy !== null} onClick={() => void send('assign', { assignee: { kind: 'user', id: me.id } })}>
                {t('monitoring.action.assignMe')}
              </button>
            )}
            {may('unassign') && alarm.assignee && (
              <button type="button" disabled={busy !== null} onClick={() => void send('assign', { assignee: null })}>
                {t('monitoring.action.unassign')}
              </button>
            )}
          </div>
        </ActionForm>
      )}
      {may('comment') && (
        <ActionForm name="comment" onSubmit={submit('comment', () => ({ text: comment }), () => setComment(''))} error={err('comment', '_form')}>
          <Field label={t('monitoring.action.comment')} error={err('comment', 'text')}>
            <textarea name="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          </Field>
          <button type="submit" disabled={busy !== null}>{t('monitoring.action.addComment')}</button>
        </ActionForm>
      )}
      {may('clear') && (
        <ActionForm name="clear" onSubmit={submit('clear', () => ({ reason }), () => setReason(''))} error={err('clear', '_form')}>
          <Field label={t('monitoring.action.clearReason')} error={err('clear', 'reason')} hint={t('monitoring.action.clearHint')}>
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Field>
          <button type="submit" disabled={busy !== null}>{t('monitoring.action.clear')}</button>
        </ActionForm>
      )}
    </div>
  );
}

function ActionForm({ name, onSubmit, error, children }: { name: Action; onSubmit: (e: FormEvent) => void; error?: string; children: ReactNode }) {
  return (
    <form className="action-form" data-action={name} onSubmit={onSubmit} noValidate>
      {children}
      <FormError error={error} />
    </form>
  );
}

let officeList: Promise<{ code: string; name: string }[]> | null = null;

// The city's offices for the assignee list; none when the directory is not readable.
function useOffices(): { code: string; name: string }[] {
  const [orgs, setOrgs] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    officeList ??= api<{ orgs: { code: string; name: string }[] }>('/api/orgs').then((r) => r.orgs.map((o) => ({ code: o.code, name: o.name })), () => []);
    void officeList.then(setOrgs);
  }, []);
  return orgs;
}
