import { useEffect, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';

/** Time left to a deadline, ticking; red once passed. */
export function Countdown({ due }: { due: string | null | undefined }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  if (!due) return <span className="muted">—</span>;
  const ms = Date.parse(due) - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? t('time.dh', { d, h }) : h > 0 ? t('time.hm', { h, m }) : t('time.m', { m });
  const cls = ms < 0 ? 'countdown overdue' : ms < 4 * 3_600_000 ? 'countdown soon' : 'countdown';
  return (
    <span className={cls} title={due}>
      {ms < 0 ? t('time.overdueBy', { span }) : t('time.left', { span })}
    </span>
  );
}

/** A case's status as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}` as MessageKey)}</span>;
}

/** The case's running deadline: response while dispatched, callback once replied, handling otherwise. */
export function runningDeadline(c: { status: string; deadlines: { response: string | null; handling: string | null; callback: string | null } }): string | null {
  if (c.status === 'dispatched') return c.deadlines.response ?? c.deadlines.handling;
  if (c.status === 'replied' || c.status === 'answered') return c.deadlines.callback;
  if (['closed', 'merged', 'transferred', 'received'].includes(c.status)) return null;
  return c.deadlines.handling;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}
