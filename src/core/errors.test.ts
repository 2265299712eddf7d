import { describe, expect, it } from 'vitest';
import { AppError, errorKinds, httpStatusOf } from './errors.js';

describe('AppError', () => {
  it.each([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['rate_limited', 429],
    ['unavailable', 503],
  ] as const)('%s → HTTP %i', (kind, status) => {
    expect(httpStatusOf(kind)).toBe(status);
    expect(new AppError(kind, 'x').status).toBe(status);
  });

  it('has exactly the closed set of kinds', () => expect([...errorKinds].sort()).toEqual(['conflict', 'forbidden', 'invalid', 'not_found', 'rate_limited', 'too_large', 'unauthenticated', 'unavailable']));

  it('answers {error:{kind,message,field?,details?}}', () => {
    expect(new AppError('invalid', 'radius must be > 0', { field: 'radius' }).toBody()).toEqual({ error: { kind: 'invalid', message: 'radius must be > 0', field: 'radius' } });
    expect(new AppError('conflict', 'cannot close', { details: { allowed: ['reply'] } }).toBody()).toEqual({ error: { kind: 'conflict', message: 'cannot close', details: { allowed: ['reply'] } } });
  });
});
