import { useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { CaseQueue, Tabs } from '../components/case-queue';
import { IntakeForm } from './intake';

/** The hotline's queues by status, for operators and dispatchers. */
export const hotlineQueues = {
  received: { status: 'received' },
  dispatched: { status: 'dispatched' },
  disputed: { status: 'disputed' },
  handling: { status: 'accepted,in_progress,extension_requested,suspension_requested,suspended' },
  callback: { status: 'replied,answered' },
  overdue: { overdue: 'true' },
  closed: { status: 'closed,merged,transferred' },
} as const;
type Queue = keyof typeof hotlineQueues;

/** The operator's workbench: intake on the left, the queues on the right. */
export function WorkbenchPage() {
  const { t } = useI18n();
  const [queue, setQueue] = useState<Queue>('received');
  return (
    <main id="main" className="page workbench">
      <h1>{t('workbench.title')}</h1>
      <div className="workbench-grid">
        <IntakeForm />
        <section className="card" aria-labelledby="queues-title">
          <h2 id="queues-title">{t('workbench.queues')}</h2>
          <Tabs label={t('workbench.queues')} value={queue} onChange={setQueue} tabs={(Object.keys(hotlineQueues) as Queue[]).map((k) => ({ key: k, label: t(`queue.${k}` as MessageKey) }))} />
          <CaseQueue filter={hotlineQueues[queue]} />
        </section>
      </div>
    </main>
  );
}
