import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { checkedAqiRequest, pmTolerance, unitSlipCeilings } from './aqi-plausibility.js';

function refused(body: Record<string, unknown>): { field?: string; message: string } {
  try {
    checkedAqiRequest(body);
  } catch (err) {
    if (isAppError(err) && err.kind === 'invalid') return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected an invalid error');
}

describe('checkedAqiRequest: PM2.5 above PM10 of the same period', () => {
  it('uses PM2.5 ≤ PM10 silently, and the same AQI as without the check', () => {
    const r = checkedAqiRequest({ standard: 'hj633-2012', pm25_24h: 64, pm10_24h: 90 });
    expect(r).toMatchObject({ aqi: 87, notes: [] });
  });

  it.each([
    // PM10, the largest PM2.5 used with a note (PM10 + max(10, 10% of PM10)), the smallest refused
    [50, 60, 60.1],
    [100, 110, 110.1],
    [300, 330, 330.5],
  ])('PM10 %i: PM2.5 up to %f is used with a note, %f is refused', (pm10, usable, bad) => {
    const ok = checkedAqiRequest({ standard: 'hj633-2012', pm25_24h: usable, pm10_24h: pm10 });
    expect(ok.notes.some((n) => n.startsWith(`pm25_24h ${usable} µg/m³ is above pm10_24h ${pm10} µg/m³, within the tolerance`))).toBe(true);
    expect(ok.aqi).not.toBeNull();
    const no = refused({ standard: 'hj633-2012', pm25_24h: bad, pm10_24h: pm10 });
    expect(no.field).toBe('pm25_24h');
    expect(no.message).toContain('PM2.5 is part of PM10');
    expect(pmTolerance).toEqual({ absoluteUgM3: 10, relative: 0.1 });
  });

  it('checks the 1-hour pair under HJ 633 and the 24-hour pair under US EPA, not pairs across periods', () => {
    expect(refused({ standard: 'hj633-2026', pm25_1h: 200, pm10_1h: 100 }).field).toBe('pm25_1h');
    expect(refused({ standard: 'epa-2024', pm25_24h: 200, pm10_24h: 100 }).field).toBe('pm25_24h');
    expect(checkedAqiRequest({ standard: 'hj633-2012', pm25_1h: 200, pm10_24h: 100 }).aqi).not.toBeNull();
  });
});

describe('checkedAqiRequest: unit slips', () => {
  it.each(unitSlipCeilings.flatMap((c) => c.standards.map((s) => [s, c.field, c.above, c.unit] as const)))('%s %s above %f %s is refused as a unit slip; at the ceiling it is used', (standard, field, above, unit) => {
    const no = refused({ standard, [field]: above * 1.5 });
    expect(no.field).toBe(field);
    expect(no.message).toContain(`not plausible in ambient air (above ${above} ${unit})`);
    expect(Object.keys(checkedAqiRequest({ standard, [field]: above }).iaqi)).toEqual([field]);
  });
});

describe('checkedAqiRequest: units', () => {
  it('accepts the table’s own unit in any usual spelling', () => {
    expect(checkedAqiRequest({ standard: 'hj633-2012', co_24h: 2, pm25_24h: 30, units: { co_24h: 'mg/m3', pm25_24h: 'ug/m3' } }).aqi).toBe(50);
    expect(checkedAqiRequest({ standard: 'epa-2024', o3_8h: 0.05, units: { o3_8h: 'PPM' } }).aqi).not.toBeNull();
  });

  it('refuses another unit naming units.<field>, converting nothing', () => {
    const no = refused({ standard: 'hj633-2012', co_24h: 2000, units: { co_24h: 'µg/m³' } });
    expect(no).toMatchObject({ field: 'units.co_24h' });
    expect(no.message).toContain('is in mg/m³ under hj633-2012');
    expect(refused({ standard: 'epa-2024', so2_1h: 50, units: { so2_1h: 'µg/m³' } }).field).toBe('units.so2_1h');
    expect(refused({ standard: 'epa-2024', so2_1h: 50, units: { so2_24h_avg: 'ppb' } }).field).toBe('units.so2_24h_avg');
    expect(refused({ standard: 'epa-2024', so2_1h: 50, units: 'ppb' }).field).toBe('units');
  });

  it('leaves the standard’s own errors to the standard: negative values, unknown fields, no standard', () => {
    expect(refused({ standard: 'hj633-2012', pm25_24h: -1, pm10_24h: -5 }).field).toBe('pm25_24h');
    expect(refused({ standard: 'hj633-2012', pm2_5: 3 }).field).toBe('pm2_5');
    expect(refused({ pm25_24h: 3 }).field).toBe('standard');
  });
});
