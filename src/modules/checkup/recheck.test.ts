import { describe, expect, it } from 'vitest';
import { recheck } from './recheck.js';

describe('re-checkup of a problem', () => {
  const later = new Map([
    [2025, new Set(['building|B1', 'building|B2'])],
    [2026, new Set(['building|B2'])],
    [2028, new Set<string>()],
  ]);

  it('is gone when the next checkup of the indicator no longer lists it', () => {
    expect(recheck(2025, 'building|B1', later)).toEqual({ status: 'gone', year: 2026 });
  });

  it('persists while the next checkup still lists it', () => {
    expect(recheck(2025, 'building|B2', later)).toEqual({ status: 'persists', year: 2026 });
  });

  it('looks at the first later year with a checkup, skipping years without one', () => {
    expect(recheck(2026, 'building|B2', later)).toEqual({ status: 'gone', year: 2028 });
  });

  it('is not rechecked before a later checkup exists', () => {
    expect(recheck(2028, 'building|B2', later)).toEqual({ status: 'not_rechecked', year: null });
    expect(recheck(2025, 'building|B1', new Map())).toEqual({ status: 'not_rechecked', year: null });
  });
});
