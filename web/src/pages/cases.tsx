import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { CaseQueue } from '../components/case-queue';
import { navigate, useLocation } from '../router';
import { qs } from '../api';

/** Every case the user may see, filtered by text, status or region (from links such as the overview's streets). */
export function CasesPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const [q, setQ] = useState(query.get('q') ?? '');
  const filter = { q: query.get('q') ?? undefined, region: query.get('region') ?? undefined, status: query.get('status') ?? undefined, org: query.get('org') ?? undefined };
  const search = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/cases${qs({ ...filter, q: q.trim() || undefined })}`);
  };
  return (
    <main id="main" className="page">
      <h1>{t('nav.cases')}</h1>
      <form className="toolbar" onSubmit={search} role="search">
        <label>
          {t('cases.search')} <input value={q} onChange={(e) => setQ(e.target.value)} name="q" />
        </label>
        <button type="submit">{t('cases.searchButton')}</button>
        {filter.region && <span className="muted">{t('cases.region', { code: filter.region })}</span>}
      </form>
      <section className="card">
        <CaseQueue filter={filter} />
      </section>
    </main>
  );
}
