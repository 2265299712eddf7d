import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { hotlineTestService, type HotlineTestService } from '../../../test/support/hotline.js';
import { createManualClock } from '../../core/clock.js';
import { monthWindow, type Figures } from './assessment.js';
import { assessMonth, type Assessment } from './assessment-store.js';
import { generateCases } from './generate.js';

type Row = { id: string; org_code: string | null; dispatched_at: Date | null; accepted_at: Date | null; response_due_at: Date | null; closed_at: Date | null; resolved: boolean | null; satisfaction: string | null; redo_count: number };
/** A redo (重办, or 转派单 from an answer at intake): when, from where, and what the citizen said then. */
type Redo = { case_id: string; at: Date; from_status: string; satisfaction: string };

describe('the monthly assessment of generated cases (toy city, PGlite)', () => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time: October is the last full month, September's end leads into it.
  const now = new Date('2026-11-30T02:00:00Z');
  const october = monthWindow('2026-10', 480);
  const inOctober = (d: Date | null) => d !== null && d >= october.from && d < october.to;
  let a: Assessment;
  let rows: Row[];
  let redos: Redo[];
  const sum = (pick: (f: Figures) => number) => a.units.reduce((n, u) => n + pick(u.figures), 0);

  beforeAll(async () => {
    s = await hotlineTestService({ clock: createManualClock(now) });
    await generateCases(s.kernel, s.system, { days: 61, perDay: 60, seed: 5 });
    a = await assessMonth(s.kernel, s.system, { month: '2026-10' });
    rows = (await sql<Row>`select id, org_code, dispatched_at, accepted_at, response_due_at, closed_at, resolved, satisfaction, redo_count from hotline_cases`.execute(s.kernel.db)).rows;
    redos = (await sql<Redo>`select case_id, at, from_status, data->>'satisfaction' as satisfaction from hotline_case_events where action = 'redo'`.execute(s.kernel.db)).rows;
  }, 120_000);
  afterAll(() => s?.close());

  it('ranks the offices on rates the simulated lives make plausible: mostly on time, mostly satisfied', () => {
    const busy = a.units.filter((u) => u.figures.response.denominator >= 30);
    expect(busy.length).toBeGreaterThanOrEqual(3);
    for (const { figures: f } of busy) {
      expect(f.response.rate).toBeGreaterThanOrEqual(0.8);
      expect(f.response.rate).toBeLessThanOrEqual(1);
      expect(f.resolution.denominator).toBeGreaterThan(0);
      expect(f.resolution.rate).toBeGreaterThanOrEqual(0.8);
      expect(f.satisfaction.rate).toBeGreaterThanOrEqual(0.5);
      expect(f.satisfaction.rate).toBeLessThanOrEqual(1);
      expect(f.composite).toBeGreaterThan(80);
    }
    expect(a.units.filter((u) => u.rank !== null).length).toBeGreaterThanOrEqual(3);
  });

  it('resolves 85–99 % of the city’s callbacks, with offices apart, as some citizens say the problem is not solved', () => {
    const r = a.total!.resolution;
    expect(r.rate).toBeGreaterThanOrEqual(0.85);
    expect(r.rate).toBeLessThanOrEqual(0.99);
    expect(a.total!.satisfaction.rate).toBeGreaterThanOrEqual(0.85);
    expect(a.total!.satisfaction.rate).toBeLessThanOrEqual(0.99);
    const busy = a.units.filter((u) => u.figures.resolution.denominator >= 30).map((u) => u.figures.resolution.rate!);
    expect(Math.max(...busy) - Math.min(...busy)).toBeGreaterThan(0.02);
    // Sent back in about 5–8 % of the dispatched cases called back, the case columns say.
    const reached = rows.filter((r) => r.org_code && (r.resolved !== null || r.redo_count > 0));
    const sentBack = reached.filter((r) => redos.some((x) => x.case_id === r.id && x.from_status === 'replied')).length / reached.length;
    expect(sentBack).toBeGreaterThan(0.04);
    expect(sentBack).toBeLessThan(0.1);
  });

  it('counts every October dispatch and callback of an office once, as the case columns and the redos tell independently', () => {
    const dispatched = rows.filter((r) => r.org_code && inOctober(r.dispatched_at));
    expect(dispatched.length).toBeGreaterThan(1000);
    expect(sum((f) => f.response.denominator)).toBe(dispatched.length);
    expect(sum((f) => f.response.numerator)).toBe(dispatched.filter((r) => r.accepted_at && r.accepted_at <= r.response_due_at!).length);
    // An office's callback: the closing callback (resolved, closed_at), or a redo from its reply. The last one in October counts:
    // the closing callback when it was in October (it comes after any redo), else the redo in October, not solved.
    const redoOf = new Map(redos.filter((x) => x.from_status === 'replied').map((x) => [x.case_id, x]));
    const solved = rows.filter((r) => r.org_code && r.resolved && inOctober(r.closed_at));
    const notSolved = rows.flatMap((r) => {
      const redo = redoOf.get(r.id);
      return r.org_code && redo && inOctober(redo.at) && !(r.resolved && inOctober(r.closed_at)) ? [{ ...r, satisfaction: redo.satisfaction }] : [];
    });
    expect(notSolved.length).toBeGreaterThan(0);
    expect(sum((f) => f.resolution.numerator)).toBe(solved.length);
    expect(sum((f) => f.resolution.denominator)).toBe(solved.length + notSolved.length);
    expect(a.total!.resolution).toMatchObject({ numerator: solved.length, denominator: solved.length + notSolved.length });
    const calledBack = [...solved, ...notSolved];
    expect(sum((f) => f.satisfaction.denominator)).toBe(calledBack.length);
    const said = (what: string) => calledBack.filter((r) => r.satisfaction === what).length;
    expect(said('dissatisfied')).toBeGreaterThan(0);
    expect(sum((f) => f.satisfaction.numerator)).toBeCloseTo(said('satisfied') + a.settings.basicallySatisfiedWeight * said('basically_satisfied'), 2);
    const counted = new Set([...dispatched, ...calledBack].map((r) => r.id));
    expect(sum((f) => f.cases)).toBe(counted.size);
    expect(a.total!.cases).toBe(counted.size);
    // Answers given at intake are called back too, and left out of every office's rates: solved, or sent to an office (转派单).
    const answered = rows.filter((r) => !r.org_code && r.resolved && inOctober(r.closed_at)).length;
    const sentOn = redos.filter((x) => x.from_status === 'answered' && inOctober(x.at)).length;
    expect(answered).toBeGreaterThan(0);
    expect(a.total!.resolution.excluded.answered_at_intake).toBe(answered + sentOn);
  });
});
