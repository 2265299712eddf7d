import { useEffect, useState } from 'react';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { Chart } from '../components/chart';
import { Loading } from '../components/bits';
import { errorText } from '../errors';
import { currentMonth } from './overview';
import { EvidenceLinks } from './insights';

interface Candidate {
  category: string;
  categoryName: string;
  categoryPath: string;
  place: string | null;
  placeName: string | null;
  level: 'city' | 'district' | 'street';
  months: { month: string; count: number }[];
  count: number;
  before: number;
  score: number;
  caseIds: string[];
}
interface TextTopic {
  terms: string[];
  title: string;
  size: number;
  months: { month: string; count: number }[];
  month: string;
  score: number;
  messageIds: string[];
}
interface Topics {
  month: string;
  rising: Candidate[];
  recurring: Candidate[];
  text?: { rising: TextTopic[]; recurring: TextTopic[]; documents: number };
}
type Chosen = { label: string; months: { month: string; count: number }[]; ids: string[] };

/** 每月一题: the month's categories and places rising fastest or recurring every month (and, on request, the topics of the texts), each with its months and evidence. */
export function TopicsPanel() {
  const { t, number } = useI18n();
  const [month, setMonth] = useState(currentMonth());
  const [text, setText] = useState(false);
  const [data, setData] = useState<Topics | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setData(null);
    setChosen(null);
    api<Topics>(`/api/hotline/topics${qs({ month, text: text ? 'true' : undefined })}`).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (err) => setError(errorText(t, err)),
    );
  }, [month, text, t]);

  const place = (c: Candidate) => (c.place ? (c.placeName ?? c.place) : t('topics.wholeCity'));
  const table = (title: string, rows: Candidate[], testId: string, scoreLabel: string) => (
    <section className="card">
      <h2>{title}</h2>
      <div className="table-wrap">
        <table data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('insights.category')}</th>
              <th scope="col">{t('topics.place')}</th>
              <th scope="col" className="num">{t('topics.count')}</th>
              <th scope="col" className="num">{t('topics.before')}</th>
              <th scope="col" className="num">{scoreLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={`${c.category}-${c.place}`}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => setChosen({ label: `${c.categoryPath} · ${place(c)}`, months: c.months, ids: c.caseIds })}>{c.categoryPath}</button>
                </th>
                <td>{place(c)}</td>
                <td className="num">{number(c.count)}</td>
                <td className="num">{number(c.before)}</td>
                <td className="num">{number(c.score, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted">{t('topics.none')}</p>}
      </div>
    </section>
  );
  const textList = (title: string, rows: TextTopic[]) => (
    <section className="card">
      <h2>{title}</h2>
      <ul data-testid="text-topics">
        {rows.map((x) => (
          <li key={x.messageIds[0] ?? x.title}>
            <button type="button" className="link" onClick={() => setChosen({ label: x.title, months: x.months, ids: x.messageIds })}>{x.terms.slice(0, 6).join(' · ')}</button>{' '}
            <span className="muted">{t('topics.textSize', { n: x.size, month: x.month })}</span>
          </li>
        ))}
      </ul>
      {rows.length === 0 && <p className="muted">{t('topics.none')}</p>}
    </section>
  );

  return (
    <>
      <div className="toolbar">
        <label>
          {t('assessment.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={text} onChange={(e) => setText(e.target.checked)} /> {t('topics.mineText')}
        </label>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!data && !error && <Loading />}
      {chosen && (
        <section className="card" data-testid="topic-detail" aria-live="polite">
          <h2>{chosen.label}</h2>
          <Chart
            ariaLabel={t('topics.byMonth')}
            height={180}
            option={{
              grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
              xAxis: { type: 'category', data: chosen.months.map((m) => m.month) },
              yAxis: { type: 'value' },
              series: [{ type: 'bar', data: chosen.months.map((m) => m.count), itemStyle: { color: '#1565c0' } }],
              tooltip: { trigger: 'axis' },
            }}
          />
          <p>{t('hotspots.evidence')}: <EvidenceLinks ids={chosen.ids} max={20} /></p>
        </section>
      )}
      {data && (
        <div className="insights-grid">
          <div>
            {table(t('topics.rising'), data.rising, 'topics-rising', t('topics.z'))}
            {table(t('topics.recurring'), data.recurring, 'topics-recurring', t('topics.fewest'))}
          </div>
          <div>
            {data.text ? (
              <>
                {textList(t('topics.textRising'), data.text.rising)}
                {textList(t('topics.textRecurring'), data.text.recurring)}
                <p className="muted small">{t('topics.documents', { n: data.text.documents })}</p>
              </>
            ) : (
              <p className="muted">{t('topics.textHint')}</p>
            )}
          </div>
        </div>
      )}
    </>
  );
}
