import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, post } from '../api';
import { useI18n } from '../i18n';
import { errorText } from '../errors';

interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number | null;
  stored: boolean;
  url: string;
  createdBy: string;
  createdAt: string;
}

const accept = 'image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf,audio/mpeg,audio/mp4,audio/amr,audio/wav,video/mp4,text/plain';
const maxBytes = 20 * 1024 * 1024;

/** A case's attachments (photos, scans, recordings): thumbnails of images, links to the rest, and an upload for those who may add. */
export function Attachments({ caseId, mayAdd, onAdded }: { caseId: string; mayAdd: boolean; onAdded?: () => void }) {
  const { t, dateTime, number } = useI18n();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    api<{ attachments: Attachment[] }>(`/api/hotline/cases/${encodeURIComponent(caseId)}/attachments`).then(
      (r) => setItems(r.attachments),
      (err) => setError(errorText(t, err)),
    );
  }, [caseId, t]);
  useEffect(load, [load]);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError(t('attachments.choose'));
    // Said here at once rather than after sending 20 MB the service would refuse.
    if (file.size > maxBytes) return setError(t('attachments.tooLarge', { mb: 20 }));
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      await post(`/api/hotline/cases/${encodeURIComponent(caseId)}/attachments`, form);
      setError(null);
      if (input.current) input.current.value = '';
      load();
      onAdded?.();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="attachments">
      <h2>{t('attachments.title')}</h2>
      {items && items.length === 0 && <p className="muted">{t('attachments.none')}</p>}
      <ul className="attachments">
        {(items ?? []).map((a) => (
          <li key={a.id}>
            {a.stored && a.contentType.startsWith('image/') && a.contentType !== 'image/heic' && <img src={a.url} alt={a.name} loading="lazy" />}
            <a href={a.url} download={a.stored ? a.name : undefined} target={a.stored ? undefined : '_blank'} rel="noreferrer">
              {a.name}
            </a>{' '}
            <span className="muted small">
              {a.size === null ? '' : a.size < 1024 ? `${a.size} B · ` : `${number(a.size / 1024, 0)} KB · `}
              {a.createdBy} · {dateTime(a.createdAt)}
            </span>
          </li>
        ))}
      </ul>
      {mayAdd && (
        <form onSubmit={upload} className="toolbar">
          <input ref={input} type="file" name="file" accept={accept} aria-label={t('attachments.file')} />
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('attachments.upload')}</button>
        </form>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
