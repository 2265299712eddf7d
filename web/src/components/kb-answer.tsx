import { useEffect, useState } from 'react';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { Field } from './field';

interface Hit {
  code: string;
  version: number;
  title: string;
  snippet: string;
  matched: string[];
}

/** An answer given at intake from the knowledge base (直接答复): the article it comes from and the reply as said to the caller. */
export interface KbAnswer {
  kbCode: string;
  kbVersion: number;
  title: string;
  reply: string;
}

/**
 * The knowledge base's articles for what the caller asks, as the operator types; choosing one
 * puts its text in an editable reply, and the request is then answered at intake instead of dispatched.
 */
export function KbAnswerPanel({ question, answer, onAnswer, error }: { question: string; answer: KbAnswer | null; onAnswer: (a: KbAnswer | null) => void; error?: string }) {
  const { t } = useI18n();
  const [hits, setHits] = useState<Hit[]>([]);
  useEffect(() => {
    if (question.trim().length < 4) return setHits([]);
    let live = true;
    api<{ articles: Hit[] }>(`/api/hotline/kb${qs({ q: question, limit: 3 })}`, { retry: false }).then(
      (r) => live && setHits(r.articles),
      () => live && setHits([]),
    );
    return () => {
      live = false;
    };
  }, [question]);

  const choose = async (h: Hit) => {
    const a = await api<{ body: string; version: number; title: string }>(`/api/hotline/kb/${encodeURIComponent(h.code)}${qs({ version: h.version })}`);
    onAnswer({ kbCode: h.code, kbVersion: a.version, title: a.title, reply: a.body });
  };

  if (!hits.length && !answer) return null;
  return (
    <section className="kb" aria-live="polite" data-testid="kb-answer">
      <h3>{t('intake.kb')}</h3>
      {!answer && (
        <ul>
          {hits.map((h) => (
            <li key={h.code}>
              <strong>{h.title}</strong> <span className="muted small">{h.snippet}</span>{' '}
              <button type="button" className="link" onClick={() => void choose(h)}>
                {t('intake.kbUse')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {answer && (
        <>
          <p className="small">
            {t('intake.kbFrom', { title: answer.title, code: answer.kbCode, version: answer.kbVersion })}{' '}
            <button type="button" className="link" onClick={() => onAnswer(null)}>
              {t('intake.kbDrop')}
            </button>
          </p>
          <Field label={t('intake.kbReply')} error={error}>
            <textarea name="reply" rows={4} value={answer.reply} onChange={(e) => onAnswer({ ...answer, reply: e.target.value })} />
          </Field>
        </>
      )}
    </section>
  );
}
