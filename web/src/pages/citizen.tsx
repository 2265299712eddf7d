import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Field, FormError } from '../components/field';
import { MapView } from '../components/map-view';
import { errorText, type FieldErrors } from '../errors';
import { districtBoundaries, locate, type Located } from '../regions';
import { useLocation, navigate } from '../router';

interface Service {
  service_code: string;
  service_name: string;
  group: string;
}
interface PublicRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string | null;
  description: string;
  agency_responsible: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  extended_attributes?: { status_history: { datetime: string; status: string; status_notes: string }[] };
}

// Open311 answers errors as [{code, description}]: the description names the argument.
const open311Fields = ['service_code', 'description', 'lat', 'long', 'address_string', 'first_name', 'phone', 'email', 'api_key'];

/** Open311 (GeoReport v2) underneath: POST requests.json with the console's api_key, form-encoded. */
async function open311<T>(url: string, form?: URLSearchParams): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, form ? { method: 'POST', body: form, headers: { accept: 'application/json', ...csrfHeader() } } : { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError('offline', 'connection lost', 0);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const first = Array.isArray(data) ? (data[0] as { code?: number; description?: string } | undefined) : undefined;
    const text = first?.description ?? `HTTP ${res.status}`;
    const field = open311Fields.find((f) => text.startsWith(f) || text.includes(` ${f} `)) ?? (/location/.test(text) ? 'lat' : undefined);
    throw new ApiError(res.status === 404 ? 'not_found' : res.status === 403 ? 'forbidden' : res.status >= 500 ? 'unavailable' : 'invalid', text, res.status, field);
  }
  return data as T;
}

let csrf: string | null = null;
function csrfHeader(): Record<string, string> {
  return csrf ? { 'x-csrf-token': csrf } : {};
}

