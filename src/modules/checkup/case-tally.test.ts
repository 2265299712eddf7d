import { describe, expect, it } from 'vitest';
import { countMatching, prefixesOf, tallyCases } from './case-tally.js';

describe('case tally', () => {
  it('names every region a code lies in, widest first', () => {
    expect(prefixesOf('110101001000')).toEqual(['11', '1101', '110101', '110101001']);
    expect(prefixesOf('110101001002')).toEqual(['11', '1101', '110101', '110101001', '110101001002']);
    expect(prefixesOf('110000000000')).toEqual(['11']);
  });

  it('counts a case for each region containing it, and unlocated cases for the city only', () => {
    const t = tallyCases(
      [
        { region: '110101001000', category: '010201', kind: 'complaint', synthetic: true },
        { region: '110101002000', category: '010101', kind: 'help', synthetic: false },
        { region: '110102000000', category: null, kind: 'inquiry', synthetic: false },
        { region: null, category: '010201', kind: 'help', synthetic: false },
      ],
      '11',
    );
    expect(t.get('11')).toMatchObject({ total: 4, synthetic: 1, categorised: 3 });
    expect(t.get('110101')).toMatchObject({ total: 2, synthetic: 1, categorised: 2 });
    expect(t.get('110101001')!.total).toBe(1);
    expect(t.get('110102')).toMatchObject({ total: 1, categorised: 0 });
    expect(countMatching(t.get('11')!, ['0102'])).toBe(2);
    expect(countMatching(t.get('110101')!, ['0101', '0102'])).toBe(2);
    expect(countMatching(t.get('110101')!, [])).toBe(0);
  });

  it('counts a tallied row as that many cases', () => {
    const t = tallyCases(
      [
        { region: '110101001000', category: '010201', kind: 'complaint', synthetic: true, count: 7 },
        { region: '110102000000', category: null, kind: 'help', synthetic: false, count: 3 },
      ],
      '11',
    );
    expect(t.get('11')).toMatchObject({ total: 10, synthetic: 7, categorised: 7 });
    expect(t.get('110101001')!.byKind.get('complaint')).toBe(7);
    expect(countMatching(t.get('110101')!, ['0102'])).toBe(7);
  });

  it('adds to an existing tally', () => {
    const t = tallyCases([{ region: '110101000000', category: '01', kind: 'help', synthetic: false }], '11');
    tallyCases([{ region: '110101000000', category: '01', kind: 'help', synthetic: false }], '11', t);
    expect(t.get('110101')!.total).toBe(2);
  });
});
