import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { maskName, maskPhone, normalisePhone } from '../../core/pii.js';
import { idempotent, stableJson } from '../../core/idempotency.js';
import { createGroupCommitter, type GroupCommitter } from '../../core/group-commit.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { Actor, RequestContext } from '../../core/context.js';
import { locate, resolveAddress } from '../regions/index.js';
import { loadCatalog, requireCategory } from './catalog.js';
import { chooseTier } from './deadlines.js';
import { localDate } from './calendar.js';
import { suggestCategories } from './suggest.js';
import { proposeOffice, type CaseRow, type NewCase, type Channel } from './cases.js';
import { bodyOf, writeCaseGroup, writeGroupIn, type Filed, type PreparedCase } from './intake-write.js';

const maxDescription = 20_000;
const hotlineRoles = ['admin', 'operator', 'dispatcher'];
/** Channels a citizen uses alone: what they file may be dispatched automatically. */
const selfServiceChannels: readonly Channel[] = ['web', 'app', 'open311', 'alarm'];

/** What `fileCase` answers: the case, and whether an Idempotency-Key replay returned an earlier one. */
export interface FiledCase {
  id: string;
  number: string;
  token: string | null;
  replayed: boolean;
  /** The stored row (absent on a replay): the caller builds its view without reading it back. */
  row: CaseRow | null;
}

/**
 * Receives a request (受理). Whatever else fails later, a request with text is never lost:
 * an unknown place or category leaves it for manual dispatch. With an Idempotency-Key a
 * replay returns the first case. The operator may dispatch or answer it in the same step;
 * a citizen's request whose category and place a catalog rule covers is dispatched at once
 * when the city allows it.
 *
 * Everything that needs no write (checks, place, tier, proposal, sealing the contact) is done
 * first; the rows are then written by the kernel's group commit for intake, so concurrent
 * requests share one transaction and one WAL flush, and this returns once that has committed.
 */
export async function fileCase(k: Kernel, ctx: RequestContext, input: NewCase, { idempotencyKey = null, maxLength = maxDescription }: { idempotencyKey?: string | null; maxLength?: number } = {}): Promise<FiledCase> {
  const prepared = await prepareCase(k, ctx, input, { idempotencyKey, maxLength });
  const result = await intakeCommitter(k).submit(prepared);
  if (result.kind === 'filed') return { id: result.row.id, number: result.row.number, token: result.row.open311_token, replayed: false, row: result.row };
  // The key was taken: by an earlier request (answer from it) or by one not yet committed (wait for it).
  const replay = await idempotent(k, ctx, { scope: 'hotline.case', key: idempotencyKey, request: input }, async (trx) => {
    const [again] = await writeGroupIn(k, trx, [{ ...prepared, key: null }]);
    if (again!.kind !== 'filed') throw new Error('a case without a key cannot be a replay');
    return { status: 201, body: bodyOf(again!.row) };
  });
  return { ...(replay.body as { id: string; number: string; token: string | null }), replayed: replay.replayed, row: null };
}

const committers = new WeakMap<Kernel, GroupCommitter<PreparedCase, Filed>>();
const intakeGatherMs = 3;

/** The kernel's intake group committer (one per service: one group in flight at a time). */
function intakeCommitter(k: Kernel): GroupCommitter<PreparedCase, Filed> {
  let c = committers.get(k);
  if (!c) {
    // Each group is atomic by itself (one statement, or one transaction): the committer's own
    // transaction step is a pass-through.
    // Under load a group waits 3 ms for company: fewer, fuller groups cost the database less.
    c = createGroupCommitter<void, PreparedCase, Filed>({ transaction: (fn) => fn(), write: (_, items) => writeCaseGroup(k, items), maxGroup: 400, gatherMs: intakeGatherMs });
    committers.set(k, c);
  }
  return c;
}

/** How many intake groups and cases have been committed (the load benchmark reports it). */
export function intakeStats(k: Kernel) {
  return intakeCommitter(k).stats();
}

