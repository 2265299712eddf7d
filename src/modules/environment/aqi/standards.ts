import { AppError } from '../../../core/errors.js';
import { epa2024 } from './epa-2024.js';
import { hj633_2012 } from './hj633-2012.js';
import { hj633_2026 } from './hj633-2026.js';
import { standardIds, type AqiStandard, type StandardId } from './types.js';

/** Every AQI standard citywork implements, by id. */
export const aqiStandards: Record<StandardId, AqiStandard> = {
  'hj633-2012': hj633_2012,
  'hj633-2026': hj633_2026,
  'epa-2024': epa2024,
};

/** The standard with this id; `invalid` naming `field` when there is none. */
export function aqiStandard(id: unknown, field = 'standard'): AqiStandard {
  if (typeof id === 'string' && (standardIds as readonly string[]).includes(id)) return aqiStandards[id as StandardId];
  const given = id === undefined || id === null || id === '' ? 'no standard given' : `unknown standard ${JSON.stringify(id)}`;
  throw new AppError('invalid', `${given}; use one of ${standardIds.join(', ')}`, { field });
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The Chinese standard (HJ 633) in force on a day: HJ 633-2012 before 2026-03-01, HJ 633-2026
 * from then. A day is `YYYY-MM-DD` (local, China Standard Time) or a Date (read in UTC+8).
 */
export function standardInForce(day: string | Date): 'hj633-2012' | 'hj633-2026' {
  const text = typeof day === 'string' ? day : new Date(day.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const m = isoDay.exec(text);
  if (!m || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new AppError('invalid', `day must be YYYY-MM-DD, got ${JSON.stringify(text)}`, { field: 'date' });
  return text >= hj633_2026.effectiveFrom ? 'hj633-2026' : 'hj633-2012';
}
