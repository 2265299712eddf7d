import { useRef, useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { errorText } from '../errors';
import { Link } from '../router';

interface RowError {
  line: number;
  field: string;
  reason: string;
  message: { zh: string; en: string };
  value: string | null;
}
interface ImportReport {
  id: string | null;
  status: 'applied' | 'partial' | 'rejected' | 'checked';
  rows: number;
  applied: number;
  errors: RowError[];
  problems: number;
}

const maxBytes = 10 * 1024 * 1024;
// The template's columns, named in the user's language when a row is refused.
const fields = ['code', 'region', 'year', 'value', 'unit', 'source', 'sample', 'problems'];

/**
 * Import of checkup values from a filled-in template (CSV or XLSX): a check first, which lists
 * every refused row with its field and reason in the user's language, then the import, which
 * applies all rows or none. The templates are downloaded here.
 */
export function CheckupImportPage() {
  const { t, pick } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checkedFile, setCheckedFile] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    const file = input.current?.files?.[0];
    if (!file) return setError(t('checkup.import.choose'));
    if (file.size > maxBytes) return setError(t('checkup.import.tooLarge', { mb: 10 }));
    const form = new FormData();
    form.append('dryRun', String(dryRun));
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    try {
      const r = await post<ImportReport>('/api/checkup/import', form);
      setReport(r);
      setCheckedFile(dryRun ? `${file.name}:${file.size}:${file.lastModified}` : null);
    } catch (err) {
      // A refused import answers with its row-by-row report.
      const details = err instanceof ApiError ? (err.details as ImportReport | undefined) : undefined;
      if (details && Array.isArray(details.errors)) setReport(details);
      else setError(errorText(t, err));
      setCheckedFile(null);
    } finally {
      setBusy(false);
    }
  };
  const check = (e: FormEvent) => {
    e.preventDefault();
    void send(true);
  };
  const chosen = input.current?.files?.[0];
  const canApply = !!report && report.status === 'checked' && report.errors.length === 0 && !!chosen && checkedFile === `${chosen.name}:${chosen.size}:${chosen.lastModified}`;

  return (
    <main id="main" className="page checkup-import">
      <div className="page-head">
        <h1>{t('checkup.import.title')}</h1>
        <div className="toolbar">
          <Link to="/checkup">{t('nav.checkup')}</Link>
          <a className="button" href="/api/checkup/template?format=xlsx" download data-testid="template-xlsx">{t('checkup.import.templateXlsx')}</a>
          <a className="button" href="/api/checkup/template?format=csv" download>{t('checkup.import.templateCsv')}</a>
        </div>
      </div>
      <section className="card">
        <p className="muted">{t('checkup.import.hint')}</p>
        <form className="row" onSubmit={check} data-testid="import-form">
          <label className="field">
            {t('checkup.import.file')}
            <input ref={input} type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={() => { setReport(null); setCheckedFile(null); }} />
          </label>
          <button type="submit" disabled={busy}>{t('checkup.import.check')}</button>
          <button type="button" className="primary" disabled={busy || !canApply} onClick={() => void send(false)} data-testid="import-apply">{t('checkup.import.apply')}</button>
        </form>
        {error && <p className="form-error" role="alert">{error}</p>}
      </section>
      {report && (
        <section className="card" aria-live="polite" data-testid="import-report">
          {report.errors.length === 0 ? (
            <p className="flash" role="status" data-testid="import-status">
              {report.status === 'checked' ? t('checkup.import.checked', { rows: report.rows }) : t('checkup.import.applied', { applied: report.applied, rows: report.rows, problems: report.problems })}
            </p>
          ) : (
            <>
              <p className="form-error" role="alert" data-testid="import-status">
                {report.status === 'partial'
                  ? t('checkup.import.partial', { applied: report.applied, rows: report.rows })
                  : t('checkup.import.hasErrors', { bad: new Set(report.errors.map((e) => e.line)).size, rows: report.rows })}
              </p>
              <div className="table-wrap">
                <table data-testid="import-errors">
                  <thead>
                    <tr>
                      <th scope="col" className="num">{t('checkup.import.line')}</th>
                      <th scope="col">{t('checkup.import.field')}</th>
                      <th scope="col">{t('checkup.import.reason')}</th>
                      <th scope="col">{t('checkup.import.value')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((e, i) => (
                      <tr key={`${e.line}-${e.field}-${i}`} data-line={e.line}>
                        <td className="num">{e.line}</td>
                        <td>{fields.includes(e.field) ? t(`checkup.field.${e.field}` as MessageKey) : e.field}</td>
                        <th scope="row">{pick(e.message.zh, e.message.en)}</th>
                        <td>{e.value ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </main>
  );
}
