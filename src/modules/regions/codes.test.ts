import { describe, expect, it } from 'vitest';
import { codePrefix, levelOfCode, normaliseCode } from './codes.js';

describe('division codes', () => {
  it.each([
    ['11', '110000000000', 'province'],
    ['1101', '110100000000', 'city'],
    ['110105', '110105000000', 'district'],
    ['110105001', '110105001000', 'township'],
    ['110105001001', '110105001001', 'community'],
  ] as const)('%s → %s (%s)', (input, canonical, level) => {
    expect(normaliseCode(input)).toBe(canonical);
    expect(levelOfCode(canonical)).toBe(level);
    expect(canonical.startsWith(codePrefix(canonical))).toBe(true);
  });

  it.each(['1', '110', '11010', '1101050', '11010500', '1101050010', '11010500100', '1101050010011', 'abc', '11-01'])('refuses %s, naming the field', (bad) => {
    expect(() => normaliseCode(bad, 'regions[3].code')).toThrow(expect.objectContaining({ kind: 'invalid', field: 'regions[3].code' }));
  });

  it('puts a parent prefix before its children', () => {
    expect(normaliseCode('110105001').startsWith(codePrefix(normaliseCode('110105')))).toBe(true);
    expect(normaliseCode('110108001').startsWith(codePrefix(normaliseCode('110105')))).toBe(false);
  });
});
