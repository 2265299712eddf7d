import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { hotlineTestService, type HotlineTestService } from '../../../test/support/hotline.js';
import { createManualClock } from '../../core/clock.js';
import { generateCases } from './generate.js';
import { cityDistricts } from './synthetic-places.js';

type Row = { id: string; number: string; channel: string; category_code: string; lon: number; lat: number; region_code: string; status: string; org_code: string | null; proposed_org: string | null; received_at: Date; attributes: Record<string, unknown> };

describe('generateCases (toy city, PGlite)', () => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time.
  const now = new Date('2026-11-30T02:00:00Z');
  const rows = async (where = sql`true`) => (await sql<Row>`select * from hotline_cases where ${where} order by received_at`.execute(s.kernel.db)).rows;
  let cases: Row[] = [];
  let result: { cases: number; ms: number };

  beforeAll(async () => {
    s = await hotlineTestService({ clock: createManualClock(now) });
    result = await generateCases(s.kernel, s.system, { days: 28, perDay: 100, seed: 42 });
    cases = await rows();
  }, 120_000);
  afterAll(() => s?.close());

  it('makes days × perDay cases, marked synthetic, in one transaction with one audit record and no events', async () => {
    expect(result.cases).toBe(cases.length);
    expect(cases).toHaveLength(28 * 100);
    expect(cases.every((c) => c.channel === 'phone' && c.attributes.synthetic === true)).toBe(true);
    const audit = (await sql<{ action: string; after: Record<string, unknown> }>`select action, after from core_audit where action like 'hotline.case.%'`.execute(s.kernel.db)).rows;
    expect(audit).toEqual([{ action: 'hotline.case.generated', after: expect.objectContaining({ synthetic: true, cases: cases.length, days: 28, perDay: 100, seed: 42 }) }]);
    expect((await sql<{ n: number }>`select count(*)::int as n from core_outbox where topic like 'hotline.%'`.execute(s.kernel.db)).rows[0]!.n).toBe(0);
  });

  it('writes the steps each case took by the end, as the workflow writes them, one row version each', async () => {
    type Step = { action: string; from: string | null; to: string; at: string; org: string | null; label: string; note: string | null; data: Record<string, unknown> };
    const timelines = (
      await sql<{ id: string; status: string; row_version: number; updated_at: Date; org_code: string | null; response_due_at: Date | null; handling_due_at: Date | null; resolved: boolean | null; satisfaction: string | null; redo_count: number; steps: Step[] }>`
        select c.id, c.status, c.row_version, c.updated_at, c.org_code, c.response_due_at, c.handling_due_at, c.resolved, c.satisfaction, c.redo_count,
          json_agg(json_build_object('action', e.action, 'from', e.from_status, 'to', e.to_status, 'at', e.at, 'org', e.org_code, 'label', e.actor_label, 'note', e.note, 'data', e.data) order by e.id) as steps
        from hotline_cases c join hotline_case_events e on e.case_id = c.id group by c.id`.execute(s.kernel.db)
    ).rows;
    expect(timelines).toHaveLength(cases.length);
    for (const t of timelines) {
      expect(t.steps[0]).toMatchObject({ action: 'receive', from: null, to: 'received', org: null, note: '合成数据 synthetic case, seed 42' });
      t.steps.forEach((e, i) => i > 0 && expect([e.from, new Date(e.at) >= new Date(t.steps[i - 1]!.at)]).toEqual([t.steps[i - 1]!.to, true]));
      const last = t.steps.at(-1)!;
      expect([last.to, new Date(last.at).getTime(), t.steps.length]).toEqual([t.status, t.updated_at.getTime(), t.row_version]);
      expect(t.steps.every((e) => e.data.synthetic === true && new Date(e.at) <= now)).toBe(true);
      // The office is on the steps from its dispatch on (an answer at intake the citizen was not satisfied with is dispatched later).
      const d = t.steps.findIndex((e) => e.action === 'dispatch');
      expect(t.steps.every((e, i) => e.org === (d >= 0 && i >= d ? t.org_code : null))).toBe(true);
      const dispatch = t.steps[d];
      if (dispatch) expect(dispatch).toMatchObject({ label: 'synthetic operator', data: { org: t.org_code, overridden: false, responseDue: t.response_due_at!.toISOString() } });
      const callback = t.steps.find((e) => e.action === 'callback');
      if (callback) expect(callback.data).toMatchObject({ resolved: true, satisfaction: t.satisfaction });
      // What the citizen said last stands in the row; a redo from the office's reply sets the handling limit in force.
      const redos = t.steps.filter((e) => e.action === 'redo');
      expect(t.redo_count).toBe(redos.length);
      const said = t.steps.findLast((e) => e.action === 'callback' || e.action === 'redo');
      expect([t.resolved, t.satisfaction]).toEqual(said ? [said.data.resolved, said.data.satisfaction] : [null, null]);
      const limit = t.steps.findLast((e) => typeof e.data.handlingDue === 'string');
      expect(t.handling_due_at?.toISOString() ?? null).toBe(limit?.data.handlingDue ?? null);
    }
    const actions = (await sql<{ action: string }>`select distinct action from hotline_case_events order by action`.execute(s.kernel.db)).rows.map((r) => r.action);
    expect(actions).toEqual(['accept', 'answer', 'callback', 'callback_failed', 'close', 'dispatch', 'receive', 'redo', 'reply', 'start']);
    const redone = timelines.filter((t) => t.redo_count > 0);
    expect(redone.length).toBeGreaterThan(0);
    expect(redone.some((t) => t.status === 'closed' && t.resolved === false)).toBe(true);
    const offices = (await sql<{ label: string }>`select distinct e.actor_label as label from hotline_case_events e where e.action in ('accept', 'start', 'reply')`.execute(s.kernel.db)).rows.map((r) => r.label);
    expect(offices).not.toContain('synthetic operator');
    // The simulated operator's dispatches, which the classifier learns from, one for each dispatch step.
    const [dispatches, steps] = await Promise.all([
      sql<{ n: number }>`select count(*)::int as n from hotline_dispatches where by_person and not overridden and actor_label = 'synthetic operator'`.execute(s.kernel.db),
      sql<{ n: number }>`select count(*)::int as n from hotline_case_events where action = 'dispatch'`.execute(s.kernel.db),
    ]);
    expect(dispatches.rows[0]!.n).toBe(steps.rows[0]!.n);
    expect(dispatches.rows[0]!.n).toBe(cases.filter((c) => c.org_code).length);
  });

  it('numbers the cases by day, as intake would, and moves the day counters on', async () => {
    expect(new Set(cases.map((c) => c.number)).size).toBe(cases.length);
    expect(cases.every((c) => /^2026(10|11)\d{2}\d{6}$/.test(c.number))).toBe(true);
    const counters = (await sql<{ n: number }>`select sum(n)::int as n from hotline_counters`.execute(s.kernel.db)).rows[0]!.n;
    expect(counters).toBe(cases.length);
  });

  it('puts every case inside its district, in equal shares where the pack has no population', () => {
    for (const c of cases) {
      expect(c.lat).toBeGreaterThanOrEqual(0);
      expect(c.lat).toBeLessThanOrEqual(1);
      if (c.region_code.startsWith('110101')) expect(c.lon).toBeGreaterThanOrEqual(1);
      else expect(c.lon).toBeLessThanOrEqual(1);
    }
    const east = cases.filter((c) => c.region_code.startsWith('110101')).length / cases.length;
    expect(east).toBeGreaterThan(0.45);
    expect(east).toBeLessThan(0.55);
  });

  it('calls less at weekends and at night', () => {
    const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const c of cases) byWeekday[local(c.received_at).getUTCDay()]!++;
    const weekend = (byWeekday[0]! + byWeekday[6]!) / 2;
    const weekdays = byWeekday.slice(1, 6).reduce((a, b) => a + b, 0) / 5;
    expect(weekend / weekdays).toBeLessThan(0.85);
    const night = cases.filter((c) => local(c.received_at).getUTCHours() < 6).length;
    expect(night / cases.length).toBeLessThan(0.05);
  });

  it('closes old cases and leaves recent ones open, with the office the catalog proposes', () => {
    const old = cases.filter((c) => c.received_at < new Date(now.getTime() - 20 * 86_400_000));
    expect(old.filter((c) => c.status === 'closed').length / old.length).toBeGreaterThan(0.9);
    const recent = cases.filter((c) => c.received_at > new Date(now.getTime() - 3_600_000));
    expect(recent.every((c) => c.status !== 'closed')).toBe(true);
    const dispatched = cases.filter((c) => c.org_code);
    expect(dispatched.length).toBeGreaterThan(cases.length / 2);
    expect(dispatched.every((c) => c.org_code === c.proposed_org)).toBe(true);
    // 路灯不亮 in 西城区: catalog rule 2, the district's urban management commission.
    expect(dispatched.filter((c) => c.category_code === '010101' && c.region_code.startsWith('110102')).every((c) => c.org_code === '110102-cgw')).toBe(true);
  });

  it('gives the same cases for the same seed, and adds planted clusters where asked', async () => {
    const end = new Date('2026-09-01T00:00:00Z');
    const plant = { categoryCode: '020101', lon: 1.5, lat: 0.5, radiusM: 300, count: 25, days: 3 };
    const a = await generateCases(s.kernel, s.system, { days: 3, perDay: 50, seed: 7, end, plant: [plant] });
    await generateCases(s.kernel, s.system, { days: 3, perDay: 50, seed: 7, end, plant: [plant] });
    const later = await rows(sql`received_at < ${end} and received_at >= ${new Date(end.getTime() - 3 * 86_400_000)}`);
    expect(a.cases).toBe(3 * 50 + 25);
    expect(later).toHaveLength(2 * a.cases);
    const key = (c: Row) => `${c.category_code}|${c.lon}|${c.lat}|${c.received_at.toISOString()}|${c.status}`;
    const counts = new Map<string, number>();
    for (const c of later) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    const near = later.filter((c) => c.category_code === '020101' && Math.hypot((c.lon - 1.5) * 111_195, (c.lat - 0.5) * 111_195) <= 300.5);
    expect(near.length).toBeGreaterThanOrEqual(50);
  });

  it('weighs districts by their census population when the pack has it', async () => {
    await sql`insert into regions_attributes (city_code, code, year, key, value, unit, source) values
      ('110000', '110101000000', 2020, 'resident_population', 3000000, '人', 'test'), ('110000', '110102000000', 2020, 'resident_population', 1000000, '人', 'test')`.execute(s.kernel.db);
    try {
      const districts = await cityDistricts(s.kernel, '110000');
      expect(districts.map((d) => [d.code, d.population, d.share])).toEqual([
        ['110101', 3_000_000, 0.75],
        ['110102', 1_000_000, 0.25],
      ]);
    } finally {
      await sql`delete from regions_attributes where source = 'test'`.execute(s.kernel.db);
    }
  });

  it('refuses what it cannot do, naming the field', async () => {
    await expect(generateCases(s.kernel, s.system, { days: 0, perDay: 10 })).rejects.toMatchObject({ kind: 'invalid', field: 'days' });
    await expect(generateCases(s.kernel, s.system, { days: 400, perDay: 10 })).rejects.toMatchObject({ kind: 'invalid', field: 'days' });
    await expect(generateCases(s.kernel, s.system, { days: 2, perDay: 10, plant: [{ categoryCode: '999999', lon: 1, lat: 0.5, radiusM: 100, count: 3, days: 1 }] })).rejects.toMatchObject({ kind: 'invalid', field: 'plant.0.categoryCode' });
    await expect(generateCases(s.kernel, s.system, { days: 2, perDay: 10, plant: [{ categoryCode: '010101', lon: 1, lat: 0.5, radiusM: 100, count: 3, days: 5 }] })).rejects.toMatchObject({ kind: 'invalid', field: 'plant.0.days' });
  });
});
