import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('ids', () => {
  it('carry their prefix and 26 Crockford base32 characters', () => {
    const id = newId('case');
    expect(id).toMatch(/^case_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(isId(id, 'case')).toBe(true);
    expect(isId(id, 'alm')).toBe(false);
  });
  it('sort by creation time', () => {
    const a = newId('usr', new Date('2026-01-01T00:00:00Z'));
    const b = newId('usr', new Date('2026-01-01T00:00:00.001Z'));
    expect(a < b).toBe(true);
  });
  it('do not collide', () => {
    const at = new Date();
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('x1', at)));
    expect(ids.size).toBe(10_000);
  });
  it('refuse a bad prefix', () => expect(() => newId('Bad-Prefix')).toThrow());
});
