// Reading cases: one case as an actor may see it, its timeline, lists and exports' rows, a
// caller's history, and the audited reveal of a contact. Acting on cases is `cases.ts`.
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { normalisePhone } from '../../core/pii.js';
import { revealPii } from '../../core/pii-access.js';
import { inJurisdiction, regionPrefix } from '../../core/auth/jurisdiction.js';
import { orgDirectory } from '../../core/orgs.js';
import type { Kernel } from '../../core/kernel.js';
import type { Actor, RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { formatLocal } from './calendar.js';
import { statusNames, transitions, type Action, type Status } from './workflow.js';
import type { CaseKind } from './pack-schema.js';
import type { HotlineTables } from './tables.js';
import type { CaseView } from './views.js';
import type { Channel } from './cases.js';
import { caseVisibility, has, hotlineRoles, isOffice, loadVisible, staffRoles, type CaseRow } from './case-access.js';

const h = (db: Kysely<CoreTables> | Transaction<CoreTables>) => db.withTables<HotlineTables>();

/** Whether contact details are withheld from this actor: a report's reporter is never shown to offices. */
function withheldFrom(actor: Actor, row: CaseRow): boolean {
  if (has(actor, hotlineRoles) || actor.kind === 'system') return false;
  if (actor.roles.includes('citizen') && row.citizen_user_id === actor.id) return false;
  return row.confidential || !actor.roles.includes('handler');
}

async function orgNames(k: Kernel, cityCode: string, codes: (string | null)[]): Promise<Map<string, string>> {
  const dir = await orgDirectory(k, cityCode);
  const names = new Map<string, string>();
  for (const c of codes) if (c && dir.byCode.has(c)) names.set(c, dir.byCode.get(c)!.name);
  // An organisation a pack later dropped still has its name on old cases.
  const missing = [...new Set(codes.filter((c): c is string => !!c && !names.has(c)))];
  if (missing.length) for (const r of await k.db.selectFrom('core_orgs').select(['code', 'name']).where('city_code', '=', cityCode).where('code', 'in', missing).execute()) names.set(r.code, r.name);
  return names;
}

function actionsFor(actor: Actor, row: CaseRow, k: Kernel, supervises: boolean): Action[] {
  const status = row.status as Status;
  return transitions
    .filter((t) => t.from === status && k.policy.allows(actor, { action: t.permission }))
    .filter((t) =>
      t.parties.some(
        (p) =>
          actor.roles.includes('admin') ||
          (p === 'hotline' && has(actor, hotlineRoles)) ||
          (p === 'office' && isOffice(actor, row)) ||
          (p === 'citizen' && row.citizen_user_id === actor.id) ||
          (p === 'supervisor' && (supervises || (actor.roles.includes('dispatcher') && inJurisdiction(actor.jurisdiction, row.region_code)))),
      ),
    )
    .filter((t) => !(t.action === 'dispute' && row.dispute_rejected))
    .map((t) => t.action)
    .filter((a, i, all) => all.indexOf(a) === i);
}

function viewOf(k: Kernel, actor: Actor, row: CaseRow, catalog: Catalog, names: Map<string, string>, supervises: boolean): CaseView {
  const cat = row.category_code ? catalog.categories.get(row.category_code) : undefined;
  const withheld = withheldFrom(actor, row);
  const iso = (d: Date | null) => (d ? formatLocal(catalog.calendar, d) : null);
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    kind: row.kind,
    category: cat ? { code: cat.code, name: cat.name, path: cat.path, pathEn: cat.pathEn } : row.category_code ? { code: row.category_code, name: row.category_code, path: row.category_code, pathEn: row.category_code } : null,
    title: row.title,
    description: row.description,
    urgency: row.urgency,
    attributes: row.attributes,
    location: { lon: row.lon, lat: row.lat, address: row.address, regionCode: row.region_code, source: row.location_source },
    citizen: {
      name: withheld ? null : row.citizen_name_masked,
      phone: withheld ? null : row.citizen_phone_masked,
      hasEmail: !withheld && !!row.citizen_email,
      withheld,
      anonymised: !!row.pii_erased_at,
      confidential: row.confidential,
    },
    status: row.status as Status,
    statusName: statusNames[row.status as Status],
    org: row.org_code ? { code: row.org_code, name: names.get(row.org_code) ?? row.org_code } : null,
    proposal: { org: row.proposed_org ? { code: row.proposed_org, name: names.get(row.proposed_org) ?? row.proposed_org } : null, ruleId: row.proposed_rule, reason: row.proposed_reason },
    deadlines: { tier: row.tier, response: iso(row.response_due_at), handling: iso(row.handling_due_at), callback: iso(row.callback_due_at), paused: !!row.paused_at, overdue: row.overdue, warned: row.warned },
    pending: row.pending,
    counts: { extensions: row.extensions, redo: row.redo_count, reopen: row.reopen_count, callbackAttempts: row.callback_attempts },
    reply: row.reply,
    kb: row.kb_code ? { code: row.kb_code, version: row.kb_version } : null,
    resolved: row.resolved,
    satisfaction: row.satisfaction,
    mergedInto: row.merged_into,
    transferTarget: row.transfer_target,
    mediaUrl: row.media_url,
    receivedAt: iso(row.received_at)!,
    dispatchedAt: iso(row.dispatched_at),
    acceptedAt: iso(row.accepted_at),
    repliedAt: iso(row.replied_at),
    closedAt: iso(row.closed_at),
    updatedAt: iso(row.updated_at)!,
    rowVersion: row.row_version,
    actions: actionsFor(actor, row, k, supervises),
    suggestions: row.suggestions
      ? {
          source: row.suggestions.source,
          top: row.suggestions.top.map((t) => {
            const c = catalog.categories.get(t.categoryCode);
            return { ...t, ...(c ? { name: c.name, path: c.path } : {}) };
          }),
        }
      : null,
    modelVersion: row.model_version,
  };
}

