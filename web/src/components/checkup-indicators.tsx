import { useI18n, type MessageKey } from '../i18n';
import type { EvaluatedIndicator, TaskEvaluation } from './checkup-tasks';

/** A figure as the checkup shows it: whole numbers whole, others to two decimals. */
export function useFigure() {
  const { number } = useI18n();
  return (v: number) => number(v, Number.isInteger(v) ? 0 : 2);
}

/** A value with its unit, the percent sign on the number. */
export function useUnitValue() {
  const figure = useFigure();
  return (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '—' : unit === '%' ? `${figure(v)}%` : `${figure(v)} ${unit}`);
}

/** The standard as a rule: ≥ 90%, ≤ 35 µg/m³, 30–40%. */
export function useStandardRule() {
  const figure = useFigure();
  const withUnit = useUnitValue();
  return (i: Pick<EvaluatedIndicator, 'standard' | 'direction' | 'unit'>) => {
    const s = i.standard;
    if (!s) return '—';
    if (i.direction === 'within' && s.lower !== null && s.upper !== null) return `${figure(s.lower)}–${withUnit(s.upper, i.unit)}`;
    return s.target === null ? '—' : `${i.direction === 'higher' ? '≥' : '≤'} ${withUnit(s.target, i.unit)}`;
  };
}

/** One task's indicators: value (sample marked, missing as missing), standard and tier, status and gap, trend, rank; a name opens its map and trend. */
export function CheckupIndicators({ task, selected, onSelect }: { task: TaskEvaluation; selected: string | null; onSelect: (code: string) => void }) {
  const { t, pick } = useI18n();
  const figure = useFigure();
  const withUnit = useUnitValue();
  const rule = useStandardRule();
  return (
    <section className="card" data-testid="checkup-indicators">
      <h2>{t('checkup.indicatorsOf', { task: pick(task.name.zh, task.name.en) })}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('checkup.col.indicator')}</th>
              <th scope="col">{t('checkup.col.level')}</th>
              <th scope="col" className="num">{t('checkup.col.value')}</th>
              <th scope="col">{t('checkup.col.standard')}</th>
              <th scope="col">{t('checkup.col.status')}</th>
              <th scope="col">{t('checkup.col.trend')}</th>
              <th scope="col" className="num">{t('checkup.col.rank')}</th>
            </tr>
          </thead>
          <tbody>
            {task.indicators.map((i) => (
              <tr key={i.code} className={selected === i.code ? 'selected' : ''} data-testid="indicator-row" data-code={i.code}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onSelect(i.code)} aria-expanded={selected === i.code}>
                    <span className="mono">{i.code}</span> {pick(i.name.zh, i.name.en)}
                  </button>
                </th>
                <td>{t(`checkup.level.${i.level}` as MessageKey)}</td>
                <td className="num">
                  {i.value === null ? <span className="muted">{t(i.status === 'no_provider' ? 'checkup.status.no_provider' : 'checkup.status.missing')}</span> : withUnit(i.value, i.unit)}
                  {i.source?.sample && <span className="badge sample" title={i.source.source}>{t('checkup.sample')}</span>}
                </td>
                <td>
                  {rule(i)}
                  {i.standard && <span className="muted small"> · {t(`checkup.tier.${i.standard.tier}` as MessageKey)}</span>}
                </td>
                <td>
                  <span className={`badge checkup-${i.status}`}>{t(`checkup.status.${i.status}` as MessageKey)}</span>
                  {i.gap !== null && i.status !== 'met' && <span className="small"> {i.gap > 0 ? '+' : ''}{figure(i.gap)}</span>}
                </td>
                <td className={i.trend && i.kind !== 'context' ? `trend-${i.trend.direction}` : ''}>
                  {i.trend ? `${i.trend.change > 0 ? '+' : ''}${figure(i.trend.change)}${i.kind === 'context' ? '' : ` ${t(`checkup.trend.${i.trend.direction}` as MessageKey)}`} (${i.trend.previousYear})` : '—'}
                </td>
                <td className="num">{i.rank ? `${i.rank.rank}/${i.rank.of}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
