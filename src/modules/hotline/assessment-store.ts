import { sql, type ColumnType, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import { listOrgs } from '../../core/orgs.js';
import type { Actor, RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import type { PackLoader } from '../../core/pack.js';
import { lineage } from '../regions/index.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { dueAt } from './deadlines.js';
import { formatLocal } from './calendar.js';
import type { HotlineTables } from './tables.js';
import {
  assessCase,
  assessmentFileSchema,
  defaultAssessmentSettings,
  figuresOf,
  formulasOf,
  monthWindow,
  rankUnits,
  rates,
  reasons,
  type AssessmentCase,
  type AssessmentSettings,
  type Figures,
  type Finding,
  type Rate,
  type Reason,
  type Window,
} from './assessment.js';

/** The assessment's own table, as Kysely sees it: `db.withTables<HotlineTables & AssessmentTables>()`. */
export type AssessmentTables = {
  hotline_assessment_settings: {
    city_code: string;
    weights: ColumnType<Record<Rate, number>, string, string>;
    basically_satisfied_weight: number;
    min_cases: number;
    source: string | null;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
};

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
const t = (db: Db) => db.withTables<HotlineTables & AssessmentTables>();
export const assessmentFile = 'hotline/assessment.json';

/** The pack loader of `hotline/assessment.json`; a pack without the file leaves the city's settings as they are. */
export const assessmentPackLoader: PackLoader = {
  name: 'hotline.assessment',
  after: ['hotline.catalog'],
  async load({ has, readJson, trx, ctx }): Promise<Record<string, number>> {
    if (!has(assessmentFile)) return {};
    const parsed = assessmentFileSchema.safeParse(await readJson(assessmentFile));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      throw new AppError('invalid', `${assessmentFile}: ${field || '(root)'}: ${issue.message}`, { field: `${assessmentFile}:${field}` });
    }
    const f = parsed.data;
    const row = { weights: JSON.stringify(f.weights), basically_satisfied_weight: f.basicallySatisfiedWeight, min_cases: f.minCases, source: f.source, updated_at: new Date() };
    await t(trx)
      .insertInto('hotline_assessment_settings')
      .values({ city_code: ctx.cityCode, ...row })
      .onConflict((oc) => oc.column('city_code').doUpdateSet(row))
      .execute();
    return { assessmentSettings: 1 };
  },
};

/** The city's assessment settings, or the defaults when its pack had no `hotline/assessment.json`. */
export async function loadAssessmentSettings(db: Db, cityCode: string): Promise<AssessmentSettings> {
  const row = await t(db).selectFrom('hotline_assessment_settings').selectAll().where('city_code', '=', cityCode).executeTakeFirst();
  if (!row) return defaultAssessmentSettings;
  return { weights: row.weights, basicallySatisfiedWeight: row.basically_satisfied_weight, minCases: row.min_cases, source: row.source };
}

// ---------------------------------------------------------------- reading a month

const measured = ['dispatch', 'redispatch', 'uphold_dispute', 'reopen', 'callback', 'redo'];
const chunk = 1000;

/**
 * The cases with a measured step in the window (a dispatch, a callback) or suspended through
 * it, with their whole timelines: those in the actor's jurisdiction, or, with `org`, every
 * case that office ever had.
 */
export async function readMonth(k: Kernel, catalog: Catalog, cityCode: string, window: Window, scope: { actor: Actor } | { org: string }): Promise<AssessmentCase[]> {
  const { from, to } = window;
  const stepped = sql<SqlBool>`hotline_cases.id in (select e.case_id from hotline_case_events e
    where e.city_code = ${cityCode} and e.at >= ${from} and e.at < ${to} and e.action in (${sql.join(measured)}))`;
  const suspended = sql<SqlBool>`hotline_cases.id in (select s.case_id from hotline_case_events s
    where s.city_code = ${cityCode} and s.action = 'approve_suspension' and s.at <= ${from}
      and not exists (select 1 from hotline_case_events r where r.case_id = s.case_id and r.id > s.id and r.at < ${to} and r.from_status = 'suspended'))`;
  let q = t(k.db)
    .selectFrom('hotline_cases')
    .select(['id', 'number', 'region_code', 'status', 'tier', 'response_due_at'])
    .where('city_code', '=', cityCode)
    .where((eb) => eb.or([stepped, suspended]));
  q = 'org' in scope ? q.where(sql<SqlBool>`${scope.org} = any(org_history)`) : q.where(visibleTo(scope.actor));
  const rows = await q.orderBy('id').execute();
  const events = new Map<string, { at: Date; action: string; from_status: string | null; to_status: string | null; org_code: string | null; data: Record<string, unknown> }[]>();
  for (let i = 0; i < rows.length; i += chunk) {
    const ids = rows.slice(i, i + chunk).map((r) => r.id);
    const found = await t(k.db).selectFrom('hotline_case_events').select(['case_id', 'at', 'action', 'from_status', 'to_status', 'org_code', 'data']).where('case_id', 'in', ids).orderBy('case_id').orderBy('id').execute();
    for (const e of found) {
      const list = events.get(e.case_id);
      if (list) list.push(e);
      else events.set(e.case_id, [e]);
    }
  }
  return rows.map((r) => {
    const tier = catalog.policy.tiers.find((x) => x.code === r.tier) ?? catalog.policy.tiers[0]!;
    const list = (events.get(r.id) ?? []).map((e) => ({
      at: e.at,
      action: e.action,
      from: e.from_status,
      to: e.to_status,
      org: e.org_code,
      responseDueAt:
        typeof e.data.responseDue === 'string'
          ? new Date(e.data.responseDue)
          : e.action === 'reject_dispute' || (e.action === 'reopen' && e.to_status === 'dispatched')
            ? dueAt(catalog.calendar, tier, 'response', e.at)
            : null,
      satisfaction: typeof e.data.satisfaction === 'string' ? e.data.satisfaction : null,
    }));
    // The case's own limit is the one in force after its last clock-starting step.
    const last = list.findLast((e) => e.responseDueAt);
    if (last && r.response_due_at) last.responseDueAt = r.response_due_at;
    return { id: r.id, number: r.number, regionCode: r.region_code, status: r.status, events: list };
  });
}

// ---------------------------------------------------------------- use cases

export const groupings = ['office', 'street', 'district'] as const;
export type Grouping = (typeof groupings)[number];

const staffRoles = ['admin', 'operator', 'dispatcher', 'assessor', 'analyst'];

/** Who is asking: hotline staff (their jurisdiction) or an office's handler (that office only). */
function viewerOf(k: Kernel, ctx: RequestContext): { actor: Actor; office: string | null } {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.assessment.read' });
  if (actor.kind === 'system' || actor.roles.some((r) => staffRoles.includes(r))) return { actor, office: null };
  if (actor.roles.includes('handler') && actor.orgId) return { actor, office: actor.orgId };
  throw new AppError('forbidden', `${actor.label} has no office to see the assessment of`);
}

/** A unit of a ranking with its name and figures. */
export interface AssessedUnit {
  key: string;
  name: string;
  nameEn: string | null;
  figures: Figures;
  rank: number | null;
  fewCases: boolean;
}

export interface Assessment {
  month: string;
  window: Window;
  asOf: Date;
  by: Grouping;
  settings: AssessmentSettings;
  units: AssessedUnit[];
  /** The whole scope together (the city, or the actor's jurisdiction); null for an office's handler. */
  total: Figures | null;
  /** Cases with findings but no region at the grouping's level (street and district only). */
  unlocated: number;
  findings: Finding[];
  catalog: Catalog;
}

/**
 * The month's ranking of offices, streets/townships or districts (by where the case is). Staff
 * see their jurisdiction; an office's handler sees its own office only, ranked among all the
 * city's offices, and no regional ranking.
 */
export async function assessMonth(k: Kernel, ctx: RequestContext, { month, by = 'office', minCases }: { month: string; by?: Grouping; minCases?: number }): Promise<Assessment> {
  const viewer = viewerOf(k, ctx);
  if (viewer.office && by !== 'office') throw new AppError('forbidden', 'an office sees its own figures only: ask for by=office', { field: 'by' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const stored = await loadAssessmentSettings(k.db, ctx.cityCode);
  const settings = minCases ? { ...stored, minCases } : stored;
  const window = monthWindow(month, catalog.calendar.utcOffsetMinutes);
  const asOf = k.clock.now();
  // An office's rank is among every office of the city; only its own row is shown.
  const scopeActor = viewer.office ? { ...viewer.actor, jurisdiction: [] } : viewer.actor;
  const cases = await readMonth(k, catalog, ctx.cityCode, window, { actor: scopeActor });
  const findings = cases.flatMap((c) => assessCase(c, window, { asOf, basicallySatisfiedWeight: settings.basicallySatisfiedWeight }));
  const keyOf = groupKey(by);
  const groups = new Map<string, Finding[]>();
  const unlocated = new Set<string>();
  for (const f of findings) {
    const key = keyOf(f);
    // By office, what no office had (answers at intake) is in the total only.
    if (key === null) {
      if (by !== 'office') unlocated.add(f.caseId);
      continue;
    }
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const names = await namesOf(k, ctx.cityCode, by, [...groups.keys()]);
  const units = rankUnits(
    [...groups].map(([key, fs]) => ({ key, name: names.get(key)?.name ?? key, nameEn: names.get(key)?.nameEn ?? null, figures: figuresOf(fs, settings) })),
    { minCases: settings.minCases },
  );
  const own = viewer.office;
  return {
    month,
    window,
    asOf,
    by,
    settings,
    units: own ? units.filter((u) => u.key === own) : units,
    total: own ? null : figuresOf(findings, settings),
    unlocated: own ? 0 : unlocated.size,
    findings: own ? findings.filter((f) => f.org === own) : findings,
    catalog,
  };
}

/** One drill-down line: a case, the rate it counts in, how, and why. */
export interface DrillDownLine {
  caseId: string;
  number: string;
  rate: Rate;
  score: number | null;
  reason: Reason;
  why: { zh: string; en: string };
  at: string;
  dueAt: string | null;
  eventAt: string | null;
}

/**
 * One office's month: its three rates with numerators and denominators, its rank, the cases
 * that pulled its score down and those left out, each with the reason. A handler sees only
 * their own office; staff any office, over the cases in their jurisdiction.
 */
export async function assessOffice(k: Kernel, ctx: RequestContext, code: string, { month }: { month: string }) {
  const viewer = viewerOf(k, ctx);
  if (viewer.office && viewer.office !== code) throw new AppError('forbidden', `you may see the figures of your own office (${viewer.office}) only`, { field: 'code' });
  const orgs = await listOrgs(k.db, ctx.cityCode, { includeInactive: true });
  const org = orgs.find((o) => o.code === code);
  if (!org) throw new AppError('not_found', `no organisation ${code}`, { field: 'code' });
  const a = await assessMonth(k, ctx, { month, by: 'office' });
  const unit = a.units.find((u) => u.key === code) ?? { key: code, name: org.name, nameEn: org.nameEn, figures: figuresOf([], a.settings), rank: null, fewCases: true };
  const fmt = (d: Date | null | undefined) => (d ? formatLocal(a.catalog.calendar, d) : null);
  const line = (f: Finding): DrillDownLine => ({ caseId: f.caseId, number: f.number, rate: f.rate, score: f.score, reason: f.reason, why: reasons[f.reason], at: fmt(f.at)!, dueAt: fmt(f.dueAt), eventAt: fmt(f.eventAt) });
  const order = (x: Finding, y: Finding) => x.number.localeCompare(y.number) || rates.indexOf(x.rate) - rates.indexOf(y.rate);
  const mine = a.findings.filter((f) => f.org === code).sort(order);
  return {
    month: a.month,
    window: a.window,
    asOf: a.asOf,
    settings: a.settings,
    office: { code: org.code, name: org.name, nameEn: org.nameEn },
    unit,
    rankedOf: a.units.filter((u) => u.rank !== null).length,
    pulledDown: mine.filter((f) => f.score !== null && f.score < 1).map(line),
    excluded: mine.filter((f) => f.score === null).map(line),
    formulas: formulasOf(a.settings),
    catalog: a.catalog,
  };
}

function groupKey(by: Grouping): (f: Finding) => string | null {
  if (by === 'office') return (f) => f.org;
  const len = by === 'street' ? 9 : 6;
  return (f) => {
    const p = f.regionCode ? regionPrefix(f.regionCode) : '';
    return p.length >= len ? p.slice(0, len) : null;
  };
}

async function namesOf(k: Kernel, cityCode: string, by: Grouping, keys: string[]): Promise<Map<string, { name: string; nameEn: string | null }>> {
  const out = new Map<string, { name: string; nameEn: string | null }>();
  if (by === 'office') {
    for (const o of await listOrgs(k.db, cityCode, { includeInactive: true })) out.set(o.code, { name: o.name, nameEn: o.nameEn });
    return out;
  }
  for (const key of keys) {
    const node = (await lineage(k, cityCode, key.padEnd(12, '0')))?.region ?? (await lineage(k, cityCode, key))?.region;
    if (node) out.set(key, { name: node.name, nameEn: node.nameEn });
  }
  return out;
}