async function supervisedBy(k: Kernel, actor: Actor, rows: CaseRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!actor.orgId || !actor.roles.includes('handler')) return out;
  const codes = [...new Set(rows.map((r) => r.org_code).filter((c): c is string => !!c && c !== actor.orgId))];
  const dir = await orgDirectory(k, actor.cityCode);
  for (const code of codes) if (dir.supervisors(code).some((o) => o.code === actor.orgId)) out.add(code);
  return out;
}

/** One case as the actor may see it. */
export async function getCase(k: Kernel, ctx: RequestContext, idOrNumber: string): Promise<CaseView> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  const catalog = await loadCatalog(k, ctx.cityCode);
  const names = await orgNames(k, ctx.cityCode, [row.org_code, row.proposed_org]);
  const sup = await supervisedBy(k, actor, [row]);
  return viewOf(k, actor, row, catalog, names, !!row.org_code && sup.has(row.org_code));
}

/** The view of a row the caller has just written (an intake): no read back, names from the directory. */
export async function caseViewOf(k: Kernel, ctx: RequestContext, row: CaseRow): Promise<CaseView> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const names = await orgNames(k, ctx.cityCode, [row.org_code, row.proposed_org]);
  const sup = await supervisedBy(k, actor, [row]);
  return viewOf(k, actor, row, catalog, names, !!row.org_code && sup.has(row.org_code));
}

export interface TimelineEntry {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  actor: string;
  org: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** Every step of a case, oldest first. */
export async function caseTimeline(k: Kernel, ctx: RequestContext, idOrNumber: string): Promise<TimelineEntry[]> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  const catalog = await loadCatalog(k, ctx.cityCode);
  const rows = await h(k.db).selectFrom('hotline_case_events').selectAll().where('case_id', '=', row.id).orderBy('id').execute();
  return rows.map((e) => ({
    id: Number(e.id),
    at: formatLocal(catalog.calendar, e.at),
    action: e.action,
    from: e.from_status,
    to: e.to_status,
    // Offices never learn which hotline staff member or citizen acted; they see the role.
    actor: has(actor, staffRoles) || actor.kind === 'system' ? e.actor_label : e.org_code && e.org_code === actor.orgId ? e.actor_label : e.actor_label.startsWith('system:') ? e.actor_label : '12345',
    org: e.org_code,
    note: e.note,
    data: e.data,
  }));
}

export interface CaseFilter {
  status?: Status[];
  category?: string;
  region?: string;
  org?: string;
  kind?: CaseKind;
  channel?: Channel;
  overdue?: boolean;
  from?: Date;
  to?: Date;
  q?: string;
  callerOf?: string;
  limit?: number;
  cursor?: string | null;
}

