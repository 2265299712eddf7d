import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { waterClass } from './water-class.js';

// GB 3838-2002 table 1, typed again here from the standard: limits for classes I–V.
const upper: Record<string, number[]> = {
  codmn: [2, 4, 6, 10, 15],
  cod: [15, 15, 20, 30, 40],
  bod5: [3, 3, 4, 6, 10],
  nh3n: [0.15, 0.5, 1.0, 1.5, 2.0],
  tp: [0.02, 0.1, 0.2, 0.3, 0.4],
  cu: [0.01, 1.0, 1.0, 1.0, 1.0],
  zn: [0.05, 1.0, 1.0, 2.0, 2.0],
  fluoride: [1.0, 1.0, 1.0, 1.5, 1.5],
  se: [0.01, 0.01, 0.01, 0.02, 0.02],
  as: [0.05, 0.05, 0.05, 0.1, 0.1],
  hg: [0.00005, 0.00005, 0.0001, 0.001, 0.001],
  cd: [0.001, 0.005, 0.005, 0.005, 0.01],
  cr6: [0.01, 0.05, 0.05, 0.05, 0.1],
  pb: [0.01, 0.01, 0.05, 0.05, 0.1],
  cyanide: [0.005, 0.05, 0.2, 0.2, 0.2],
  phenol: [0.002, 0.002, 0.005, 0.01, 0.1],
  petroleum: [0.05, 0.05, 0.05, 0.5, 1.0],
  las: [0.2, 0.2, 0.2, 0.3, 0.3],
  sulfide: [0.05, 0.1, 0.2, 0.5, 1.0],
  fecal_coliform: [200, 2000, 10000, 20000, 40000],
};
const classes = ['I', 'II', 'III', 'IV', 'V', '劣V'];
const classOf = (item: string, value: number, waterBody: 'river' | 'lake' = 'river') => waterClass({ [item]: value }, { waterBody }).items[item]!.class;

describe('GB 3838-2002 table 1, every item on each class limit and just beyond', () => {
  for (const [item, limits] of Object.entries(upper)) {
    it(`${item}: ${limits.join(' / ')}`, () => {
      limits.forEach((limit, k) => {
        // On a limit: the best class whose limit it meets (equal limits: the better class).
        expect(classOf(item, limit)).toBe(classes[limits.indexOf(limit)]);
        // Just beyond: the next class with a higher limit, or worse than V.
        const next = limits.findIndex((l) => l > limit);
        expect(classOf(item, limit * 1.001)).toBe(next < 0 ? '劣V' : classes[next]);
        if (k === 0) expect(classOf(item, 0)).toBe('I');
      });
    });
  }

  it('tn (lakes and reservoirs): 0.2 / 0.5 / 1.0 / 1.5 / 2.0', () => {
    [0.2, 0.5, 1.0, 1.5, 2.0].forEach((limit, k) => {
      expect(classOf('tn', limit, 'lake')).toBe(classes[k]);
      expect(classOf('tn', limit * 1.001, 'lake')).toBe(classes[k + 1]);
    });
  });

  it('tp in lakes and reservoirs: 0.01 / 0.025 / 0.05 / 0.1 / 0.2', () => {
    [0.01, 0.025, 0.05, 0.1, 0.2].forEach((limit, k) => {
      expect(classOf('tp', limit, 'lake')).toBe(classes[k]);
      expect(classOf('tp', limit * 1.001, 'lake')).toBe(classes[k + 1]);
    });
    expect(classOf('tp', 0.05)).toBe('II'); // the river column
  });

  it('dissolved oxygen: higher is better, 7.5 / 6 / 5 / 3 / 2', () => {
    [7.5, 6, 5, 3, 2].forEach((limit, k) => {
      expect(classOf('do', limit)).toBe(classes[k]);
      expect(classOf('do', limit * 0.999)).toBe(classes[k + 1]);
    });
    expect(classOf('do', 12)).toBe('I');
  });

  it('pH: 6–9 for every class, outside it worse than V', () => {
    expect(classOf('ph', 6)).toBe('I');
    expect(classOf('ph', 9)).toBe('I');
    expect(classOf('ph', 5.99)).toBe('劣V');
    expect(classOf('ph', 9.01)).toBe('劣V');
  });
});

describe('waterClass of a sample', () => {
  it('is the worst item, with the items worse than the target listed and by how much', () => {
    const r = waterClass({ ph: 7.6, do: 5.5, codmn: 5.1, cod: 22, bod5: 3.2, nh3n: 1.2, tp: 0.18, petroleum: 0.03 });
    expect(r).toMatchObject({ class: 'IV', classNumber: 4, label: { zh: 'Ⅳ类', en: 'Class IV' }, worst: ['cod', 'nh3n'], target: 'III', standard: 'GB 3838-2002' });
    expect(r.items.do).toEqual({ value: 5.5, class: 'III' });
    expect(r.exceeded).toEqual([
      { item: 'cod', value: 22, class: 'IV', limit: 20, multiple: 0.1 },
      { item: 'nh3n', value: 1.2, class: 'IV', limit: 1, multiple: 0.2 },
    ]);
    expect(waterClass({ do: 4, nh3n: 0.1 }, { target: 'II' }).exceeded).toEqual([{ item: 'do', value: 4, class: 'IV', limit: 6, multiple: null }]);
  });

  it('calls a sample worse than V “劣V”', () => {
    const r = waterClass({ nh3n: 2.5, do: 1.5, ph: 7 });
    expect(r).toMatchObject({ class: '劣V', classNumber: 6, worst: ['nh3n', 'do'] });
    expect(r.exceeded.map((e) => [e.item, e.multiple])).toEqual([['nh3n', 1.5], ['do', null]]);
  });

  it('skips water temperature with a note, and leaves a river’s total nitrogen out of its class', () => {
    const r = waterClass({ water_temp: 18, tn: 3.2, codmn: 3 });
    expect(r).toMatchObject({ class: 'II', worst: ['codmn'], items: { tn: { class: '劣V', informational: true } } });
    expect(r.notes.join(' ')).toMatch(/water_temp skipped.*tn classed for information only/);
    expect(waterClass({ tn: 3.2, codmn: 3 }, { waterBody: 'lake' }).class).toBe('劣V');
  });

  it('refuses bad input, naming the item', () => {
    const fails = (sample: Record<string, unknown>, field: string, message: RegExp) => {
      try {
        waterClass(sample);
      } catch (err) {
        expect(isAppError(err) && err.kind === 'invalid' && err.field).toBe(field);
        expect((err as Error).message).toMatch(message);
        return;
      }
      throw new Error('expected an invalid error');
    };
    fails({ ph: 14.5 }, 'ph', /between 0 and 14/);
    fails({ ph: -1 }, 'ph', /must not be negative/);
    fails({ cod: -3 }, 'cod', /must not be negative/);
    fails({ nitrate: 3 }, 'nitrate', /unknown item nitrate/);
    fails({ cod: 'high' }, 'cod', /must be a number/);
    fails({ water_temp: 20 }, 'fields', /at least one/);
    expect(() => waterClass({ cod: 3 }, { target: '劣V' })).toThrow(/target must be one of/);
  });
});
