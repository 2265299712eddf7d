import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Field, FormError } from '../components/field';
import { toFieldErrors, type FieldErrors } from '../errors';
import { Link, navigate } from '../router';
import { homeOf } from '../nav';

/** Sign-in with a console account (the demo accounts `npm start` prints work). */
export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!username.trim()) local.username = t('error.required');
    if (!password) local.password = t('error.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const me = await login(username.trim(), password);
      navigate(homeOf(me), { replace: true });
    } catch (err) {
      const fe = toFieldErrors(t, err);
      setErrors(fe._form && (err as { kind?: string }).kind === 'unauthenticated' ? { _form: t('login.failed') } : fe);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <Field label={t('login.username')} error={errors.username}>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </Field>
        <Field label={t('login.password')} error={errors.password}>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <FormError error={errors._form} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.working') : t('login.submit')}
        </button>
        <p className="muted small">{t('login.demoHint')}</p>
        <p>
          <Link to="/citizen">{t('login.citizenLink')}</Link>
        </p>
      </form>
    </main>
  );
}