async function prepareCase(k: Kernel, ctx: RequestContext, input: NewCase, { idempotencyKey, maxLength }: { idempotencyKey: string | null; maxLength: number }): Promise<PreparedCase> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.create' });
  const description = input.description?.trim() ?? '';
  if (!description) throw new AppError('invalid', 'description must not be empty', { field: 'description' });
  if ([...description].length > maxLength) throw new AppError('too_large', `description is ${[...description].length} characters; at most ${maxLength}`, { field: 'description' });
  const requestHash = idempotencyKey ? createHash('sha256').update(stableJson(input)).digest('hex') : null;
  if (input.kind === 'report' && input.confidential === undefined) input = { ...input, confidential: true };
  const catalog = await loadCatalog(k, ctx.cityCode);
  const category = input.categoryCode ? requireCategory(catalog, input.categoryCode, 'category') : null;
  checkAttributes(category?.attributes ?? [], input.attributes ?? {});
  const place = await placeOf(k, ctx.cityCode, input);
  const phone = input.citizen?.phone ? normalisePhone(input.citizen.phone) : null;
  if (input.citizen?.phone && !/^\d{5,15}$/.test(phone!)) throw new AppError('invalid', 'phone must be 5 to 15 digits', { field: 'phone' });
  if (input.citizen?.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.citizen.email)) throw new AppError('invalid', 'email is not an e-mail address', { field: 'email' });
  if (input.dispatch && input.answer) throw new AppError('invalid', 'a case is either dispatched or answered at intake, not both', { field: 'answer' });
  const staff = actor.roles.some((r) => hotlineRoles.includes(r));
  if ((input.dispatch || input.answer) && !staff) throw new AppError('forbidden', 'only hotline staff dispatch or answer at intake', { field: input.dispatch ? 'dispatch' : 'answer' });

  const now = k.clock.now();
  const { tier, reason: tierReason } = chooseTier(catalog.policy, { kind: input.kind, urgency: input.urgency ?? 'normal', categoryCode: category?.code ?? null, categoryTier: category?.tier ?? null });
  // The classifier's (or a keyword rule's) top-3, kept with the model version that made them;
  // with no category given, the first of them is what the proposal goes by.
  const suggested = await suggestCategories(k, ctx.cityCode, { title: input.title ?? null, description }, { catalog });
  const guess = category ? null : (suggested.suggestions[0] ?? null);
  const proposal = await proposeOffice(k, ctx.cityCode, { categoryCode: category?.code ?? guess?.categoryCode ?? null, regionCode: place.regionCode }, { catalog });
  if (guess) proposal.reason = `suggested category ${guess.path} (${suggested.source === 'rule' ? `keyword ${guess.keyword}` : `model v${suggested.modelVersion}, ${guess.score.toFixed(2)}`}): ${proposal.reason}`;
  const id = newId('case', now);
  const name = input.citizen?.name?.trim() || null;
  const email = input.citizen?.email?.trim() || null;
  let then: PreparedCase['then'] = null;
  if (input.answer) then = { action: 'answer', ctx, input: { reply: input.answer.reply, kbCode: input.answer.kbCode ?? null, kbVersion: input.answer.kbVersion ?? null } };
  else if (input.dispatch) then = { action: 'dispatch', ctx, input: { org: input.dispatch.org, reason: input.dispatch.reason ?? null } };
  else if (catalog.autoDispatch && category && selfServiceChannels.includes(input.channel) && proposal.ruleId !== null && proposal.org && place.regionCode) {
    const system: Actor = { ...actor, kind: 'system', id: 'system', label: 'system:auto-dispatch', roles: ['admin'], orgId: null, jurisdiction: [] };
    then = { action: 'dispatch', ctx: { ...ctx, actor: system }, input: { org: proposal.org.code, reason: `automatic: ${proposal.reason}` } };
  }
  return {
    ctx,
    catalog,
    key: idempotencyKey,
    requestHash,
    day: localDate(catalog.calendar, now).replaceAll('-', ''),
    row: {
      id,
      city_code: ctx.cityCode,
      channel: input.channel,
      kind: input.kind,
      category_code: category?.code ?? null,
      title: input.title?.trim() || null,
      description,
      urgency: input.urgency ?? 'normal',
      attributes: input.attributes ?? {},
      lon: place.lon,
      lat: place.lat,
      address: place.address,
      region_code: place.regionCode,
      location_source: place.source,
      citizen_name: name ? k.pii.encrypt(name) : null,
      citizen_phone: phone ? k.pii.encrypt(phone) : null,
      citizen_email: email ? k.pii.encrypt(email) : null,
      citizen_name_masked: name ? maskName(name) : null,
      citizen_phone_masked: phone ? maskPhone(phone) : null,
      citizen_phone_hash: phone ? k.pii.hashPhone(phone) : null,
      citizen_user_id: (actor.kind === 'user' || actor.kind === 'token') && actor.roles.includes('citizen') ? actor.id : null,
      confidential: input.confidential ?? false,
      status: 'received',
      proposed_org: proposal.org?.code ?? null,
      proposed_reason: proposal.reason,
      proposed_rule: proposal.ruleId,
      tier: tier.code,
      open311_token: input.withToken ? randomBytes(12).toString('base64url') : null,
      media_url: input.mediaUrl ?? null,
      suggestions: { source: suggested.source, modelVersion: suggested.modelVersion, top: suggested.suggestions.map((x) => ({ categoryCode: x.categoryCode, score: x.score, ...(x.keyword ? { keyword: x.keyword } : {}) })) },
      model_version: suggested.modelVersion,
      received_at: now,
      updated_at: now,
    },
    receiveData: { channel: input.channel, tier: tier.code, tierReason, proposal: proposal.reason, location: place.source },
    audit: { channel: input.channel, kind: input.kind, category: category?.code ?? null, region: place.regionCode },
    then,
  };
}

