import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { checkupTestService, csv, type CheckupTestService } from './checkup-support.js';

type Json = Record<string, any>;

// 体检 → 更新 → 再体检: problems found in 2025 become a renewal project; the 2026 checkup shows which are gone.
describe.each(testDrivers())('checkup problems, renewal projects and the re-checkup (%s)', (driver) => {
  let s: CheckupTestService;
  beforeAll(async () => {
    s = await checkupTestService({ driver });
    const file = csv([
      ['T03', '110101', 2025, '', '栋', '区住建委排查', '是', 'B1|和平里1号楼|外墙空鼓; B2|和平里2号楼; B3|和平里3号楼'],
      ['T03', '110102', 2025, 1, '栋', '区住建委排查', '是', 'X1|西长安街1号楼'],
      ['T01', '110101', 2025, 92, '%', '区住建委', '是', ''],
      ['T01', '110102', 2025, 80, '%', '区住建委', '是', ''],
      ['T02', '110101', 2025, 2.0, '', '区体育局', '是', ''],
      ['T02', '110102', 2025, 3.0, '', '区体育局', '是', ''],
    ]);
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/import', headers: { ...s.who.analyst, 'content-type': 'text/csv' }, payload: file });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => s?.close());

  const get = (url: string, who = s.who.engineer) => s.app.inject({ method: 'GET', url, headers: who });
  const post = (url: string, payload: Json, who = s.who.engineer) => s.app.inject({ method: 'POST', url, headers: who, payload });
  const problems = async (region: string, y: number, who = s.who.engineer) => (await get(`/api/checkup/problems?region=${region}&year=${y}&indicator=T03`, who)).json().problems as Json[];
  const byObject = (ps: Json[]) => Object.fromEntries(ps.map((p) => [p.object.id, p]));
  let project: Json;

  it('lists what the count indicator found, none yet rechecked', async () => {
    const ps = await problems('110101', 2025);
    expect(ps.map((p) => p.object.id)).toEqual(['B1', 'B2', 'B3']);
    expect(ps[0]).toMatchObject({ code: 'T03', regionCode: '110101000000', object: { type: 'building', name: '和平里1号楼', detail: '外墙空鼓' }, project: null, recheck: { status: 'not_rechecked', year: null } });
    const e = (await get('/api/checkup/evaluation?region=110101&year=2025')).json();
    const t03 = e.tasks.find((t: Json) => t.task === 'resilient_safe').indicators.find((i: Json) => i.code === 'T03');
    expect(t03).toMatchObject({ value: 3, status: 'not_met', gap: -3, rank: { rank: 2, of: 2 } });
  });

  it('opens a renewal project from problems of one region, each problem in one project', async () => {
    const ps = byObject(await problems('110101', 2025));
    const res = await post('/api/checkup/projects', { name: '和平里老旧楼房加固', problems: [ps.B1.id, ps.B2.id], dueDate: '2026-06-30' });
    expect(res.statusCode, res.body).toBe(201);
    project = res.json();
    expect(project).toMatchObject({ status: 'planned', percent: 0, regionCode: '110101000000', dueDate: '2026-06-30', finishedOn: null });
    expect(project.problems.map((p: Json) => p.object.id)).toEqual(['B1', 'B2']);
    expect((await post('/api/checkup/projects', { name: 'again', problems: [ps.B1.id] })).json().error).toMatchObject({ kind: 'conflict', field: 'problems' });
    expect((await get('/api/checkup/problems?region=110102')).statusCode).toBe(403);
    const x1 = (await problems('110102', 2025, s.who.admin))[0]!;
    // The 东城 engineer may not open projects in 西城; two regions in one project are refused.
    expect((await post('/api/checkup/projects', { name: 'x', problems: [x1.id] })).statusCode).toBe(403);
    expect((await post('/api/checkup/projects', { name: 'x', problems: [ps.B3.id, x1.id] }, s.who.admin)).json().error).toMatchObject({ kind: 'invalid', field: 'problems' });
    expect((await post('/api/checkup/projects', { name: 'x', problems: [ps.B3.id] }, s.who.assessor)).statusCode).toBe(403);
    const events = await sql<{ topic: string }>`select topic from core_outbox where topic like 'checkup.%'`.execute(s.kernel.db);
    expect(events.rows.map((r) => r.topic)).toEqual(['checkup.project.opened']);
  });

  it('records progress through the project’s states, and refuses changes once done', async () => {
    const step = (body: Json) => post(`/api/checkup/projects/${project.id}`, body);
    expect((await step({ status: 'done' })).json().error).toMatchObject({ kind: 'conflict', field: 'status', details: { allowed: ['in_progress', 'cancelled'] } });
    const started = (await step({ status: 'in_progress', percent: 40, startDate: '2025-09-01' })).json();
    expect(started).toMatchObject({ status: 'in_progress', percent: 40, startDate: '2025-09-01' });
    expect((await step({ percent: 140 })).statusCode).toBe(400);
    expect((await step({ dueDate: '2026-13-01' })).json().error.field).toBe('dueDate');
    const done = (await step({ status: 'done', finishedOn: '2026-05-20' })).json();
    expect(done).toMatchObject({ status: 'done', percent: 100, finishedOn: '2026-05-20' });
    expect((await step({ note: 'late note' })).json().error.kind).toBe('conflict');
    const audit = await sql<{ action: string }>`select action from core_audit where resource_id = ${project.id} order by id`.execute(s.kernel.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['checkup.project.opened', 'checkup.project.progressed', 'checkup.project.progressed']);
    expect((await get('/api/checkup/projects?region=110101')).json().projects.map((p: Json) => p.id)).toEqual([project.id]);
  });

  it('refuses new data that would drop a problem already in a project, and keeps everything as it was', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/import', headers: { ...s.who.analyst, 'content-type': 'text/csv' }, payload: csv([['T01', '110101', 2025, 93, '%', 'x', '', ''], ['T03', '110101', 2025, '', '栋', 'x', '', 'B2|和平里2号楼; B3|和平里3号楼']]) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details.errors.map((e: Json) => e.reason)).toEqual(['problem_in_project']);
    expect((await problems('110101', 2025)).map((p) => p.object.id)).toEqual(['B1', 'B2', 'B3']);
    const t01 = (await get('/api/checkup/values?region=110101&year=2025&code=T01')).json().values[0];
    expect(t01.value).toBe(92);
  });

  it('shows at the next checkup which problems are gone and which persist', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/import', headers: { ...s.who.analyst, 'content-type': 'text/csv' }, payload: csv([['T03', '110101', 2026, '', '栋', '区住建委复查', '是', 'B2|和平里2号楼; B4|和平里4号楼']]) });
    expect(res.statusCode, res.body).toBe(200);
    const ps = byObject(await problems('110101', 2025));
    expect(ps.B1!.recheck).toEqual({ status: 'gone', year: 2026 });
    expect(ps.B2!.recheck).toEqual({ status: 'persists', year: 2026 });
    expect(ps.B3!.recheck).toEqual({ status: 'gone', year: 2026 });
    expect((await problems('110102', 2025, s.who.admin))[0]!.recheck.status).toBe('not_rechecked');
    const p = (await get(`/api/checkup/projects/${project.id}`)).json();
    expect(p.problems.map((x: Json) => `${x.object.id}:${x.recheck.status}`)).toEqual(['B1:gone', 'B2:persists']);
    // The loop's own indicators: 2 of 3 problems of 2025 in a project; 2 of 3 gone in 2026.
    const r = (await post('/api/checkup/compute', { year: 2026, regions: ['110101'], codes: ['T13', 'T14'] }, s.who.analyst)).json();
    expect(r.stored).toBe(2);
    const values = (await get('/api/checkup/values?region=110101&year=2026')).json().values;
    expect(values.find((v: Json) => v.code === 'T13').value).toBeCloseTo(66.67, 2);
    expect(values.find((v: Json) => v.code === 'T14').value).toBeCloseTo(66.67, 2);
    // The problems were imported as samples: so are the figures made from them.
    expect(values.find((v: Json) => v.code === 'T13').sample).toBe(true);
    const e = (await get('/api/checkup/evaluation?region=110101&year=2026')).json();
    expect(e.tasks.find((t: Json) => t.task === 'resilient_safe').indicators.find((i: Json) => i.code === 'T03')).toMatchObject({ value: 2, trend: { previous: 3, direction: 'improving' } });
  });

  it('builds each task’s composite over the siblings, with rank intervals from a seeded Monte Carlo', async () => {
    const res = await get('/api/checkup/composite?region=110101&year=2025&runs=300&seed=11', s.who.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.reference).toContain('Handbook on Constructing Composite Indicators');
    const livable = c.tasks.find((t: Json) => t.task === 'livable');
    expect(livable.method).toMatchObject({ normalisation: 'distance', aggregation: 'arithmetic', weights: { T01: 1, T02: 2 } });
    expect(livable.normalisedBy).toEqual({ T01: 'distance', T02: 'distance' });
    // 110101: 92/90 → 1, 2.0/2.6 → 0.769 (weight 2); 110102: 80/90 → 0.889, 3.0/2.6 → 1.
    const units = Object.fromEntries(livable.units.map((u: Json) => [u.unit, u]));
    expect(units['110101000000'].value).toBeCloseTo((1 + 2 * (2.0 / 2.6)) / 3, 6);
    expect(units['110102000000'].value).toBeCloseTo(((80 / 90) + 2) / 3, 6);
    expect(units['110102000000'].rank).toBe(1);
    expect(livable.sensitivity).toMatchObject({ runs: 300, seed: 11 });
    for (const i of livable.sensitivity.intervals) {
      expect(i.p05).toBeLessThanOrEqual(i.median);
      expect(i.median).toBeLessThanOrEqual(i.p95);
      expect(i.ranked).toBe(300);
    }
    const again = (await get('/api/checkup/composite?region=110101&year=2025&runs=300&seed=11', s.who.analyst)).json();
    expect(again.tasks).toEqual(c.tasks);
    const none = (await get('/api/checkup/composite?region=110101&year=2025&runs=0&task=livable', s.who.analyst)).json();
    expect(none.tasks).toHaveLength(1);
    expect(none.tasks[0].sensitivity).toBeNull();
    // Ranking all districts needs the whole parent: a district's engineer may not.
    expect((await get('/api/checkup/composite?region=110101&year=2025')).statusCode).toBe(403);
  });
});
