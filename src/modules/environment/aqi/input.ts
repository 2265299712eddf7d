import { AppError } from '../../../core/errors.js';
import { compare, int, parseDecimal, toRational, type Rational } from './decimal.js';
import type { AqiStandard } from './types.js';

/**
 * Reads the concentrations of an AQI request: every key must be a field of the standard,
 * every value a non-negative number (or its decimal text); null means "not measured".
 * Fails with `invalid` naming the field.
 */
export function readConcentrations(standard: AqiStandard, fields: Record<string, unknown>): Map<string, Rational> {
  const known = Object.keys(standard.fields);
  const out = new Map<string, Rational>();
  for (const [field, raw] of Object.entries(fields)) {
    if (!Object.hasOwn(standard.fields, field)) {
      throw new AppError('invalid', `unknown field ${field} for ${standard.id}; its fields are ${known.join(', ')}`, { field });
    }
    if (raw === null || raw === undefined) continue;
    const unit = standard.fields[field]!.unit;
    let value: Rational | null = null;
    if (typeof raw === 'number') value = toRational(raw);
    else if (typeof raw === 'string') value = parseDecimal(raw);
    if (!value) throw new AppError('invalid', `${field} must be a number (${unit}), got ${JSON.stringify(raw)}`, { field });
    if (compare(value, int(0)) < 0) throw new AppError('invalid', `${field} must not be negative, got ${typeof raw === 'string' ? raw : String(raw)} ${unit}`, { field });
    out.set(field, value);
  }
  if (!out.size) throw new AppError('invalid', `give at least one concentration; ${standard.id} fields are ${known.join(', ')}`, { field: 'fields' });
  return out;
}
