import { sql, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import { findOrg, orgDirectory } from '../../core/orgs.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { dueAt, warnAt, type Stage, type Tier } from './deadlines.js';
import { shiftForPause } from './calendar.js';
import { propose, districtOf, type Proposal, type TargetResolver } from './dispatch.js';
import { allowedActions, handlingStatuses, requireTransition, type Action, type Status } from './workflow.js';
import type { CaseKind, Urgency } from './pack-schema.js';
import type { HotlineTables, PendingRequest } from './tables.js';
import type { CaseView } from './views.js';
import { caseVisibility, isParty, loadVisible, type CaseRow } from './case-access.js';
import { getCase } from './case-reading.js';

export type { CaseView };

/** Where a request came in (受理渠道). */
export const channels = ['phone', 'web', 'app', 'open311', 'operator', 'alarm', 'inspection'] as const;
export type Channel = (typeof channels)[number];

export const hotlineEvents = {
  received: 'hotline.case.received',
  changed: 'hotline.case.changed',
  dispatched: 'hotline.case.dispatched',
  replied: 'hotline.case.replied',
  closed: 'hotline.case.closed',
  merged: 'hotline.case.merged',
  warned: 'hotline.case.warned',
  overdue: 'hotline.case.overdue',
  anonymised: 'hotline.case.anonymised',
} as const;

/** What the payload of every hotline case event carries. */
export interface CaseEventPayload {
  caseId: string;
  number: string;
  action: string;
  from: Status | null;
  to: Status;
  orgCode: string | null;
  regionCode: string | null;
  categoryCode: string | null;
  /** Where the case is (WGS-84), when it has a point: subscribers that place it need not read it. */
  lon: number | null;
  lat: number | null;
  /** Cases merged into this one: their citizens hear of its reply and closing too. */
  mergedCases?: string[];
  stage?: Stage;
}

export interface NewCase {
  channel: Channel;
  kind: CaseKind;
  categoryCode?: string | null;
  title?: string | null;
  description: string;
  urgency?: Urgency;
  lon?: number | null;
  lat?: number | null;
  crs?: 'wgs84' | 'gcj02' | 'bd09';
  address?: string | null;
  citizen?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  confidential?: boolean;
  attributes?: Record<string, unknown>;
  mediaUrl?: string | null;
  /** The operator dispatches at intake: to this organisation (the proposal when `proposed`). */
  dispatch?: { org: string; reason?: string | null } | null;
  /** The operator answers at intake (直接答复), from the knowledge base or not. */
  answer?: { reply: string; kbCode?: string | null; kbVersion?: number | null } | null;
  /** Open311 `batch` clients get a token to exchange for the id later. */
  withToken?: boolean;
}

type Trx = Transaction<CoreTables>;
const h = (db: Trx | Kernel['db']) => db.withTables<HotlineTables>();

const maxDescription = 20_000;

// ---------------------------------------------------------------- intake

/** The organisation directory as the dispatch catalog needs it, for one case's place. */
async function resolverFor(k: Kernel, cityCode: string, db: Trx | Kernel['db']): Promise<TargetResolver> {
  const dir = await orgDirectory(k, cityCode, db);
  const ref = (o: { code: string; name: string } | undefined) => (o ? { code: o.code, name: o.name } : null);
  return {
    street: (region) => ref(dir.covering(region, 'street')[0]),
    districtCentre: (region) => {
      const district = districtOf(region);
      return district ? ref(dir.covering(district, 'dispatch_centre')[0]) : null;
    },
    org: (code) => ref(dir.byCode.get(code)),
  };
}

/** The office the catalog proposes for a category and a place, with its reason. */
export async function proposeOffice(k: Kernel, cityCode: string, c: { categoryCode: string | null; regionCode: string | null }, { catalog, db = k.db }: { catalog?: Catalog; db?: Trx | Kernel['db'] } = {}): Promise<Proposal> {
  const cat = catalog ?? (await loadCatalog(k, cityCode, db));
  const category = c.categoryCode ? cat.categories.get(c.categoryCode) : undefined;
  return propose(cat.rules, { categoryCode: c.categoryCode, categoryPath: category?.path ?? null, regionCode: c.regionCode }, cat.fallback, await resolverFor(k, cityCode, db));
}

// ---------------------------------------------------------------- workflow

/** What each action takes from the person taking it. */
export interface ActionInput {
  reply?: string | null;
  kbCode?: string | null;
  kbVersion?: number | null;
  org?: string | null;
  reason?: string | null;
  until?: string | null;
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  channel?: 'phone' | 'sms' | 'web' | null;
  into?: string | null;
  target?: string | null;
  note?: string | null;
}

async function timeline(trx: Trx, ctx: RequestContext, e: { caseId: string; at: Date; action: string; from: Status | null; to: Status | null; orgCode: string | null; note: string | null; data: Record<string, unknown> }) {
  await h(trx)
    .insertInto('hotline_case_events')
    .values({
      city_code: ctx.cityCode,
      case_id: e.caseId,
      at: e.at,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      actor_id: ctx.actor?.id ?? null,
      actor_label: ctx.actor?.label ?? 'anonymous',
      org_code: e.orgCode,
      note: e.note,
      data: JSON.stringify(e.data),
    })
    .execute();
}

function payloadOf(row: CaseRow, action: string, from: Status | null, extra: Partial<CaseEventPayload> = {}): CaseEventPayload {
  return { caseId: row.id, number: row.number, action, from, to: row.status as Status, orgCode: row.org_code, regionCode: row.region_code, categoryCode: row.category_code, lon: row.lon, lat: row.lat, ...extra };
}

function required(value: string | null | undefined, field: string, max = maxDescription): string {
  const v = value?.trim();
  if (!v) throw new AppError('invalid', `${field} is required for this action`, { field });
  if ([...v].length > max) throw new AppError('too_large', `${field} is ${[...v].length} characters; at most ${max}`, { field });
  return v;
}

function tierOf(catalog: Catalog, row: CaseRow): Tier {
  return catalog.policy.tiers.find((t) => t.code === row.tier) ?? catalog.policy.tiers[0]!;
}

function stageTimes(catalog: Catalog, tier: Tier, stage: Stage, from: Date) {
  const due = dueAt(catalog.calendar, tier, stage, from);
  return { due, warn: warnAt(catalog.calendar, tier, stage, from, due) };
}

/**
 * Applies one workflow action to a locked case row inside the caller's transaction: checks
 * the transition, the permission and the party, computes the effects, writes the row, the
 * timeline, the audit record and the event. Returns the updated row.
 */
async function applyAction(k: Kernel, trx: Trx, ctx: RequestContext, row: CaseRow, action: Action, input: ActionInput, catalog: Catalog): Promise<CaseRow> {
  const from = row.status as Status;
  const t = requireTransition(from, action, { hasOrg: !!row.org_code });
  const actor = k.policy.check(ctx.actor, { action: t.permission });
  if (!(await isParty(k, trx, actor, row, t.parties))) {
    throw new AppError('forbidden', `${actor.label} may not ${action} case ${row.number}: that is for ${t.parties.join(' or ')}`, { details: { action, parties: t.parties } });
  }
  const now = k.clock.now();
  const tier = tierOf(catalog, row);
  const set: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  let note: string | null = input.note?.trim() || input.reason?.trim() || null;
  let topic: string = hotlineEvents.changed;
  const extra: Partial<CaseEventPayload> = {};

  const assign = async (orgCode: string, field = 'org') => {
    const org = await findOrg(trx, row.city_code, orgCode);
    if (!org || !org.active) throw new AppError('invalid', `no active organisation ${orgCode}`, { field });
    const response = stageTimes(catalog, tier, 'response', now);
    const handling = stageTimes(catalog, tier, 'handling', now);
    Object.assign(set, {
      org_code: org.code,
      org_history: [...new Set([...row.org_history, org.code])],
      dispatched_at: now,
      accepted_at: null,
      response_due_at: response.due,
      response_warn_at: response.warn,
      handling_due_at: handling.due,
      handling_warn_at: handling.warn,
      callback_due_at: null,
      callback_warn_at: null,
      warned: [],
      overdue: [],
      dispute_rejected: false,
      paused_at: null,
      pending: null,
    });
    const overridden = row.proposed_org !== null && row.proposed_org !== org.code;
    await h(trx)
      .insertInto('hotline_dispatches')
      .values({
        city_code: row.city_code,
        case_id: row.id,
        at: now,
        category_code: row.category_code,
        region_code: row.region_code,
        proposed_org: row.proposed_org,
        proposed_rule: row.proposed_rule,
        proposed_reason: row.proposed_reason,
        chosen_org: org.code,
        overridden,
        reason: input.reason?.trim() || null,
        by_person: actor.kind !== 'system',
        actor_label: actor.label,
      })
      .execute();
    Object.assign(data, { org: org.code, orgName: org.name, proposed: row.proposed_org, overridden, responseDue: response.due.toISOString(), handlingDue: handling.due.toISOString() });
    if (overridden && actor.kind !== 'system' && !input.reason?.trim()) note = `override of the proposal (${row.proposed_reason ?? 'none'})`;
    topic = hotlineEvents.dispatched;
  };

  switch (action) {
    case 'answer': {
      const reply = required(input.reply, 'reply');
      const cb = stageTimes(catalog, tier, 'callback', now);
      Object.assign(set, { reply, replied_at: now, kb_code: input.kbCode ?? null, kb_version: input.kbCode ? (input.kbVersion ?? null) : null, callback_due_at: cb.due, callback_warn_at: cb.warn });
      if (input.kbCode) {
        const kb = await h(trx).selectFrom('hotline_kb_articles').select(['code', 'version', 'status']).where('city_code', '=', row.city_code).where('code', '=', input.kbCode).executeTakeFirst();
        if (!kb) throw new AppError('invalid', `no knowledge-base article ${input.kbCode}`, { field: 'kbCode' });
        set.kb_version = input.kbVersion ?? kb.version;
        data.kb = { code: kb.code, version: set.kb_version };
      }
      topic = hotlineEvents.replied;
      break;
    }
    case 'dispatch':
      await assign(required(input.org, 'org', 64));
      break;
    case 'redispatch':
    case 'uphold_dispute': {
      const org = required(input.org, 'org', 64);
      if (org === row.org_code) throw new AppError('invalid', `the case is already with ${org}: choose another office`, { field: 'org' });
      if (action === 'uphold_dispute') required(input.reason ?? 'upheld', 'reason');
      await assign(org);
      break;
    }
    case 'dispute':
      if (row.dispute_rejected) throw new AppError('conflict', 'this office already disputed the case and the dispute was rejected: accept it', { details: { status: from, action, allowed: allowedActions(from).filter((a) => a !== 'dispute') } });
      note = required(input.reason, 'reason', 2000);
      data.org = row.org_code;
      break;
    case 'reject_dispute': {
      note = required(input.reason, 'reason', 2000);
      const response = stageTimes(catalog, tier, 'response', now);
      Object.assign(set, { dispute_rejected: true, response_due_at: response.due, response_warn_at: response.warn, warned: row.warned.filter((s) => s !== 'response'), overdue: row.overdue.filter((s) => s !== 'response') });
      break;
    }
    case 'accept':
      Object.assign(set, { accepted_at: now });
      break;
    case 'start':
      break;
    case 'request_extension': {
      if (row.extensions >= catalog.policy.maxExtensions) throw new AppError('conflict', `the case was extended ${row.extensions} times already; at most ${catalog.policy.maxExtensions}`, { field: 'until' });
      const until = new Date(required(input.until, 'until', 40));
      if (Number.isNaN(until.getTime())) throw new AppError('invalid', 'until must be a date and time (ISO 8601)', { field: 'until' });
      if (row.handling_due_at && until <= row.handling_due_at) throw new AppError('invalid', `until must be after the current deadline ${row.handling_due_at.toISOString()}`, { field: 'until' });
      const reason = required(input.reason, 'reason', 2000);
      set.pending = JSON.stringify({ type: 'extension', requestedBy: actor.label, requestedAt: now.toISOString(), reason, until: until.toISOString() } satisfies PendingRequest);
      note = reason;
      data.until = until.toISOString();
      break;
    }
    case 'request_suspension': {
      const reason = required(input.reason, 'reason', 2000);
      set.pending = JSON.stringify({ type: 'suspension', requestedBy: actor.label, requestedAt: now.toISOString(), reason } satisfies PendingRequest);
      note = reason;
      break;
    }
    case 'approve_extension': {
      const p = row.pending;
      const until = new Date(p?.until ?? '');
      const start = row.dispatched_at ?? now;
      Object.assign(set, {
        pending: null,
        extensions: row.extensions + 1,
        handling_due_at: until,
        handling_warn_at: warnAt(catalog.calendar, tier, 'handling', start, until),
        warned: row.warned.filter((s) => s !== 'handling'),
        overdue: row.overdue.filter((s) => s !== 'handling'),
      });
      data.handlingDue = until.toISOString();
      data.previousDue = row.handling_due_at?.toISOString() ?? null;
      break;
    }
    case 'reject_extension':
    case 'reject_suspension':
      note = required(input.reason, 'reason', 2000);
      set.pending = null;
      break;
    case 'approve_suspension':
      Object.assign(set, { pending: null, paused_at: now });
      break;
    case 'resume': {
      if (row.paused_at && row.handling_due_at) {
        const basis = tier.handling.basis;
        const due = shiftForPause(catalog.calendar, row.handling_due_at, row.paused_at, now, basis);
        const warn = row.handling_warn_at ? shiftForPause(catalog.calendar, row.handling_warn_at, row.paused_at, now, basis) : null;
        Object.assign(set, { handling_due_at: due, handling_warn_at: warn });
        data.handlingDue = due.toISOString();
        data.pausedMs = now.getTime() - row.paused_at.getTime();
      }
      set.paused_at = null;
      break;
    }
    case 'reply': {
      const reply = required(input.reply, 'reply');
      const cb = stageTimes(catalog, tier, 'callback', now);
      Object.assign(set, { reply, replied_at: now, callback_due_at: cb.due, callback_warn_at: cb.warn });
      topic = hotlineEvents.replied;
      break;
    }
    case 'callback': {
      if (!input.satisfaction) throw new AppError('invalid', 'satisfaction is required when the citizen was reached and the problem is solved', { field: 'satisfaction' });
      Object.assign(set, { resolved: true, satisfaction: input.satisfaction, closed_at: now, callback_attempts: row.callback_attempts + 1 });
      Object.assign(data, { resolved: true, satisfaction: input.satisfaction, channel: input.channel ?? 'phone' });
      topic = hotlineEvents.closed;
      break;
    }
    case 'callback_failed':
      set.callback_attempts = row.callback_attempts + 1;
      data.channel = input.channel ?? 'phone';
      data.attempt = row.callback_attempts + 1;
      break;
    case 'redo': {
      note = required(input.reason ?? input.note, 'reason', 2000);
      // A redo is a callback that reached the citizen: it counts as a call.
      Object.assign(set, { resolved: false, satisfaction: input.satisfaction ?? 'dissatisfied', redo_count: row.redo_count + 1, callback_attempts: row.callback_attempts + 1, replied_at: null, callback_due_at: null, callback_warn_at: null });
      if (from === 'replied') {
        const handling = stageTimes(catalog, tier, 'handling', now);
        Object.assign(set, { handling_due_at: handling.due, handling_warn_at: handling.warn, warned: row.warned.filter((s) => s !== 'handling' && s !== 'callback'), overdue: row.overdue.filter((s) => s !== 'handling' && s !== 'callback') });
        data.handlingDue = handling.due.toISOString();
      }
      Object.assign(data, { resolved: false, satisfaction: set.satisfaction, channel: input.channel ?? 'phone' });
      break;
    }
    case 'close':
      note = required(input.reason, 'reason', 2000);
      set.closed_at = now;
      topic = hotlineEvents.closed;
      break;
    case 'reopen': {
      note = required(input.reason, 'reason', 2000);
      Object.assign(set, { closed_at: null, resolved: null, satisfaction: null, reopen_count: row.reopen_count + 1, replied_at: null });
      if (row.org_code) {
        const response = stageTimes(catalog, tier, 'response', now);
        const handling = stageTimes(catalog, tier, 'handling', now);
        Object.assign(set, { dispatched_at: now, accepted_at: null, response_due_at: response.due, response_warn_at: response.warn, handling_due_at: handling.due, handling_warn_at: handling.warn, callback_due_at: null, callback_warn_at: null, warned: [], overdue: [] });
        topic = hotlineEvents.dispatched;
      }
      break;
    }
    case 'merge': {
      const into = required(input.into, 'into', 64);
      const primary = await h(trx)
        .selectFrom('hotline_cases')
        .selectAll()
        .where('city_code', '=', row.city_code)
        .where((eb) => eb.or([eb('id', '=', into), eb('number', '=', into)]))
        .where(caseVisibility(actor))
        .forUpdate()
        .executeTakeFirst();
      if (!primary) throw new AppError('invalid', `no case ${into} that you may see`, { field: 'into' });
      if (primary.id === row.id) throw new AppError('invalid', 'a case cannot be merged into itself', { field: 'into' });
      if (['closed', 'merged', 'transferred'].includes(primary.status)) throw new AppError('invalid', `case ${primary.number} is ${primary.status}: merge into an open case`, { field: 'into' });
      Object.assign(set, { merged_into: primary.id, closed_at: now, pending: null });
      data.into = { id: primary.id, number: primary.number };
      await timeline(trx, ctx, { caseId: primary.id, at: now, action: 'merged_in', from: null, to: null, orgCode: primary.org_code, note: `case ${row.number} merged into this one`, data: { caseId: row.id, number: row.number } });
      // Cases merged into this one follow it to its new primary.
      await h(trx).updateTable('hotline_cases').set({ merged_into: primary.id }).where('merged_into', '=', row.id).execute();
      topic = hotlineEvents.merged;
      break;
    }
    case 'transfer': {
      const target = required(input.target, 'target', 64);
      const known = catalog.transferTargets.find((x) => x.code === target);
      if (!known) throw new AppError('invalid', `no transfer target ${target}; known: ${catalog.transferTargets.map((x) => x.code).join(', ')}`, { field: 'target' });
      Object.assign(set, { transfer_target: target, closed_at: now, pending: null });
      data.target = known;
      topic = hotlineEvents.closed;
      break;
    }
  }

  const to = action === 'callback_failed' ? from : t.to;
  const updated = (await h(trx)
    .updateTable('hotline_cases')
    .set({ ...set, status: to, updated_at: now, row_version: sql<number>`row_version + 1` } as never)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as CaseRow;
  await timeline(trx, ctx, { caseId: row.id, at: now, action, from, to, orgCode: updated.org_code, note, data });
  await writeAudit(trx, ctx, { action: `hotline.case.${action}`, resourceType: 'hotline_case', resourceId: row.id, before: { status: from, org: row.org_code }, after: { status: to, org: updated.org_code, ...(note ? { note } : {}) } });
  if (topic === hotlineEvents.replied || topic === hotlineEvents.closed) {
    const merged = await h(trx).selectFrom('hotline_cases').select('id').where('merged_into', '=', row.id).execute();
    if (merged.length) extra.mergedCases = merged.map((m) => m.id);
  }
  await emitEvent(trx, row.city_code, topic, payloadOf(updated, action, from, extra));
  return updated;
}

/** Takes a workflow action on a case the actor may see; 409 with the allowed actions when the status forbids it. */
export async function actOnCase(k: Kernel, ctx: RequestContext, idOrNumber: string, action: Action, input: ActionInput, { expectedVersion }: { expectedVersion?: number } = {}) {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const row = await k.transaction(async (trx) => {
    const current = await loadVisible(trx, actor, idOrNumber, { lock: true });
    if (expectedVersion !== undefined && current.row_version !== expectedVersion) {
      throw new AppError('conflict', `case ${current.number} changed meanwhile (version ${current.row_version}, you had ${expectedVersion}): reload it`, { details: { rowVersion: current.row_version } });
    }
    return applyAction(k, trx, ctx, current, action, input, catalog);
  });
  return getCase(k, ctx, row.id);
}

/** The callback (回访) as the operator records it: reached or not, solved or not, satisfied or not. */
export async function recordCallback(
  k: Kernel,
  ctx: RequestContext,
  idOrNumber: string,
  input: { reached: boolean; resolved?: boolean | null; satisfaction?: ActionInput['satisfaction']; channel?: ActionInput['channel']; note?: string | null },
) {
  if (!input.reached) return actOnCase(k, ctx, idOrNumber, 'callback_failed', { channel: input.channel, note: input.note });
  if (input.resolved === undefined || input.resolved === null) throw new AppError('invalid', 'resolved is required when the citizen was reached', { field: 'resolved' });
  if (input.resolved) return actOnCase(k, ctx, idOrNumber, 'callback', { satisfaction: input.satisfaction, channel: input.channel, note: input.note });
  return actOnCase(k, ctx, idOrNumber, 'redo', { satisfaction: input.satisfaction, channel: input.channel, reason: input.note ?? 'the citizen says the problem is not solved' });
}

export { handlingStatuses };

/** Internal, for the scheduled jobs and Open311. */
export { applyAction, payloadOf, timeline, type CaseRow };
