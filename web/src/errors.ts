import { ApiError } from './api';
import type { MessageKey, T } from './i18n';

// The API's messages are English; these patterns turn the common ones into the user's language.
const patterns: [RegExp, MessageKey][] = [
  [/must not be empty|too small|at least 1|required|is required/i, 'error.required'],
  [/too big|at most|longer than|too large/i, 'error.tooLong'],
  [/must be a (decimal )?number|expected number|not a number/i, 'error.number'],
  [/outside|out of range/i, 'error.range'],
  [/location is required/i, 'error.location'],
  [/not a service|service_code/i, 'error.service'],
  [/invalid option|expected one of/i, 'error.option'],
  [/datetime|date/i, 'error.date'],
];

/** A message for an error in the user's language; the API's own text stays in the title for support. */
export function errorText(t: T, err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  switch (err.kind) {
    case 'offline':
      return t('error.offline');
    case 'unauthenticated':
      return t('error.unauthenticated');
    case 'forbidden':
      return t('error.forbidden');
    case 'not_found':
      return t('error.notFound');
    case 'conflict':
      return t('error.conflict');
    case 'rate_limited':
      return t('error.rateLimited');
    case 'too_large':
      return t('error.tooLarge');
    case 'unavailable':
      return t('error.unavailable');
    case 'invalid': {
      const hit = patterns.find(([re]) => re.test(err.message));
      return hit ? t(hit[1]) : t('error.invalid');
    }
    default:
      return t('error.unexpected');
  }
}

/** The field an error concerns (the API's `field`, its last segment: `citizen.phone` → `phone`), or `_form`. */
export function errorField(err: unknown): string {
  if (err instanceof ApiError && err.field && err.kind === 'invalid') return err.field;
  return '_form';
}

/** Errors keyed by field, for a form to show each beside its input. */
export type FieldErrors = Record<string, string>;

export function toFieldErrors(t: T, err: unknown): FieldErrors {
  return { [errorField(err)]: errorText(t, err) };
}