interface Place {
  lon: number | null;
  lat: number | null;
  address: string | null;
  regionCode: string | null;
  source: 'point' | 'address' | 'point+address' | 'none';
}

/**
 * Where the case is: the point's region (the finest the city's boundaries give), refined by
 * the address when the address names a region inside it; the address alone otherwise. A
 * place no region matches leaves the region empty: the case goes to manual dispatch.
 */
async function placeOf(k: Kernel, cityCode: string, input: NewCase): Promise<Place> {
  const hasLon = input.lon !== undefined && input.lon !== null;
  const hasLat = input.lat !== undefined && input.lat !== null;
  if (hasLon !== hasLat) throw new AppError('invalid', hasLon ? 'lat is missing: give both lon and lat, or neither' : 'lon is missing: give both lon and lat, or neither', { field: hasLon ? 'lat' : 'lon' });
  const address = input.address?.trim() || null;
  let regionCode: string | null = null;
  let lon: number | null = null;
  let lat: number | null = null;
  if (hasLon) {
    const at = await locate(k, cityCode, input.lon!, input.lat!, input.crs ?? 'wgs84');
    lon = at.lon;
    lat = at.lat;
    regionCode = at.region ? regionPrefix(at.region.code) : null;
  }
  if (address) {
    const candidates = await resolveAddress(k, cityCode, address, { limit: 10 }).catch(() => []);
    const inside = candidates.filter((c) => c.score >= 0.3 && (!regionCode || regionPrefix(c.code).startsWith(regionCode)));
    const best = inside.sort((a, b) => regionPrefix(b.code).length - regionPrefix(a.code).length || b.score - a.score)[0];
    if (best && (!regionCode || regionPrefix(best.code).length > regionCode.length)) {
      return { lon, lat, address, regionCode: regionPrefix(best.code), source: hasLon ? 'point+address' : 'address' };
    }
  }
  return { lon, lat, address, regionCode, source: hasLon ? 'point' : 'none' };
}

function checkAttributes(defs: { code: string; datatype: string; required: boolean; values?: { key: string }[] }[], given: Record<string, unknown>) {
  for (const d of defs) {
    const v = given[d.code];
    const field = `attribute[${d.code}]`;
    if (v === undefined || v === null || v === '') {
      if (d.required) throw new AppError('invalid', `${field} is required for this service`, { field });
      continue;
    }
    if (d.datatype === 'number' && !Number.isFinite(Number(v))) throw new AppError('invalid', `${field} must be a number`, { field });
    if (d.datatype === 'datetime' && Number.isNaN(Date.parse(String(v)))) throw new AppError('invalid', `${field} must be a date and time`, { field });
    const keys = new Set((d.values ?? []).map((x) => x.key));
    if (d.datatype === 'singlevaluelist' && !keys.has(String(v))) throw new AppError('invalid', `${field} must be one of ${[...keys].join(', ')}`, { field });
    if (d.datatype === 'multivaluelist') for (const x of Array.isArray(v) ? v : [v]) if (!keys.has(String(x))) throw new AppError('invalid', `${field}: ${String(x)} is not one of ${[...keys].join(', ')}`, { field });
  }
  const known = new Set(defs.map((d) => d.code));
  for (const key of Object.keys(given)) if (!known.has(key)) throw new AppError('invalid', `attribute[${key}] is not an attribute of this service`, { field: `attribute[${key}]` });
}
