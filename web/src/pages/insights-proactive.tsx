import { useCallback, useEffect, useState } from 'react';
import { api, post, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Loading } from '../components/bits';
import { errorText } from '../errors';
import { useSession } from '../session';
import { EvidenceLinks } from './insights';

interface Task {
  id: string;
  category: { code: string; name: string; path: string };
  centre: { lon: number; lat: number };
  radiusM: number;
  regionCode: string | null;
  org: { code: string; name: string } | null;
  caseIds: string[];
  status: 'open' | 'done' | 'dismissed';
  note: string | null;
  closedBy: string | null;
  createdAt: string;
  updatedAt: string;
}
const statuses = ['open', 'done', 'dismissed'] as const;

/** 未诉先办: the places where a problem keeps recurring, as tasks for their street office, which closes them as done or dismisses them with a reason. */
export function ProactivePanel() {
  const { t, dateTime } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState<(typeof statuses)[number]>('open');
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const mayHandle = can('hotline.proactive.handle');

  const load = useCallback(() => {
    api<{ tasks: Task[] }>(`/api/hotline/proactive${qs({ status })}`).then(
      (r) => {
        setTasks(r.tasks);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  }, [status, t]);
  useEffect(() => {
    setTasks(null);
    load();
  }, [load]);

  const close = async (task: Task, action: 'done' | 'dismiss') => {
    setBusy(task.id);
    try {
      await post(`/api/hotline/proactive/${encodeURIComponent(task.id)}/${action}`, { note: notes[task.id]?.trim() || null });
      setError(null);
      load();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="toolbar">
        <label>
          {t('proactive.status')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {statuses.map((s) => (
              <option key={s} value={s}>{t(`proactive.status.${s}` as MessageKey)}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">{t('proactive.explain')}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!tasks && !error && <Loading />}
      {tasks && tasks.length === 0 && <p className="muted">{t('proactive.none')}</p>}
      <ul className="task-list" data-testid="proactive-tasks">
        {(tasks ?? []).map((task) => (
          <li key={task.id} className="card">
            <h3>{task.category.path}</h3>
            <p>
              {t('proactive.where', { r: task.radiusM, lon: task.centre.lon.toFixed(5), lat: task.centre.lat.toFixed(5) })} · {task.org ? task.org.name : t('proactive.noOffice')} · {dateTime(task.createdAt)}
            </p>
            <p>{t('proactive.cases', { n: task.caseIds.length })}: <EvidenceLinks ids={task.caseIds} /></p>
            {task.status !== 'open' && (
              <p className="muted">{t(`proactive.status.${task.status}` as MessageKey)} · {task.closedBy} · {dateTime(task.updatedAt)}{task.note ? ` · ${task.note}` : ''}</p>
            )}
            {task.status === 'open' && mayHandle && (
              <div className="toolbar">
                <label>
                  {t('proactive.note')} <input value={notes[task.id] ?? ''} onChange={(e) => setNotes({ ...notes, [task.id]: e.target.value })} maxLength={2000} size={40} />
                </label>
                <button type="button" disabled={busy === task.id} onClick={() => close(task, 'done')}>{t('proactive.done')}</button>
                <button type="button" disabled={busy === task.id} onClick={() => close(task, 'dismiss')}>{t('proactive.dismiss')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
