import { describe, expect, it } from 'vitest';
import { inJurisdiction, regionPrefix } from './jurisdiction.js';

describe('region prefixes (GB/T 2260 levels)', () => {
  it.each([
    ['110000', '11'],
    ['110000000000', '11'],
    ['110100000000', '1101'],
    ['110105', '110105'],
    ['110105000000', '110105'],
    ['110105001000', '110105001'],
    ['110105001001', '110105001001'],
  ])('%s → %s', (code, prefix) => expect(regionPrefix(code)).toBe(prefix));
});

describe('jurisdiction', () => {
  it('an empty jurisdiction is the whole city', () => expect(inJurisdiction([], '110108000000')).toBe(true));
  it('a district covers its streets and communities', () => {
    expect(inJurisdiction(['110105'], '110105001000')).toBe(true);
    expect(inJurisdiction(['110105000000'], '110105001001')).toBe(true);
  });
  it('a district does not cover its neighbour', () => expect(inJurisdiction(['110105'], '110108001000')).toBe(false));
  it('a street does not cover its district', () => expect(inJurisdiction(['110105001'], '110105000000')).toBe(false));
  it('several codes are a union', () => expect(inJurisdiction(['110105', '110108'], '110108002000')).toBe(true));
  it('a record with no region is outside every restricted jurisdiction', () => expect(inJurisdiction(['110105'], null)).toBe(false));
  it('does not confuse 1101 with 110105 by string length', () => expect(inJurisdiction(['110101'], '110105000000')).toBe(false));
});
