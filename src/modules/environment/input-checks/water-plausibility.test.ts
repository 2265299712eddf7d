import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { checkedWaterClass, maxDissolvedOxygenMgL, partOfWhole } from './water-plausibility.js';

function refused(body: Record<string, unknown>): { field?: string; message: string } {
  try {
    checkedWaterClass(body);
  } catch (err) {
    if (isAppError(err) && err.kind === 'invalid') return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected an invalid error');
}

describe('checkedWaterClass', () => {
  it('classes a plausible sample as waterClass does, with the options', () => {
    const r = checkedWaterClass({ waterBody: 'lake', target: 'II', ph: 7.5, do: 8, nh3n: 0.3, tn: 0.8, bod5: 2, cod: 12 });
    expect(r).toMatchObject({ class: 'III', target: 'II', standard: 'GB 3838-2002' });
    expect(r.worst).toEqual(['tn']);
  });

  it.each(partOfWhole.map((p) => [p.part, p.whole, p.absolute, p.relative] as const))('%s above %s: within the tolerance used with a note, beyond it refused', (part, whole, absolute, relative) => {
    const w = 10;
    const allowed = w + Math.max(absolute, relative * w);
    const ok = checkedWaterClass({ [part]: allowed, [whole]: w });
    expect(ok.notes.some((n) => n.startsWith(`${part} ${allowed} mg/L is above ${whole} ${w} mg/L within the tolerance`))).toBe(true);
    const no = refused({ [part]: allowed + 0.01, [whole]: w });
    expect(no.field).toBe(part);
  });

  it('refuses dissolved oxygen no water holds, and keeps the classifier’s own refusals (negative, pH outside 0–14)', () => {
    expect(refused({ do: maxDissolvedOxygenMgL + 1 }).field).toBe('do');
    expect(checkedWaterClass({ do: maxDissolvedOxygenMgL }).class).toBe('I');
    expect(refused({ ph: 14.5 }).field).toBe('ph');
    expect(refused({ ph: -1 }).field).toBe('ph');
    expect(refused({ cod: -3 }).field).toBe('cod');
  });

  it.each([
    [{ nh3n: 'µg/L' }, 'units.nh3n', 'divide by 1000 to get mg/L'],
    [{ fecal_coliform: 'MPN/100mL' }, 'units.fecal_coliform', 'multiply by 10'],
    [{ ph: 'mg/L' }, 'units.ph', 'dimensionless'],
    [{ chlorophyll: 'mg/L' }, 'units.chlorophyll', 'not a GB 3838-2002 table 1 item'],
  ] as const)('refuses units %o at %s', (units, field, text) => {
    const no = refused({ nh3n: 0.3, ph: 7, fecal_coliform: 100, units });
    expect(no.field).toBe(field);
    expect(no.message).toContain(text);
  });

  it('accepts the table’s units in their usual spellings, and checks waterBody and target', () => {
    expect(checkedWaterClass({ nh3n: 0.3, ph: 7, fecal_coliform: 100, units: { nh3n: 'mg/l', ph: '无量纲', fecal_coliform: '个/L' } }).class).toBe('II');
    expect(refused({ nh3n: 0.3, waterBody: 'sea' }).field).toBe('waterBody');
    expect(refused({ nh3n: 0.3, target: 'VI' }).field).toBe('target');
  });
});
