import { useEffect, useState } from 'react';
import { onConnection } from './api';
import { useI18n, type MessageKey } from './i18n';
import { useSession } from './session';
import { Link, match, navigate, useLocation } from './router';
import { homeOf, pages } from './nav';
import { LoginPage } from './pages/login';
import { Loading } from './components/bits';

/** The console: header (who, organisation, jurisdiction, language), navigation, the page, the connection banner. */
export function App() {
  const { t, pick, lang, setLang } = useI18n();
  const { me, ready, logout } = useSession();
  const { path } = useLocation();

  const found = pages.map((p) => ({ p, params: match(p.path, path) })).find((x) => x.params);
  useEffect(() => {
    if (!ready) return;
    if (path === '/' || path === '') navigate(me ? homeOf(me) : '/login', { replace: true });
    else if (path === '/login' && me) navigate(homeOf(me), { replace: true });
  }, [path, me, ready]);
  useEffect(() => {
    const title = found ? t(found.p.label) : path === '/login' ? t('login.title') : t('app.name');
    document.title = `${title} · ${t('app.name')}`;
  }, [found, path, t]);

  let content;
  if (!ready) content = <Loading />;
  else if (path === '/login' || (!me && !found?.p.public)) content = <LoginPage />;
  else if (!found) content = <Message title={t('notFound.title')} text={t('notFound.text')} />;
  else if (!found.p.public && me && found.p.allowed && !found.p.allowed(me)) content = <Message title={t('forbidden.title')} text={t('forbidden.text')} />;
  else {
    const Page = found.p.component;
    content = <Page key={path} params={found.params!} />;
  }

  const nav = me ? pages.filter((p) => p.section && (p.public || !p.allowed || p.allowed(me))) : [];
  const sections = [...new Set(nav.map((p) => p.section!))];
  const jurisdiction = me?.jurisdiction.length ? me.jurisdiction.map((j) => pick(j.name, j.nameEn)).join('、') : t('header.wholeCity');

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <ConnectionBanner />
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {me && (
          <nav aria-label={t('nav.label')}>
            {sections.map((s) => (
              <div className="nav-section" key={s}>
                <span className="nav-heading">{t(s as MessageKey)}</span>
                {nav
                  .filter((p) => p.section === s)
                  .map((p) => (
                    <Link key={p.path} to={p.path} aria-current={path === p.path ? 'page' : undefined}>
                      {t(p.label)}
                    </Link>
                  ))}
              </div>
            ))}
          </nav>
        )}
        <div className="who">
          {me && (
            <span className="identity" data-testid="identity">
              <strong>{me.displayName}</strong>
              <span>{me.org ? pick(me.org.name, me.org.nameEn) : t('header.noOrg')}</span>
              <span>
                {t('header.jurisdiction')}: {jurisdiction}
              </span>
            </span>
          )}
          <button type="button" className="lang" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')} title={t('header.switchLang')} lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}>
            {lang === 'zh-CN' ? 'English' : '中文'}
          </button>
          {me ? (
            <button type="button" onClick={() => void logout().then(() => navigate('/login'))}>
              {t('header.logout')}
            </button>
          ) : (
            path !== '/login' && <Link to="/login">{t('login.submit')}</Link>
          )}
        </div>
      </header>
      {content}
    </>
  );
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <main id="main" className="page">
      <h1>{title}</h1>
      <p>{text}</p>
      <Link to="/">{'←'}</Link>
    </main>
  );
}

/** Shown while the service cannot be reached; requests retry by themselves. */
function ConnectionBanner() {
  const { t } = useI18n();
  const [state, setState] = useState<{ offline: boolean; retry: number }>({ offline: false, retry: 0 });
  useEffect(() => onConnection((offline, retry) => setState({ offline, retry })), []);
  if (!state.offline) return null;
  return (
    <div className="banner" role="alert" data-testid="offline-banner">
      {t('banner.offline', { s: state.retry })}
    </div>
  );
}