/** A page of cases the actor may see, newest first, with the cursor of the next page. */
export async function listCases(k: Kernel, ctx: RequestContext, f: CaseFilter): Promise<{ cases: CaseView[]; next: string | null }> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const rows = await queryCases(k, actor, f, Math.min(f.limit ?? 50, 500) + 1);
  const limit = Math.min(f.limit ?? 50, 500);
  const page = rows.slice(0, limit);
  const catalog = await loadCatalog(k, ctx.cityCode);
  const names = await orgNames(k, ctx.cityCode, page.flatMap((r) => [r.org_code, r.proposed_org]));
  const sup = await supervisedBy(k, actor, page);
  return {
    cases: page.map((r) => viewOf(k, actor, r, catalog, names, !!r.org_code && sup.has(r.org_code))),
    next: rows.length > limit ? Buffer.from(page[page.length - 1]!.id).toString('base64url') : null,
  };
}

/** The rows behind a queue, for listing and export. */
export async function queryCases(k: Kernel, actor: Actor, f: CaseFilter, limit: number): Promise<CaseRow[]> {
  let q = h(k.db).selectFrom('hotline_cases').selectAll().where('city_code', '=', actor.cityCode).where(caseVisibility(actor));
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.category) q = q.where('category_code', 'like', `${f.category}%`);
  if (f.region) q = q.where('region_code', 'like', `${regionPrefix(f.region)}%`);
  if (f.org) q = q.where('org_code', '=', f.org);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.from) q = q.where('received_at', '>=', f.from);
  if (f.to) q = q.where('received_at', '<', f.to);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('description', 'like', like), eb('title', 'like', like), eb('number', '=', f.q!), eb('address', 'like', like)]));
  }
  if (f.overdue !== undefined) {
    const now = k.clock.now();
    const overdue = sql<SqlBool>`(
      (status = 'dispatched' and response_due_at < ${now})
      or (status in ('accepted','in_progress','extension_requested','suspension_requested','dispatched') and handling_due_at < ${now})
      or (status in ('replied','answered') and callback_due_at < ${now}))`;
    q = q.where(f.overdue ? overdue : sql<SqlBool>`not ${overdue}`);
  }
  if (f.callerOf) {
    k.policy.check(actor, { action: 'hotline.caller.history' });
    const of = await loadVisible(k.db, actor, f.callerOf);
    if (!of.citizen_phone_hash) return [];
    q = q.where('citizen_phone_hash', '=', of.citizen_phone_hash).where('id', '<>', of.id);
  }
  if (f.cursor) {
    const after = Buffer.from(f.cursor, 'base64url').toString('utf8');
    if (!/^case_[0-9a-z]{26}$/.test(after)) throw new AppError('invalid', 'cursor is not one this API gave', { field: 'cursor' });
    q = q.where('id', '<', after);
  }
  return (await q.orderBy('id', 'desc').limit(limit).execute()) as CaseRow[];
}

/** A caller's earlier cases, by the keyed hash of the number the operator sees on the line. */
export async function callerHistory(k: Kernel, ctx: RequestContext, phone: string, limit = 20): Promise<CaseView[]> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.caller.history' });
  const digits = normalisePhone(phone);
  if (!/^\d{5,15}$/.test(digits)) throw new AppError('invalid', 'phone must be 5 to 15 digits', { field: 'phone' });
  const rows = (await h(k.db)
    .selectFrom('hotline_cases')
    .selectAll()
    .where('city_code', '=', actor.cityCode)
    .where(caseVisibility(actor))
    .where('citizen_phone_hash', '=', k.pii.hashPhone(digits))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()) as CaseRow[];
  const catalog = await loadCatalog(k, ctx.cityCode);
  const names = await orgNames(k, ctx.cityCode, rows.flatMap((r) => [r.org_code, r.proposed_org]));
  return rows.map((r) => viewOf(k, actor, r, catalog, names, false));
}

/** The citizen's contact in clear, for someone with a need to see it; audited; never for the office of a report. */
export async function revealContact(k: Kernel, ctx: RequestContext, idOrNumber: string, field: 'name' | 'phone' | 'email'): Promise<string | null> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  if (withheldFrom(actor, row)) throw new AppError('forbidden', row.confidential ? 'the reporter of a confidential report is never shown to offices' : 'you may not see this citizen’s contact', { field });
  const sealed = field === 'name' ? row.citizen_name : field === 'phone' ? row.citizen_phone : row.citizen_email;
  if (!sealed) return null;
  return revealPii(k, ctx, { resourceType: 'hotline_case', resourceId: row.id, field, regionCode: row.region_code }, sealed);
}

/** Offices: handling deadlines run for these statuses. */
