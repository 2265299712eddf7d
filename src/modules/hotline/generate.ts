import { sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { newId } from '../../core/ids.js';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { loadCatalog, requireCategory, type Catalog } from './catalog.js';
import { proposeOffice } from './cases.js';
import { chooseTier } from './deadlines.js';
import { localDate } from './calendar.js';
import type { Proposal } from './dispatch.js';
import type { CaseKind, Urgency } from './pack-schema.js';
import { categoryWeights, cumulate, drawIndex, drawKind, hourWeights, syntheticText, weekdayFactors } from './synthetic-profile.js';
import { cityDistricts, pointIn, pointNear, type District } from './synthetic-places.js';
import { simulateLife, unsolvedShareOf, type SyntheticLife } from './synthetic-life.js';
import { syntheticMarker, syntheticTimeline, type TimelineEntry } from './synthetic-timeline.js';
import { storeSyntheticCases, type SyntheticCaseRow } from './synthetic-store.js';
import type { HotlineTables } from './tables.js';

/** Extra cases packed in space and time, for testing what finds clusters. */
export interface PlantedCluster {
  categoryCode: string;
  lon: number;
  lat: number;
  radiusM: number;
  count: number;
  /** Spread over the last this many days before `end`. */
  days: number;
}

export interface GenerateOptions {
  days: number;
  /** The mean number of cases a day: days × perDay in all, fewer at weekends, more on weekdays. */
  perDay: number;
  seed?: number;
  /** The moment the generated history ends (now by default); later steps are not taken yet. */
  end?: Date;
  plant?: PlantedCluster[];
  onProgress?: (p: { phase: 'planning' | 'storing'; done: number; total: number }) => void;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const chunk = 2000;
export { syntheticMarker };

/**
 * Generates SYNTHETIC cases for the context's city (channel `phone`, attributes
 * `{ synthetic: true }`): volumes by district after the census population, a weekly and a
 * seasonal rhythm, categories from the pack's leaves, points inside the district, the
 * catalog's proposed office, deadlines, and statuses by age. Each case's timeline has the
 * steps of its simulated life taken by the end, as the workflow writes them (the monthly
 * assessment reads these), each marked `synthetic` in its data. Some citizens say at the
 * callback that the problem is not solved, more often for some offices and categories than
 * others (`unsolvedShareOf`): those cases are redone (重办) and called back again. Bulk inserts in one
 * transaction, one audit record for the whole run, no events.
 */
export async function generateCases(k: Kernel, ctx: RequestContext, opts: GenerateOptions): Promise<{ cases: number; ms: number }> {
  k.policy.check(ctx.actor, { action: 'hotline.case.generate' });
  const { days, perDay, seed = 1, plant = [], onProgress = () => {} } = opts;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new AppError('invalid', 'days must be a whole number from 1 to 366', { field: 'days' });
  if (!Number.isInteger(perDay) || perDay < 1 || perDay > 20_000) throw new AppError('invalid', 'perDay must be a whole number from 1 to 20000', { field: 'perDay' });
  if (days * perDay > 1_000_000) throw new AppError('invalid', `days × perDay is ${days * perDay}; at most 1,000,000 in one run`, { field: 'perDay' });
  const started = performance.now();
  const end = opts.end ?? k.clock.now();
  const catalog = await loadCatalog(k, ctx.cityCode);
  plant.forEach((p, i) => checkPlant(catalog, p, days, i));
  const districts = await cityDistricts(k, ctx.cityCode);
  const u = mulberry32(seed);

  const plans = await planCases(k, ctx.cityCode, catalog, districts, { days, perDay, end, plant }, u, (done, total) => onProgress({ phase: 'planning', done, total }));
  const proposals = new Map<string, Proposal>();
  for (const p of plans) {
    const key = `${p.category}|${p.region ?? ''}`;
    if (!proposals.has(key)) proposals.set(key, await proposeOffice(k, ctx.cityCode, { categoryCode: p.category, regionCode: p.region }, { catalog }));
  }
  const cases = plans.map((p) => caseOf(catalog, p, proposals.get(`${p.category}|${p.region ?? ''}`)!, end, u, { cityCode: ctx.cityCode, seed }));
  const rows = cases.map((c) => c.row);

  await k.transaction(async (trx) => {
    const h = trx.withTables<HotlineTables>();
    const byDay = new Map<string, Row[]>();
    for (const r of rows) {
      const day = localDate(catalog.calendar, new Date(r.received_at)).replaceAll('-', '');
      const list = byDay.get(day);
      if (list) list.push(r);
      else byDay.set(day, [r]);
    }
    for (const [day, list] of byDay) {
      const counter = await h
        .insertInto('hotline_counters')
        .values({ city_code: ctx.cityCode, day, n: list.length })
        .onConflict((oc) => oc.columns(['city_code', 'day']).doUpdateSet({ n: sql<number>`hotline_counters.n + ${list.length}` }))
        .returning('n')
        .executeTakeFirstOrThrow();
      list.sort((a, b) => (a.received_at < b.received_at ? -1 : 1)).forEach((r, i) => (r.number = `${day}${String(counter.n - list.length + i + 1).padStart(6, '0')}`));
    }
    for (let i = 0; i < rows.length; i += chunk) {
      await storeSyntheticCases(trx, cases.slice(i, i + chunk), { actorId: ctx.actor?.id ?? null });
      onProgress({ phase: 'storing', done: Math.min(rows.length, i + chunk), total: rows.length });
    }
    const from = new Date(end.getTime() - days * DAY);
    await writeAudit(trx, ctx, { action: 'hotline.case.generated', resourceType: 'hotline_case', after: { synthetic: true, cases: rows.length, days, perDay, seed, planted: plant.length, from: from.toISOString(), to: end.toISOString() } });
  });
  return { cases: rows.length, ms: Math.round(performance.now() - started) };
}

interface Plan {
  receivedAt: Date;
  category: string;
  district: District | null;
  lon: number;
  lat: number;
  region: string | null;
  kind: CaseKind;
  urgency: Urgency;
}

async function planCases(k: Kernel, cityCode: string, catalog: Catalog, districts: District[], o: { days: number; perDay: number; end: Date; plant: PlantedCluster[] }, u: () => number, progress: (done: number, total: number) => void): Promise<Plan[]> {
  const cal = catalog.calendar;
  const offset = cal.utcOffsetMinutes * 60_000;
  const endDay = Math.floor((o.end.getTime() + offset) / DAY);
  const hours = cumulate(hourWeights);
  const districtTable = cumulate(districts.map((d) => d.share));
  const byMonth = new Map<number, { codes: string[]; table: Float64Array }>();
  const monthTable = (month: number) => {
    let t = byMonth.get(month);
    if (!t) {
      const w = categoryWeights(catalog.categories.values(), month);
      byMonth.set(month, (t = { codes: w.map((x) => x.code), table: cumulate(w.map((x) => x.weight)) }));
    }
    return t;
  };
  const from = o.end.getTime() - o.days * DAY;
  const hourStart = (day: number, hour: number) => day * DAY - offset + hour * HOUR;
  // When in a local day: an hour by the profile, a uniform minute; null outside [from, end).
  const timeIn = (day: number, after = from) => {
    const t = hourStart(day, drawIndex(hours, u())) + Math.floor(u() * HOUR);
    return t >= after && t < o.end.getTime() ? new Date(t) : null;
  };
  // days × perDay cases, shared out by weekday and by the part of each day's calls inside the interval.
  const firstDay = Math.floor((from + offset) / DAY);
  const weights: number[] = [];
  for (let day = firstDay; day <= endDay; day++) {
    let inside = 0;
    for (let h = 0; h < 24; h++) inside += hourWeights[h]! * Math.max(0, Math.min(1, (Math.min(o.end.getTime(), hourStart(day, h + 1)) - Math.max(from, hourStart(day, h))) / HOUR));
    weights.push(weekdayFactors[(((day + 4) % 7) + 7) % 7]! * (inside / hours[23]!));
  }
  const counts = apportion(o.days * o.perDay, weights);
  const total = counts.reduce((a, b) => a + b, 0) + o.plant.reduce((a, p) => a + p.count, 0);
  const plans: Plan[] = [];
  const draw = (category: string, receivedAt: Date, place: { lon: number; lat: number; region: string | null }, district: District | null) => {
    const cat = catalog.categories.get(category)!;
    plans.push({ receivedAt, category, district, ...place, kind: drawKind(cat.path, u()), urgency: u() < 0.03 ? 'urgent' : 'normal' });
    if (plans.length % 1000 === 0) progress(plans.length, total);
  };
  for (const [i, count] of counts.entries()) {
    for (let j = 0; j < count; j++) {
      let at: Date | null = null;
      while (!at) at = timeIn(firstDay + i);
      const { codes, table } = monthTable(Number(localDate(cal, at).slice(5, 7)));
      const district = districts[drawIndex(districtTable, u())]!;
      draw(codes[drawIndex(table, u())]!, at, await pointIn(k, cityCode, district, u), district);
    }
  }
  for (const p of o.plant) {
    for (let j = 0; j < p.count; j++) {
      let at: Date | null = null;
      while (!at) at = timeIn(endDay - Math.floor(u() * (p.days + 1)), o.end.getTime() - p.days * DAY);
      const place = await pointNear(k, cityCode, p, u);
      draw(p.categoryCode, at, place, districts.find((d) => place.region?.startsWith(d.code)) ?? null);
    }
  }
  progress(plans.length, total);
  return plans;
}

/** Whole numbers in proportion to the weights that add up to `total` (largest remainders). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  // Only a weight above zero takes a remainder: a day outside the interval gets no case.
  const order = exact.flatMap((x, i) => (weights[i]! > 0 ? [[x - Math.floor(x), i] as const] : [])).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let left = total - out.reduce((a, b) => a + b, 0), j = 0; left > 0; left--, j++) out[order[j % order.length]![1]]!++;
  return out;
}

type Row = SyntheticCaseRow & { number: string; received_at: string };

/** One synthetic case: its row, after its simulated life by `end`, and the timeline of that life. */
function caseOf(catalog: Catalog, p: Plan, proposal: Proposal, end: Date, u: () => number, run: { cityCode: string; seed: number }): { row: Row; timeline: TimelineEntry[] } {
  const cat = catalog.categories.get(p.category)!;
  const { tier, reason: tierReason } = chooseTier(catalog.policy, { kind: p.kind, urgency: p.urgency, categoryCode: cat.code, categoryTier: cat.tier });
  // How often the citizen says the office's reply did not solve it: by office and category, the same in every run.
  const unsolvedShare = proposal.org ? unsolvedShareOf(proposal.org.code, cat.code) : 0;
  let life: SyntheticLife = simulateLife(catalog.calendar, tier, { receivedAt: p.receivedAt, kind: p.kind, now: end, unsolvedShare }, u);
  // With no office to send it to, a case waits for manual dispatch.
  if (life.dispatchedAt && !proposal.org) life = { ...simulateLife(catalog.calendar, tier, { receivedAt: p.receivedAt, kind: p.kind, now: p.receivedAt }, u), updatedAt: p.receivedAt };
  const office = life.dispatchedAt ? proposal.org : null;
  const org = office?.code ?? null;
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  const text = syntheticText(cat, p.district?.name ?? null, u);
  const row = {
    id: newId('case', p.receivedAt),
    city_code: run.cityCode,
    number: '',
    channel: 'phone',
    kind: p.kind,
    category_code: cat.code,
    title: text.title,
    description: text.description,
    urgency: p.urgency,
    attributes: syntheticMarker,
    lon: p.lon,
    lat: p.lat,
    address: null,
    region_code: p.region,
    location_source: 'point',
    confidential: p.kind === 'report',
    status: life.status,
    org_code: org,
    org_history: org ? [org] : [],
    proposed_org: proposal.org?.code ?? null,
    proposed_reason: proposal.reason,
    proposed_rule: proposal.ruleId,
    tier: tier.code,
    response_due_at: iso(life.due.response?.due),
    response_warn_at: iso(life.due.response?.warn),
    handling_due_at: iso(life.due.handling?.due),
    handling_warn_at: iso(life.due.handling?.warn),
    callback_due_at: iso(life.due.callback?.due),
    callback_warn_at: iso(life.due.callback?.warn),
    warned: life.warned,
    overdue: life.overdue,
    callback_attempts: life.callbackAttempts,
    redo_count: life.redoCount,
    reply: life.reply,
    resolved: life.resolved,
    satisfaction: life.satisfaction,
    received_at: p.receivedAt.toISOString(),
    dispatched_at: iso(life.dispatchedAt),
    accepted_at: iso(life.acceptedAt),
    replied_at: iso(life.repliedAt),
    closed_at: iso(life.closedAt),
    updated_at: life.updatedAt.toISOString(),
    row_version: life.steps.length,
  };
  const timeline = syntheticTimeline(
    { channel: row.channel, tier: row.tier, tierReason, proposedOrg: row.proposed_org, proposedReason: row.proposed_reason, locationSource: row.location_source },
    life,
    office,
    run,
  );
  return { row, timeline };
}

function checkPlant(catalog: Catalog, p: PlantedCluster, days: number, i: number) {
  const field = (f: string) => ({ field: `plant.${i}.${f}` });
  requireCategory(catalog, p.categoryCode, `plant.${i}.categoryCode`);
  if (!(p.radiusM > 0 && p.radiusM <= 50_000)) throw new AppError('invalid', 'radiusM must be > 0 and at most 50000', field('radiusM'));
  if (!Number.isInteger(p.count) || p.count < 1 || p.count > 100_000) throw new AppError('invalid', 'count must be a whole number from 1 to 100000', field('count'));
  if (!Number.isInteger(p.days) || p.days < 1 || p.days > days) throw new AppError('invalid', `days must be a whole number from 1 to ${days}`, field('days'));
  if (!(Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90)) throw new AppError('invalid', 'lon/lat must be WGS-84 degrees', field('lon'));
}
