import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, post, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { errorText } from '../errors';
import { Loading } from './bits';

interface Problem {
  id: string;
  code: string;
  regionCode: string;
  year: number;
  object: { type: string; id: string; name: string; detail: string | null };
  project: { id: string; name: string; status: string; percent: number } | null;
  recheck: { status: 'gone' | 'persists' | 'not_rechecked'; year: number | null };
}
const statuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
const shown = 20;

/**
 * The problems the count indicators found in the region and year (体检 → 更新 → 再体检): each
 * object where it lies, its renewal project and progress, its re-checkup; those who may open
 * a project from the problems ticked, and record a project's progress.
 */
export function CheckupProblems({ region, year, indicator, names, canWrite }: { region: string; year: number; indicator: string | null; names: Record<string, string>; canWrite: boolean }) {
  const { t } = useI18n();
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [all, setAll] = useState(false);
  const [name, setName] = useState('');
  const [due, setDue] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api<{ problems: Problem[] }>(`/api/checkup/problems${qs({ region, year, indicator: indicator ?? undefined, prefer: 'narrowest' })}`).then(
      (r) => setProblems(r.problems),
      (err) => setError(errorText(t, err)),
    );
  }, [region, year, indicator, t]);
  useEffect(() => {
    setProblems(null);
    setTicked(new Set());
    load();
  }, [load]);

  const open = async (e: FormEvent) => {
    e.preventDefault();
    if (!ticked.size) return setError(t('checkup.project.choose'));
    try {
      const p = await post<{ name: string }>('/api/checkup/projects', { name: name.trim(), problems: [...ticked], dueDate: due || undefined });
      setFlash(t('checkup.project.opened', { name: p.name }));
      setError(null);
      setTicked(new Set());
      setName('');
      load();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const tick = (id: string, on: boolean) => setTicked((s) => {
    const next = new Set(s);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
  const list = problems ?? [];
  return (
    <section className="card" data-testid="checkup-problems">
      <h2>{t('checkup.problems')} {problems && <span className="muted small">({list.length})</span>}</h2>
      {flash && <p className="flash" role="status">{flash}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {!problems ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('checkup.problems.none')}</p>
      ) : (
        <>
          {canWrite && (
            <form className="row" onSubmit={open} data-testid="open-project">
              <label className="field">
                {t('checkup.project.name')}
                <input name="projectName" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
              </label>
              <label className="field">
                {t('checkup.project.due')}
                <input type="date" name="dueDate" value={due} onChange={(e) => setDue(e.target.value)} />
              </label>
              <button type="submit" className="primary" disabled={!ticked.size}>{t('checkup.project.open', { n: ticked.size })}</button>
            </form>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {canWrite && <th scope="col"><span className="visually-hidden">{t('checkup.project.tick')}</span></th>}
                  <th scope="col">{t('checkup.col.indicator')}</th>
                  <th scope="col">{t('checkup.problems.region')}</th>
                  <th scope="col">{t('checkup.problems.object')}</th>
                  <th scope="col">{t('checkup.problems.project')}</th>
                  <th scope="col">{t('checkup.problems.recheck')}</th>
                </tr>
              </thead>
              <tbody>
                {(all ? list : list.slice(0, shown)).map((p) => (
                  <tr key={p.id} data-testid="problem-row">
                    {canWrite && <td>{!p.project && <input type="checkbox" aria-label={t('checkup.project.tickOne', { name: p.object.name })} checked={ticked.has(p.id)} onChange={(e) => tick(p.id, e.target.checked)} />}</td>}
                    <td className="mono">{p.code}</td>
                    <td>{names[p.regionCode] ?? p.regionCode}</td>
                    <th scope="row">{p.object.name}{p.object.detail && <span className="muted small"> · {p.object.detail}</span>}</th>
                    <td>
                      {p.project ? (
                        <>
                          {p.project.name} · <span className={`badge project-${p.project.status}`}>{t(`checkup.project.status.${p.project.status}` as MessageKey)}</span> {p.project.percent}%
                          {canWrite && !['done', 'cancelled'].includes(p.project.status) && (
                            <button type="button" className="link small" onClick={() => setEditing(editing === p.project!.id ? null : p.project!.id)}> {t('checkup.project.progress')}</button>
                          )}
                          {editing === p.project.id && <Progress project={p.project} onSaved={() => { setEditing(null); setFlash(t('checkup.project.saved')); load(); }} onError={(m) => setError(m)} />}
                        </>
                      ) : (
                        <span className="muted">{t('checkup.project.none')}</span>
                      )}
                    </td>
                    <td>{t(`checkup.recheck.${p.recheck.status}` as MessageKey)}{p.recheck.year ? ` (${p.recheck.year})` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!all && list.length > shown && <button type="button" className="link" onClick={() => setAll(true)}>{t('checkup.problems.all', { n: list.length })}</button>}
        </>
      )}
    </section>
  );
}

/** A project's progress: its status and how much is done. */
function Progress({ project, onSaved, onError }: { project: NonNullable<Problem['project']>; onSaved: () => void; onError: (message: string) => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState(project.status);
  const [percent, setPercent] = useState(String(project.percent));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/api/checkup/projects/${encodeURIComponent(project.id)}`, { status, ...(status === 'done' ? {} : { percent: Number(percent) }) });
      onSaved();
    } catch (err) {
      onError(errorText(t, err));
    }
  };
  return (
    <form className="quick" onSubmit={save} data-testid="project-progress">
      <select name="status" value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('checkup.project.statusLabel')}>
        {statuses.map((s) => <option key={s} value={s}>{t(`checkup.project.status.${s}` as MessageKey)}</option>)}
      </select>
      <input name="percent" type="number" min={0} max={100} value={percent} onChange={(e) => setPercent(e.target.value)} aria-label={t('checkup.project.percent')} disabled={status === 'done'} />
      <button type="submit">{t('checkup.project.save')}</button>
    </form>
  );
}
