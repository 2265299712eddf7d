import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../context.js';

// GB/T 2260 and the NBS township/village codes: province 2, city 4, county 6, township 9, village 12 digits.
const levelLengths = [2, 4, 6, 9, 12];

/**
 * The significant prefix of a division code: `110105000000` → `110105`, `110000` → `11`.
 * Everything inside a region has a code that starts with its prefix.
 */
export function regionPrefix(code: string): string {
  if (!/^\d{2,12}$/.test(code)) return code;
  const full = code.padEnd(12, '0');
  for (const len of levelLengths) if (/^0*$/.test(full.slice(len))) return full.slice(0, len);
  return full;
}

/** Whether a region lies inside a jurisdiction (a set of region codes; empty = the whole city). */
export function inJurisdiction(jurisdiction: readonly string[], regionCode: string | null | undefined): boolean {
  if (jurisdiction.length === 0) return true;
  if (!regionCode) return false;
  const target = regionCode.padEnd(12, '0');
  return jurisdiction.some((j) => target.startsWith(regionPrefix(j)));
}

/**
 * The WHERE condition every store puts on a query for rows with a region: the actor's city,
 * and a region inside the actor's jurisdiction. Rows with no region are visible only to
 * actors with the whole city.
 */
export function visibleTo(
  actor: Actor,
  { regionColumn = 'region_code', cityColumn = 'city_code' }: { regionColumn?: string; cityColumn?: string } = {},
): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  return (eb) => {
    const city = sql<SqlBool>`${sql.ref(cityColumn)} = ${actor.cityCode}`;
    if (actor.jurisdiction.length === 0) return city;
    const inside = actor.jurisdiction.map((j) => sql<SqlBool>`${sql.ref(regionColumn)} like ${regionPrefix(j) + '%'}`);
    return eb.and([city, eb.or(inside)]);
  };
}
