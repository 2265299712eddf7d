import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { formatLocal } from './calendar.js';
import { chooseTier, dueAt } from './deadlines.js';
import { open311Status, openStatuses, statusNames, type Status } from './workflow.js';
import type { CaseKind, Urgency } from './pack-schema.js';
import type { HotlineTables } from './tables.js';

/**
 * Service requests as GeoReport v2 shows them to anyone, without a key: the public fields
 * only. No column with personal data is even read; a confidential report (举报) shows a
 * neutral text instead of its description and no media.
 */

export type Locale = 'zh' | 'en';

/** One service request of GET requests (GeoReport v2, "GET Service Requests", response fields). */
export interface PublicRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** `extensions=true` only (an extension Chicago and Austin also use). */
  extended_attributes?: { channel: string; native_status: Status; status_history: { datetime: string; status: 'open' | 'closed'; status_notes: string }[] };
}

export interface RequestQuery {
  /** Case numbers; when given, every other filter is ignored (GeoReport v2: "This overrides all other arguments"). */
  ids?: string[];
  serviceCodes?: string[];
  start: Date;
  end: Date;
  status?: ('open' | 'closed')[];
  offset: number;
  limit: number;
  extensions: boolean;
  locale: Locale;
}

export const confidentialText = '举报内容不公开 / confidential report';

/** The service requests a public query matches, newest first. */
export async function publicRequests(k: Kernel, cityCode: string, q: RequestQuery): Promise<PublicRequest[]> {
  const db = k.db.withTables<HotlineTables>();
  let query = db
    .selectFrom('hotline_cases as c')
    .leftJoin('core_orgs as o', (j) => j.onRef('o.code', '=', 'c.org_code').onRef('o.city_code', '=', 'c.city_code'))
    .leftJoin('hotline_cases as p', 'p.id', 'c.merged_into')
    .select([
      'c.id', 'c.number', 'c.status', 'c.channel', 'c.kind', 'c.urgency', 'c.category_code', 'c.description', 'c.confidential', 'c.tier', 'c.address',
      'c.lon', 'c.lat', 'c.media_url', 'c.received_at', 'c.updated_at', 'c.handling_due_at', 'o.name as org_name', 'o.name_en as org_name_en', 'p.number as merged_into_number',
    ])
    .where('c.city_code', '=', cityCode);
  if (q.ids) {
    if (q.ids.length === 0) return [];
    query = query.where('c.number', 'in', q.ids);
  } else {
    query = query.where('c.received_at', '>=', q.start).where('c.received_at', '<=', q.end);
    if (q.serviceCodes?.length) query = query.where('c.category_code', 'in', q.serviceCodes);
    if (q.status?.length === 1) query = query.where('c.status', q.status[0] === 'open' ? 'in' : 'not in', [...openStatuses]);
  }
  const rows = await query.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').offset(q.offset).limit(q.limit).execute();
  const catalog = await loadCatalog(k, cityCode);
  const history = q.extensions ? await statusHistory(k, rows.map((r) => r.id), catalog) : new Map<string, never[]>();
  return rows.map((r) => {
    const status = r.status as Status;
    const category = r.category_code ? catalog.categories.get(r.category_code) : undefined;
    const view: PublicRequest = {
      service_request_id: r.number,
      status: open311Status(status),
      status_notes: status === 'merged' && r.merged_into_number ? `merged: merged into ${r.merged_into_number} / 已并入工单 ${r.merged_into_number}` : notesOf(status),
      service_name: category ? (q.locale === 'en' ? category.nameEn : category.name) : null,
      service_code: r.category_code,
      description: r.confidential ? confidentialText : withoutContacts(r.description),
      agency_responsible: r.org_name ? (q.locale === 'en' ? r.org_name_en || r.org_name : r.org_name) : null,
      service_notice: '',
      requested_datetime: formatLocal(catalog.calendar, r.received_at),
      updated_datetime: formatLocal(catalog.calendar, r.updated_at),
      expected_datetime: formatLocal(catalog.calendar, r.handling_due_at ?? estimateDue(catalog, r)),
      address: r.address,
      // The city keeps no master address repository or postal codes.
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lon,
      media_url: r.confidential ? null : r.media_url,
    };
    if (q.extensions) view.extended_attributes = { channel: r.channel, native_status: status, status_history: history.get(r.id) ?? [] };
    return view;
  });
}

/** One service request by its case number, or null. */
export async function publicRequest(k: Kernel, cityCode: string, number: string, { extensions = false, locale = 'zh' as Locale } = {}): Promise<PublicRequest | null> {
  const [one] = await publicRequests(k, cityCode, { ids: [number], start: new Date(0), end: new Date(0), offset: 0, limit: 1, extensions, locale });
  return one ?? null;
}

/** The service_request_id a POST's token stands for, or null (GeoReport v2, "GET request_id from a token"). */
export async function requestOfToken(k: Kernel, cityCode: string, token: string): Promise<string | null> {
  const row = await k.db.withTables<HotlineTables>().selectFrom('hotline_cases').select('number').where('city_code', '=', cityCode).where('open311_token', '=', token).executeTakeFirst();
  return row?.number ?? null;
}

/** The native status in words for status_notes: `dispatched: 已派单 Dispatched`. */
export function notesOf(status: Status): string {
  return `${status}: ${statusNames[status].zh} ${statusNames[status].en}`;
}

/**
 * A description with the contacts a citizen may have typed into it masked: mobile numbers,
 * resident ID numbers (GB 11643) and e-mail addresses.
 */
