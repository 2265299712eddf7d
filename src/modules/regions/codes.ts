import { AppError } from '../../core/errors.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';

/** The levels of the urban system, from the widest grouping to the smallest unit. */
export const regionLevels = ['cluster', 'metro', 'province', 'city', 'district', 'township', 'community'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** The levels that have an NBS division code (clusters and metro areas are named groupings). */
export const divisionLevels = ['province', 'city', 'district', 'township', 'community'] as const;
export type DivisionLevel = (typeof divisionLevels)[number];

/**
 * The canonical 12-digit form of an NBS division code given in 2, 4, 6, 9 or 12 digits:
 * `11` → `110000000000`, `110105` → `110105000000`. A parent's significant prefix is a prefix
 * of its children's codes.
 */
export function normaliseCode(code: string, field = 'code'): string {
  const c = String(code).trim();
  if (!/^\d+$/.test(c) || ![2, 4, 6, 9, 12].includes(c.length)) {
    throw new AppError('invalid', `region code ${JSON.stringify(code)} must be 2, 4, 6, 9 or 12 digits`, { field });
  }
  return c.padEnd(12, '0');
}

/** The level a canonical division code stands at by its trailing zeros (`110105000000` → district). */
export function levelOfCode(code: string): DivisionLevel {
  if (code.slice(2) === '0000000000') return 'province';
  if (code.slice(4) === '00000000') return 'city';
  if (code.slice(6) === '000000') return 'district';
  if (code.slice(9) === '000') return 'township';
  return 'community';
}

/** The significant prefix of a canonical code (the core's jurisdiction rule): `110105000000` → `110105`. */
export function codePrefix(code: string): string {
  return regionPrefix(code);
}

/** The rank of a level, widest first: for "is finer than" comparisons. */
export function levelRank(level: RegionLevel): number {
  return regionLevels.indexOf(level);
}