/** The citizens' page: report a problem on the map, then follow it by its number. */
export function CitizenPage() {
  const { t, lang, dateTime, pick } = useI18n();
  const { query } = useLocation();
  const locale = lang === 'en' ? 'en' : 'zh';
  const [apiKey, setApiKey] = useState<string | null | undefined>(undefined);
  const [services, setServices] = useState<Service[]>([]);
  const [service, setService] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [pin, setPin] = useState<{ lon: number; lat: number } | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [followId, setFollowId] = useState(query.get('id') ?? '');
  const [followed, setFollowed] = useState<PublicRequest | null>(null);
  const [followError, setFollowError] = useState<string | null>(null);

  useEffect(() => {
    api<{ open311ApiKey: string | null }>('/api/console/settings').then((s) => setApiKey(s.open311ApiKey), () => setApiKey(null));
    api<{ csrfToken: string | null }>('/api/auth/me', { retry: false }).then((m) => {
      csrf = m.csrfToken;
      setCsrfToken(m.csrfToken);
    }, () => (csrf = null));
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, []);
  useEffect(() => {
    open311<Service[]>(`/open311/v2/services.json?locale=${locale}`).then(setServices, () => setServices([]));
  }, [locale]);
  useEffect(() => {
    setLocated(null);
    if (pin) locate(pin.lon, pin.lat).then(setLocated, () => undefined);
  }, [pin]);

  const groups = useMemo(() => [...new Set(services.map((s) => s.group))], [services]);

  const follow = async (id: string) => {
    setFollowError(null);
    setFollowed(null);
    if (!id.trim()) return setFollowError(t('error.required'));
    try {
      const [one] = await open311<PublicRequest[]>(`/open311/v2/requests/${encodeURIComponent(id.trim())}.json?extensions=true&locale=${locale}`);
      setFollowed(one ?? null);
    } catch (err) {
      setFollowError(err instanceof ApiError && err.kind === 'not_found' ? t('citizen.notFound') : errorText(t, err));
    }
  };
  useEffect(() => {
    const id = query.get('id');
    if (id) void follow(id);
  }, [locale]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!service) local.service_code = t('error.required');
    if (!description.trim()) local.description = t('error.required');
    if (!pin && !address.trim()) local.lat = t('error.location');
    setErrors(local);
    if (Object.keys(local).length || !apiKey) return;
    setBusy(true);
    try {
      const form = new URLSearchParams({ api_key: apiKey, service_code: service, description: description.trim() });
      if (pin) {
        form.set('lat', String(pin.lat));
        form.set('long', String(pin.lon));
      }
      if (address.trim()) form.set('address_string', address.trim());
      if (name.trim()) form.set('first_name', name.trim());
      if (phone.trim()) form.set('phone', phone.trim());
      const [r] = await open311<{ service_request_id: string }[]>('/open311/v2/requests.json', form);
      const id = r!.service_request_id;
      setSubmitted(id);
      setFollowId(id);
      navigate(`/citizen?id=${encodeURIComponent(id)}`, { replace: true });
      void follow(id);
    } catch (err) {
      const field = err instanceof ApiError && err.field ? (err.field === 'long' ? 'lat' : err.field) : '_form';
      setErrors({ [field]: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const chain = located?.region ? [located.region, ...located.ancestors].filter((r) => r.level !== 'province' && r.level !== 'city').map((r) => pick(r.name, r.nameEn)).join(' < ') : null;

  return (
    <main id="main" className="page citizen">
      <h1>{t('citizen.title')}</h1>
      <p className="muted">{t('citizen.intro')}</p>
      <div className="citizen-grid">
        <form className="card" onSubmit={submit} noValidate aria-labelledby="report-title" data-testid="citizen-form">
          <h2 id="report-title">{t('citizen.report')}</h2>
          {apiKey === null && <p className="form-error" role="alert">{t('citizen.closed')}</p>}
          {submitted && (
            <p className="flash" role="status" data-testid="submitted">
              {t('citizen.submitted', { id: submitted })}
            </p>
          )}
          <Field label={t('citizen.service')} error={errors.service_code}>
            <select name="service" value={service} onChange={(e) => setService(e.target.value)}>
              <option value="">{t('citizen.choose')}</option>
              {groups.map((g) => (
                <optgroup key={g} label={g}>
                  {services
                    .filter((s) => s.group === g)
                    .map((s) => (
                      <option key={s.service_code} value={s.service_code}>
                        {s.service_name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field label={t('citizen.description')} error={errors.description}>
            <textarea name="description" rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <fieldset>
            <legend>{t('intake.place')}</legend>
            <p className="muted small">{t('citizen.mapHint')}</p>
            <MapView geojson={geo} pin={pin} onPick={(lon, lat) => setPin({ lon, lat })} ariaLabel={t('intake.mapAria')} unavailableText={t('map.unavailable')} className="map-citizen" />
            <p className="resolved" aria-live="polite">
              {t('intake.region')}: {chain ?? '—'}
            </p>
            {errors.lat && (
              <small className="error" role="alert">
                {errors.lat}
              </small>
            )}
            <Field label={t('intake.address')} error={errors.address_string}>
              <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
            </Field>
          </fieldset>
          <div className="row">
            <Field label={t('citizen.name')} error={errors.first_name}>
              <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </Field>
            <Field label={t('citizen.phone')} error={errors.phone}>
              <input name="phone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="tel" />
            </Field>
          </div>
          <FormError error={errors._form ?? errors.api_key} />
          <button type="submit" className="primary" disabled={busy || !apiKey}>
            {busy ? t('common.working') : t('citizen.submit')}
          </button>
        </form>
        <section className="card" aria-labelledby="follow-title">
          <h2 id="follow-title">{t('citizen.follow')}</h2>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void follow(followId);
            }}
          >
            <Field label={t('citizen.number')} error={followError ?? undefined}>
              <input name="follow" value={followId} onChange={(e) => setFollowId(e.target.value)} inputMode="numeric" />
            </Field>
            <button type="submit">{t('citizen.lookup')}</button>
          </form>
          {followed && (
            <div data-testid="followed">
              <p>
                <span className="mono">{followed.service_request_id}</span> <span className={`badge open311-${followed.status}`}>{t(`citizen.status.${followed.status}` as MessageKey)}</span>
              </p>
              <p>{followed.status_notes}</p>
              <dl className="facts">
                <dt>{t('citizen.service')}</dt>
                <dd>{followed.service_name ?? '—'}</dd>
                <dt>{t('citizen.agency')}</dt>
                <dd>{followed.agency_responsible ?? '—'}</dd>
                <dt>{t('case.received')}</dt>
                <dd>{dateTime(followed.requested_datetime)}</dd>
                <dt>{t('citizen.expected')}</dt>
                <dd>{dateTime(followed.expected_datetime)}</dd>
              </dl>
              <ol className="timeline">
                {(followed.extended_attributes?.status_history ?? []).map((h, i) => (
                  <li key={i}>
                    <time dateTime={h.datetime}>{dateTime(h.datetime)}</time> {h.status_notes}
                  </li>
                ))}
              </ol>
            </div>
          )}
        </section>
      </div>
    </main>
  );
}
