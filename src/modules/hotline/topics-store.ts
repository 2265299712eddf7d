import { AppError } from '../../core/errors.js';
import { visibleTo } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { lineage, normaliseCode } from '../regions/index.js';
import { loadCatalog } from './catalog.js';
import { monthOf, monthStart } from './rate-change.js';
import { textTopics, type TextTopic } from './text-topics.js';
import { topicCandidates, type TopicCandidate, type TopicOptions } from './topics.js';
import type { HotlineTables } from './tables.js';

export interface TopicQuery {
  /** `YYYY-MM`; the current month by default. */
  month?: string;
  recurMonths?: number;
  /** Also mine the cases' texts (at most `textLimit` of the latest cases of the months looked at). */
  text?: boolean;
  textLimit?: number;
}

type Named = TopicCandidate & { categoryName: string; categoryPath: string; placeName: string | null };

/**
 * The month's topic candidates (每月一题) from the cases the actor may see: categories and
 * places rising fastest, and those recurring every month, with evidence; optionally the
 * rising and recurring topics of their texts.
 */
export async function monthlyTopics(k: Kernel, ctx: RequestContext, q: TopicQuery = {}, options: Partial<TopicOptions> = {}): Promise<{ month: string; rising: Named[]; recurring: Named[]; text?: { rising: TextTopic[]; recurring: TextTopic[]; documents: number } }> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.insight.read' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const offset = catalog.calendar.utcOffsetMinutes;
  const now = k.clock.now();
  const month = q.month ?? monthOf(now, offset);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('invalid', 'month must be YYYY-MM', { field: 'month' });
  const recurMonths = q.recurMonths ?? options.recurMonths ?? 3;
  if (!Number.isInteger(recurMonths) || recurMonths < 1 || recurMonths > 24) throw new AppError('invalid', 'recurMonths must be a whole number from 1 to 24', { field: 'recurMonths' });
  const from = monthStart(month, offset, -Math.max(2, recurMonths) + 1);
  const to = monthStart(month, offset, 1);
  const base = k.db
    .withTables<HotlineTables>()
    .selectFrom('hotline_cases')
    .where('city_code', '=', ctx.cityCode)
    .where(visibleTo(actor))
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('status', '<>', 'merged');
  const rows = await base.select(['id', 'category_code', 'region_code', 'received_at']).where('category_code', 'is not', null).execute();
  const first = await k.db.withTables<HotlineTables>().selectFrom('hotline_cases').select((eb) => eb.fn.min('received_at').as('at')).where('city_code', '=', ctx.cityCode).executeTakeFirst();
  const found = topicCandidates(
    rows.map((r) => ({ id: r.id, category: r.category_code!, region: r.region_code, at: r.received_at })),
    { ...options, month, recurMonths, utcOffsetMinutes: offset, asOf: now < to ? now : undefined, dataFrom: first?.at ? new Date(first.at) : undefined },
  );
  const names = new Map<string, string | null>();
  for (const c of [...found.rising, ...found.recurring]) {
    if (c.place && !names.has(c.place)) names.set(c.place, (await lineage(k, ctx.cityCode, normaliseCode(c.place)))?.region.name ?? null);
  }
  const name = (c: TopicCandidate): Named => {
    const cat = catalog.categories.get(c.category);
    return { ...c, categoryName: cat?.name ?? c.category, categoryPath: cat?.path ?? c.category, placeName: c.place ? (names.get(c.place) ?? null) : null };
  };
  const out = { month, rising: found.rising.map(name), recurring: found.recurring.map(name) };
  if (!q.text) return out;
  const docs = await base
    .select(['id', 'title', 'description', 'received_at'])
    .orderBy('received_at', 'desc')
    .limit(Math.min(q.textLimit ?? 5000, 20_000))
    .execute();
  const mined = textTopics(
    docs.map((d) => ({ id: d.id, title: d.title ?? '', text: d.description, at: d.received_at })),
    { utcOffsetMinutes: offset, recurMonths: Math.min(recurMonths, 3) },
  );
  return { ...out, text: { rising: mined.rising, recurring: mined.recurring, documents: docs.length } };
}
