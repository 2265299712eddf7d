import { useI18n, type MessageKey } from '../i18n';

/** A region's checkup for a year, as GET /api/checkup/evaluation gives it (src/modules/checkup/evaluate.ts). */
export interface Evaluation {
  region: { code: string; name: string; nameEn: string | null; level: string; parent: string | null };
  year: number;
  years: number[];
  coverage: Coverage;
  counts: Counts;
  tasks: TaskEvaluation[];
}
export interface Coverage {
  withValue: number;
  total: number;
  share: number;
}
export type Status = 'met' | 'near' | 'not_met' | 'context' | 'no_standard' | 'missing' | 'no_provider';
export type Counts = Record<Status, number>;
export interface TaskEvaluation {
  task: string;
  name: { zh: string; en: string };
  coverage: Coverage;
  counts: Counts;
  indicators: EvaluatedIndicator[];
}
export interface EvaluatedIndicator {
  code: string;
  name: { zh: string; en: string };
  level: string;
  unit: string;
  kind: string;
  direction: 'higher' | 'lower' | 'within';
  value: number | null;
  source: { origin: string; source: string; sample: boolean } | null;
  standard: { version: number; target: number | null; lower: number | null; upper: number | null; tier: string; document: string; verified: boolean } | null;
  status: Status;
  gap: number | null;
  trend: { previousYear: number; previous: number; change: number; direction: 'improving' | 'worsening' | 'stable' } | null;
  series: { year: number; value: number }[];
  rank: { rank: number; of: number } | null;
}

// The bar's segments, in the order the eye reads them: met, near, not met, shown only, missing.
const segments: { key: string; of: Status[] }[] = [
  { key: 'met', of: ['met'] },
  { key: 'near', of: ['near'] },
  { key: 'not_met', of: ['not_met'] },
  { key: 'context', of: ['context', 'no_standard'] },
  { key: 'missing', of: ['missing', 'no_provider'] },
];

/** The seven tasks at a glance: each task's indicators by status as a bar, its coverage; choosing one opens its indicators. */
export function CheckupTasks({ tasks, selected, onSelect }: { tasks: TaskEvaluation[]; selected: string | null; onSelect: (task: string) => void }) {
  const { t, pick, number } = useI18n();
  return (
    <section className="checkup-tasks" aria-label={t('checkup.tasks')} data-testid="checkup-tasks">
      {tasks.map((task) => {
        const total = task.indicators.length || 1;
        return (
          <button type="button" key={task.task} className={`checkup-task ${selected === task.task ? 'selected' : ''}`} aria-pressed={selected === task.task} onClick={() => onSelect(task.task)} data-testid="task-card" data-task={task.task}>
            <strong>{pick(task.name.zh, task.name.en)}</strong>
            <span className="checkup-bar" aria-hidden="true">
              {segments.map((s) => {
                const n = s.of.reduce((a, st) => a + task.counts[st], 0);
                return n ? <i key={s.key} className={`seg-${s.key}`} style={{ width: `${(n / total) * 100}%` }} /> : null;
              })}
            </span>
            <span className="checkup-counts">
              {segments.map((s) => {
                const n = s.of.reduce((a, st) => a + task.counts[st], 0);
                return (
                  <span key={s.key} className={`count-${s.key}`}>
                    {t(`checkup.status.${s.key}` as MessageKey)} {n}
                  </span>
                );
              })}
            </span>
            <small className="muted">{t('checkup.taskCoverage', { n: task.coverage.withValue, total: task.coverage.total, pct: number(task.coverage.share * 100) })}</small>
          </button>
        );
      })}
    </section>
  );
}
