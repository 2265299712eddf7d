import { useState } from 'react';
import { post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { CaseQueue, Tabs } from '../components/case-queue';
import { errorText } from '../errors';
import type { CaseView } from '../types';

const queues = {
  incoming: { status: 'dispatched' },
  handling: { status: 'accepted,in_progress,extension_requested,suspension_requested,suspended' },
  overdue: { overdue: 'true' },
  replied: { status: 'replied' },
  closed: { status: 'closed' },
} as const;
type Queue = keyof typeof queues;

/** A street office's or department's view: its queue with deadlines counting down, accept or dispute at once. */
export function OfficePage() {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const [queue, setQueue] = useState<Queue>('incoming');
  const org = me?.orgId ?? undefined;
  return (
    <main id="main" className="page">
      <h1>
        {t('office.title')} {me?.org && <span className="muted">· {pick(me.org.name, me.org.nameEn)}</span>}
      </h1>
      <section className="card">
        <Tabs label={t('office.title')} value={queue} onChange={setQueue} tabs={(Object.keys(queues) as Queue[]).map((k) => ({ key: k, label: t(`office.queue.${k}` as MessageKey) }))} />
        <CaseQueue filter={{ ...queues[queue], org }} actions={(c, reload) => <QuickActions c={c} reload={reload} />} />
      </section>
    </main>
  );
}

function QuickActions({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: string, body: Record<string, unknown> = {}) => {
    setError(null);
    try {
      await post(`/api/hotline/cases/${c.id}/${action}`, { ...body, expectedVersion: c.rowVersion });
      reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <div className="quick">
      {c.actions.includes('accept') && (
        <button type="button" className="primary" onClick={() => void act('accept')}>
          {t('action.accept')}
        </button>
      )}
      {c.actions.includes('dispute') && !disputing && (
        <button type="button" onClick={() => setDisputing(true)}>
          {t('action.dispute')}
        </button>
      )}
      {disputing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError(t('error.required'));
            void act('dispute', { reason });
          }}
        >
          <label>
            {t('form.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
          <button type="submit">{t('form.confirm', { action: t('action.dispute') })}</button>
        </form>
      )}
      {error && (
        <small className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
