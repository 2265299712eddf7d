import { sql, type SqlBool } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import { caseVisibility } from './case-access.js';
import type { HotlineTables } from './tables.js';

/** How many cases one region received in one month, of one category and kind, synthetic or not. */
export interface CaseTally {
  /** The case's region as stored (12 digits), or null for a case no region was found for. */
  regionCode: string | null;
  categoryCode: string | null;
  kind: string;
  /** The month in city time, `YYYY-MM`. */
  month: string;
  /** Whether the cases are synthetic demo data (`attributes.synthetic`). */
  synthetic: boolean;
  cases: number;
}

/**
 * The cases an actor may see that were received in `[from, to)`, counted per region, category,
 * kind, city-time month and synthetic flag in one SQL `group by` (merged duplicates left out):
 * what indicators and reports need from a year of cases without reading the cases themselves.
 */
export async function caseTallies(k: Kernel, actor: Actor, { from, to, utcOffsetMinutes = 480 }: { from: Date; to: Date; utcOffsetMinutes?: number }): Promise<CaseTally[]> {
  if (!(from.getTime() < to.getTime())) throw new AppError('invalid', 'from must be before to', { field: 'from' });
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) throw new AppError('invalid', 'utcOffsetMinutes must be a whole number of minutes within ±14 h', { field: 'utcOffsetMinutes' });
  // `at time zone 'UTC'` makes the month independent of the session's time zone; the city's offset is added to that.
  const month = sql<string>`to_char((received_at at time zone 'UTC') + make_interval(mins => ${utcOffsetMinutes}), 'YYYY-MM')`;
  const synthetic = sql<boolean>`coalesce(attributes->>'synthetic' = 'true', false)`;
  const rows = await k.db
    .withTables<HotlineTables>()
    .selectFrom('hotline_cases')
    .select([
      'region_code',
      'category_code',
      'kind',
      month.as('month'),
      synthetic.as('synthetic'),
      sql<string>`count(*)`.as('cases'),
    ])
    .where('city_code', '=', actor.cityCode)
    .where(caseVisibility(actor))
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where(sql<SqlBool>`status <> 'merged'`)
    // By position: the month and the flag are expressions, named once in the select list.
    .groupBy(sql.raw('1, 2, 3, 4, 5'))
    .execute();
  return rows.map((r) => ({ regionCode: r.region_code, categoryCode: r.category_code, kind: r.kind, month: r.month, synthetic: Boolean(r.synthetic), cases: Number(r.cases) }));
}

/** When the city's first case (that the actor may see) was received; null when there is none. */
export async function firstCaseReceivedAt(k: Kernel, actor: Actor): Promise<Date | null> {
  const row = await k.db
    .withTables<HotlineTables>()
    .selectFrom('hotline_cases')
    .select(sql<Date | null>`min(received_at)`.as('first'))
    .where('city_code', '=', actor.cityCode)
    .where(caseVisibility(actor))
    .executeTakeFirst();
  return row?.first ? new Date(row.first) : null;
}
