import { describe, expect, it } from 'vitest';
import { ceil, compare, format, isHalf, parseDecimal, roundHalfUp, toRational, truncate } from './decimal.js';

const r = (text: string) => parseDecimal(text)!;

describe('exact decimals', () => {
  it('reads decimal text and JavaScript numbers exactly', () => {
    expect(r('35.45')).toEqual({ n: 709n, d: 20n });
    expect(r('.5')).toEqual({ n: 1n, d: 2n });
    expect(r('4e1')).toEqual({ n: 40n, d: 1n });
    expect(r('1.5E-3')).toEqual({ n: 3n, d: 2000n });
    expect(toRational(0.1)).toEqual({ n: 1n, d: 10n }); // the decimal 0.1, not the double nearest to it
    expect(toRational(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
    for (const bad of ['', 'abc', '1.2.3', '1e', '--1', '0x10', 'NaN', 'Infinity']) expect(parseDecimal(bad)).toBeNull();
    expect(toRational(Number.NaN)).toBeNull();
  });

  it('compares, truncates and rounds without binary error', () => {
    expect(compare(r('0.1'), r('0.10'))).toBe(0);
    expect(compare(r('35.4'), r('35.45'))).toBe(-1);
    expect(format(truncate(r('35.45'), 1))).toBe('35.4');
    expect(format(truncate(r('0.07853'), 3))).toBe('0.078');
    expect(format(truncate(r('54.99'), 0))).toBe('54');
    expect(ceil(r('87'))).toBe(87n);
    expect(ceil(r('87.0000001'))).toBe(88n);
    expect(roundHalfUp(r('125.5'))).toBe(126n);
    expect(roundHalfUp(r('125.4999'))).toBe(125n);
    expect(isHalf(r('125.5'))).toBe(true);
    expect(isHalf(r('125.25'))).toBe(false);
    expect(format(r('12.3'), 3)).toBe('12.300');
  });
});
