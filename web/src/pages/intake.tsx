import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { KbAnswerPanel, type KbAnswer } from '../components/kb-answer';
import { api, post, qs } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Field, FormError } from '../components/field';
import { MapView } from '../components/map-view';
import { toFieldErrors, type FieldErrors } from '../errors';
import { districtBoundaries, locate, type Located } from '../regions';
import { Link, navigate } from '../router';
import type { CaseView, Category } from '../types';

interface Suggestion {
  categoryCode: string;
  name: string;
  path: string;
  score: number;
  keyword?: string;
  /** What the dispatch catalog proposes for this category here. */
  office?: { org: { code: string; name: string } | null; reason: string };
}
interface Candidate {
  id: string;
  number: string;
  title: string | null;
  excerpt: string;
  status: string;
  distanceM: number | null;
  score: number;
}
interface Proposal {
  org: { code: string; name: string } | null;
  reason: string;
  regionCode: string | null;
}

const kinds = ['complaint', 'help', 'inquiry', 'report', 'suggestion'] as const;
const urgencies = ['normal', 'urgent', 'critical'] as const;

/** Calls `fn` with `value` once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The operator's intake form: text, place on the map, category suggestions, duplicates, the proposed office. */
export function IntakeForm() {
  const { t, pick } = useI18n();
  const [kind, setKind] = useState<(typeof kinds)[number]>('complaint');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [urgency, setUrgency] = useState<(typeof urgencies)[number]>('normal');
  const [lon, setLon] = useState('');
  const [lat, setLat] = useState('');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [dispatchNow, setDispatchNow] = useState(false);
  const [answer, setAnswer] = useState<KbAnswer | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [modelVersion, setModelVersion] = useState<number | null>(null);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());

  useEffect(() => {
    api<{ categories: Category[] }>('/api/hotline/categories').then((r) => setCategories(r.categories), () => setCategories([]));
    districtBoundaries().then(setGeo, () => setGeo({ type: 'FeatureCollection', features: [] }));
  }, []);

  const point = useMemo(() => {
    const x = Number(lon);
    const y = Number(lat);
    return lon.trim() && lat.trim() && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? { lon: x, lat: y } : null;
  }, [lon, lat]);

  useEffect(() => {
    setLocated(null);
    if (!point) return;
    let live = true;
    locate(point.lon, point.lat).then((r) => live && setLocated(r), () => undefined);
    return () => {
      live = false;
    };
  }, [point]);

  // The address refines the place the way intake does (a point in 朝阳区 + "建外街道…" → 建外街道).
  const addressText = useDebounced(address.trim(), 500);
  const [addressRegion, setAddressRegion] = useState<{ code: string; chain: string } | null>(null);
  useEffect(() => {
    setAddressRegion(null);
    if (addressText.length < 2) return;
    let live = true;
    api<{ candidates: { code: string; name: string; level: string; score: number; ancestors: { name: string; level: string }[] }[] }>(`/api/regions/resolve-address${qs({ text: addressText, limit: 10 })}`, { retry: false })
      .then((r) => {
        // As intake does: of the good matches inside the point's district, the most specific.
        const district = located?.ancestors.find((a) => a.level === 'district')?.code ?? (located?.region?.level === 'district' ? located.region.code : null);
        const prefix = (code: string) => code.replace(/(000)+$/, '');
        const c = r.candidates
          .filter((x) => x.score >= 0.3 && (!district || x.code.startsWith(district.slice(0, 6))))
          .sort((a, b) => prefix(b.code).length - prefix(a.code).length || b.score - a.score)[0];
        if (!live || !c) return;
        setAddressRegion({ code: c.code, chain: [c, ...c.ancestors].filter((a) => a.level !== 'province' && a.level !== 'city').map((a) => a.name).join(' < ') });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [addressText, located]);

  const text = useDebounced({ title, description, point }, 400);
  // Top-3 categories while the operator types (POST /api/hotline/classify; shown only when it answers 200).
  useEffect(() => {
    if (text.description.trim().length < 4) return setSuggestions(null);
    let live = true;
    post<{ suggestions: Suggestion[]; modelVersion: number | null }>('/api/hotline/classify', { title: text.title || undefined, description: text.description, lon: text.point?.lon, lat: text.point?.lat }, { retry: false })
      .then((r) => {
        if (!live) return;
        setSuggestions(r.suggestions.slice(0, 3));
        setModelVersion(r.modelVersion);
      })
      .catch(() => live && setSuggestions(null));
    return () => {
      live = false;
    };
  }, [text]);

  // What the caller asks, for the knowledge base: the subject and the description.
  const kbQuestion = useDebounced(`${title} ${description}`.trim(), 500);

  // Open cases that may be the same request.
  const dupKey = useDebounced({ description, title, category, point }, 500);
  useEffect(() => {
    if (dupKey.description.trim().length < 4) return setCandidates([]);
    let live = true;
    post<{ candidates: Candidate[] }>(
      '/api/hotline/duplicates/candidates',
      { description: dupKey.description, title: dupKey.title || null, category: dupKey.category || null, lon: dupKey.point?.lon ?? null, lat: dupKey.point?.lat ?? null },
      { retry: false },
    )
      .then((r) => live && setCandidates(r.candidates.slice(0, 5)))
      .catch(() => live && setCandidates([]));
    return () => {
      live = false;
    };
  }, [dupKey]);

  // The office the catalog proposes, with its reason.
  useEffect(() => {
    if (!category && !point && !addressRegion) return setProposal(null);
    let live = true;
    const region = addressRegion?.code;
    api<Proposal>(`/api/hotline/dispatch/propose${qs({ category: category || undefined, region, lon: region ? undefined : point?.lon, lat: region ? undefined : point?.lat })}`, { retry: false })
      .then((r) => live && setProposal(r))
      .catch(() => live && setProposal(null));
    return () => {
      live = false;
    };
  }, [category, point, addressRegion]);

  const groups = useMemo(() => {
    const top = categories.filter((c) => c.level === 1);
    return top.map((g) => ({ g, leaves: categories.filter((c) => c.level === 3 && c.code.startsWith(g.code)) }));
  }, [categories]);

  const clearError = (name: string) =>
    setErrors((errs) => {
      if (!(name in errs)) return errs;
      const rest = { ...errs };
      delete rest[name];
      return rest;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if ((lon.trim() || lat.trim()) && !point) local[lon.trim() && Number.isFinite(Number(lon)) ? 'lat' : 'lon'] = t('error.number');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const body = {
        channel: 'phone',
        kind,
        category: category || null,
        title: title.trim() || null,
        description,
        urgency,
        lon: point?.lon ?? null,
        lat: point?.lat ?? null,
        address: address.trim() || null,
        citizen: name.trim() || phone.trim() ? { name: name.trim() || null, phone: phone.trim() || null } : null,
        // Answered from the knowledge base, or dispatched: never both.
        answer: answer ? { reply: answer.reply, kbCode: answer.kbCode, kbVersion: answer.kbVersion } : null,
        dispatch: !answer && dispatchNow && proposal?.org ? { org: proposal.org.code, reason: proposal.reason } : null,
      };
      const r = await post<{ case: CaseView }>('/api/hotline/cases', body, { headers: { 'idempotency-key': idempotencyKey.current } });
      navigate(`/cases/${r.case.id}`);
    } catch (err) {
      const fe = toFieldErrors(t, err);
      // citizen.phone → phone; anything the form has no input for stays a form error.
      const mapped: FieldErrors = {};
      for (const [k, v] of Object.entries(fe)) mapped[k.replace(/^citizen\./, '').replace(/^answer\.reply$/, 'reply').replace(/^(dispatch|answer)\..*/, '_form')] = v;
      setErrors(mapped);
    } finally {
      setBusy(false);
    }
  };

  const known = ['kind', 'title', 'description', 'category', 'urgency', 'lon', 'lat', 'address', 'name', 'phone', 'reply'];
  const formError = errors._form ?? Object.entries(errors).find(([k]) => !known.includes(k))?.[1];
  const chain = located?.region ? [located.region, ...located.ancestors].filter((r) => r.level !== 'province' && r.level !== 'city').map((r) => pick(r.name, r.nameEn)).join(' < ') : null;

  return (
    <form className="card intake" onSubmit={submit} noValidate aria-labelledby="intake-title" data-testid="intake" onChange={(e) => clearError((e.target as unknown as HTMLInputElement).name)}>
      <h2 id="intake-title">{t('intake.title')}</h2>
      <div className="row">
        <Field label={t('case.kind')} error={errors.kind}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('case.urgency')} error={errors.urgency}>
          <select name="urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as typeof urgency)}>
            {urgencies.map((u) => (
              <option key={u} value={u}>
                {t(`urgency.${u}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('intake.subject')} error={errors.title}>
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </Field>
      <Field label={t('intake.description')} error={errors.description}>
        <textarea name="description" rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      {suggestions && suggestions.length > 0 && (
        <div className="suggestions" aria-live="polite" data-testid="suggestions">
          <span className="muted small">
            {t('intake.suggested')} {modelVersion !== null && <span data-testid="model-version">{t('intake.modelVersion', { version: modelVersion })}</span>}
          </span>
          {suggestions.map((s) => (
            <button key={s.categoryCode} type="button" className={`chip ${category === s.categoryCode ? 'selected' : ''}`} onClick={() => setCategory(s.categoryCode)} title={s.office?.reason ?? ''}>
              {s.path || s.name} <span className="muted">{s.keyword ? t('intake.keyword', { keyword: s.keyword }) : `${Math.round(s.score * 100)}%`}</span>
              {s.office?.org && <small className="block muted">→ {s.office.org.name}</small>}
            </button>
          ))}
        </div>
      )}
      <Field label={t('case.category')} error={errors.category}>
        <select name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('intake.noCategory')}</option>
          {groups.map(({ g, leaves }) => (
            <optgroup key={g.code} label={pick(g.name, g.nameEn)}>
              {leaves.map((c) => (
                <option key={c.code} value={c.code}>
                  {pick(c.path, c.pathEn)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <fieldset className="place">
        <legend>{t('intake.place')}</legend>
        <p className="muted small">{t('intake.mapHint')}</p>
        <MapView
          geojson={geo}
          pin={point}
          onPick={(x, y) => {
            setLon(String(x));
            setLat(String(y));
          }}
          ariaLabel={t('intake.mapAria')}
          unavailableText={t('map.unavailable')}
          className="map-intake"
        />
        <div className="row">
          <Field label={t('intake.lon')} error={errors.lon}>
            <input name="lon" inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} />
          </Field>
          <Field label={t('intake.lat')} error={errors.lat}>
            <input name="lat" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />
          </Field>
        </div>
        <p className="resolved" aria-live="polite" data-testid="resolved-region">
          {t('intake.region')}: {addressRegion?.chain ?? chain ?? (point ? t('intake.outside') : '—')}
        </p>
        <Field label={t('intake.address')} error={errors.address}>
          <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
        </Field>
      </fieldset>
      <div className="row">
        <Field label={t('intake.name')} error={errors.name}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={t('intake.phone')} error={errors.phone}>
          <input name="phone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      {candidates.length > 0 && (
        <section className="duplicates" aria-live="polite" data-testid="duplicates">
          <h3>{t('intake.duplicates', { n: candidates.length })}</h3>
          <ul>
            {candidates.map((d) => (
              <li key={d.id}>
                <Link to={`/cases/${d.id}`} className="mono" target="_blank">
                  {d.number}
                </Link>{' '}
                {d.title || d.excerpt.slice(0, 40)}{' '}
                <span className="muted small">
                  {d.distanceM !== null ? t('intake.metres', { m: Math.round(d.distanceM) }) + ' · ' : ''}
                  {t('intake.similarity', { p: Math.round(d.score * 100) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <KbAnswerPanel question={kbQuestion} answer={answer} onAnswer={setAnswer} error={errors.reply} />
      <section className="proposal" aria-live="polite" data-testid="proposal">
        <h3>{t('intake.proposal')}</h3>
        {proposal?.org ? (
          <>
            <p>
              <strong>{proposal.org.name}</strong>
            </p>
            <p className="muted small">{proposal.reason}</p>
            {!answer && (
              <label className="inline">
                <input type="checkbox" checked={dispatchNow} onChange={(e) => setDispatchNow(e.target.checked)} /> {t('intake.dispatchNow')}
              </label>
            )}
          </>
        ) : (
          <p className="muted">{t('intake.noProposal')}</p>
        )}
      </section>
      <FormError error={formError} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('common.working') : answer ? t('intake.submitAnswered') : t('intake.submit')}
      </button>
    </form>
  );
}