export function withoutContacts(text: string): string {
  return text
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => `${m.slice(0, 3)}****${m.slice(7)}`)
    .replace(/(?<![\dXx])\d{17}[\dXx](?![\dXx])/g, (m) => `${m.slice(0, 6)}********${m.slice(14)}`)
    .replace(/[^@\s<>"'，。；：、]+@[^@\s<>"'，。；：、]+\.[A-Za-z]{2,}/g, '***@***');
}

// No handling deadline yet (not dispatched, or answered at intake): the tier's limit from receipt.
function estimateDue(catalog: Catalog, r: { tier: string; kind: string; urgency: string; category_code: string | null; received_at: Date }): Date {
  const category = r.category_code ? catalog.categories.get(r.category_code) : undefined;
  const tier =
    catalog.policy.tiers.find((t) => t.code === r.tier) ??
    chooseTier(catalog.policy, { kind: r.kind as CaseKind, urgency: r.urgency as Urgency, categoryCode: r.category_code, categoryTier: category?.tier ?? null }).tier;
  return dueAt(catalog.calendar, tier, 'handling', r.received_at);
}

// Status-changing steps only, with the status names: never who acted or their notes, which may hold personal data.
async function statusHistory(k: Kernel, caseIds: string[], catalog: Catalog) {
  const out = new Map<string, NonNullable<PublicRequest['extended_attributes']>['status_history']>();
  if (!caseIds.length) return out;
  const rows = await k.db
    .withTables<HotlineTables>()
    .selectFrom('hotline_case_events')
    .select(['case_id', 'at', 'to_status'])
    .where('case_id', 'in', caseIds)
    .where('to_status', 'is not', null)
    .where(sql<SqlBool>`from_status is distinct from to_status`)
    .orderBy('id')
    .execute();
  for (const e of rows) {
    const to = e.to_status as Status;
    const list = out.get(e.case_id) ?? [];
    list.push({ datetime: formatLocal(catalog.calendar, e.at), status: open311Status(to), status_notes: notesOf(to) });
    out.set(e.case_id, list);
  }
  return out;
}

/** `en` for any English locale; Chinese otherwise. */
export function localeOf(locale: string | undefined): Locale {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The arguments of GET Service Requests, with the extensions page, page_size, extensions and locale. */
export const requestsArgs = z.looseObject({
  jurisdiction_id: z.string().max(64).optional().describe('optional; when given, the city code'),
  service_request_id: z.string().max(20_000).optional().describe('comma-separated; overrides every other argument'),
  service_code: z.string().max(2000).optional().describe('comma-separated'),
  start_date: z.string().max(40).optional().describe('W3C datetime'),
  end_date: z.string().max(40).optional().describe('W3C datetime; at most 90 days after start_date'),
  status: z.string().max(40).optional().describe('open, closed, or both comma-separated'),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  page_size: z.coerce.number().int().min(1).max(1000).optional(),
  extensions: z.enum(['true', 'false']).optional(),
  locale: z.string().max(20).optional().describe('`en` for English names; Chinese otherwise'),
});

const dayMs = 86_400_000;
const maxRangeMs = 90 * dayMs;
const w3cDatetime = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The arguments of GET Service Requests checked: service_request_id overrides the rest; the
 * range defaults to the last 90 days and may not span more (GeoReport v2); 1000 requests at
 * most, or `page_size` (default 50) per `page` as the extension Chicago and Austin use.
 */
export function requestQuery(q: z.infer<typeof requestsArgs>, now: Date, catalog: Catalog) {
  const locale = localeOf(q.locale);
  const extensions = q.extensions === 'true';
  const paged = q.page !== undefined || q.page_size !== undefined;
  const limit = paged ? q.page_size ?? 50 : 1000;
  const offset = paged ? ((q.page ?? 1) - 1) * limit : 0;
  const base = { offset, limit, extensions, locale, start: now, end: now };
  const ids = commaList(q.service_request_id);
  if (ids?.length) {
    if (ids.length > 1000) throw new AppError('invalid', `service_request_id lists ${ids.length} requests; at most 1000`, { field: 'service_request_id' });
    return { ...base, ids };
  }
  const status = commaList(q.status);
  const bad = status?.find((s) => s !== 'open' && s !== 'closed');
  if (bad !== undefined) throw new AppError('invalid', `status ${bad} is not open or closed`, { field: 'status' });
  const startArg = instant(q.start_date, 'start_date', catalog, 'start');
  const endArg = instant(q.end_date, 'end_date', catalog, 'end');
  const end = endArg ?? (startArg ? new Date(startArg.getTime() + maxRangeMs) : now);
  const start = startArg ?? new Date(end.getTime() - maxRangeMs);
  if (end < start) throw new AppError('invalid', 'end_date is before start_date', { field: 'end_date' });
  if (end.getTime() - start.getTime() > maxRangeMs) throw new AppError('invalid', 'start_date to end_date spans more than 90 days', { field: 'end_date' });
  return { ...base, start, end, status: status as ('open' | 'closed')[] | undefined, serviceCodes: commaList(q.service_code) };
}

function commaList(s: string | undefined): string[] | undefined {
  if (s === undefined) return undefined;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

// A W3C datetime with its zone; a date alone is the whole day in the city's zone.
function instant(s: string | undefined, field: string, catalog: Catalog, edge: 'start' | 'end'): Date | null {
  if (s === undefined || s === '') return null;
  const m = w3cDatetime.exec(s);
  const off = catalog.calendar.utcOffsetMinutes;
  const zone = `${off < 0 ? '-' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
  const t = m ? Date.parse(m[2] ? s : `${m[1]}T00:00:00${zone}`) : NaN;
  if (Number.isNaN(t)) throw new AppError('invalid', `${field} must be a W3C datetime with its zone, e.g. 2026-01-01T00:00:00+08:00`, { field });
  return new Date(m![2] || edge === 'start' ? t : t + dayMs - 1);
}
