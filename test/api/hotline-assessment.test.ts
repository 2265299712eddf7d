import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, writeToyPack, type HotlineTestService } from '../support/hotline.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { createManualClock } from '../../src/core/clock.js';
import { importPack } from '../../src/core/pack.js';

type Json = Record<string, any>;


const street = '110101001-street';
const cgw = '110101-cgw';
const xicheng = '110102-cgw';

describe.each(testDrivers())('hotline assessment (三率) API (%s)', (driver) => {
  let s: HotlineTestService;
  // Monday 2026-11-02, a working day: the general tier's response limit is 2 working hours.
  const clock = createManualClock(new Date('2026-11-02T02:00:00Z'));
  const at = (local: string) => clock.set(new Date(`2026-${local}:00+08:00`));
  const n: Record<string, Json> = {};
  let xichengAssessor: Record<string, string>;

  const post = async (url: string, headers: Record<string, string>, payload: Json = {}) => {
    const res = await s.app.inject({ method: 'POST', url, headers, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  };
  const get = async (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });
  const light = { kind: 'help', category: '010101', description: '东华门街道某小区门口路灯不亮', lon: 1.5, lat: 0.5, address: '东城区东华门街道', citizen: { name: '张伟', phone: '13812345678' }, attributes: { since: 'week' } };
  const file = async (name: string, body: Json = light) => (n[name] = (await post('/api/hotline/cases', s.as.operator, body)).case as Json);
  const act = (name: string, action: string, headers: Record<string, string>, body: Json = {}) => post(`/api/hotline/cases/${n[name]!.id}/${action}`, headers, body);
  const callback = (name: string, resolved: boolean, satisfaction: string) => post(`/api/hotline/cases/${n[name]!.id}/callback`, s.as.operator, { reached: true, resolved, satisfaction, note: resolved ? null : '灯还是不亮' });

  beforeAll(async () => {
    s = await hotlineTestService({ driver, clock });
    xichengAssessor = bearer(await seedToken(s, { userId: await seedUser(s, 'assessor-xicheng', ['assessor'], { jurisdiction: ['110102'] }) }));

    // October: X3 is accepted and suspended (挂起), and stays suspended through November.
    at('10-19T10:00');
    await file('X3', { ...light, lon: 0.5, address: '西城区' });
    await act('X3', 'dispatch', s.as.dispatcher, { org: xicheng });
    await act('X3', 'accept', s.as.xicheng);
    await act('X3', 'request-suspension', s.as.xicheng, { reason: '等待法院判决' });
    await act('X3', 'approve-suspension', s.as.dispatcher);

    // Monday 10:00: everything is dispatched; the limit to accept is 12:00.
    at('11-02T10:00');
    for (const name of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S9']) {
      await file(name);
      await act(name, 'dispatch', s.as.dispatcher, { org: street });
    }
    for (const name of ['X1', 'X2']) {
      await file(name, { ...light, lon: 0.5, address: '西城区' });
      await act(name, 'dispatch', s.as.dispatcher, { org: xicheng });
    }
    await file('S8', { kind: 'inquiry', category: '030101', description: '居住证怎么办？', lon: 1.5, lat: 0.5, answer: { reply: '携带身份证到社区服务站申领。' } });
    at('11-02T10:15');
    await act('S6', 'merge', s.as.operator, { into: n.S1!.number });
    await act('S7', 'transfer', s.as.operator, { target: 'police-110' });
    at('11-02T10:30');
    for (const name of ['S1', 'S3', 'S4', 'S9']) await act(name, 'accept', s.as.street);
    at('11-02T11:00');
    await act('S5', 'dispute', s.as.street, { reason: '路灯归区城管委' });
    await act('X2', 'dispute', s.as.xicheng, { reason: '不属本单位' });
    at('11-02T11:30');
    await act('S5', 'uphold-dispute', s.as.dispatcher, { org: cgw, reason: '改派区城管委' });
    at('11-02T12:00');
    await act('S5', 'accept', s.as.cgw);
    // After the limit: S2 is accepted late; X2's dispute is rejected, which gives a new limit (16:00).
    at('11-02T13:45');
    await act('S2', 'accept', s.as.street);
    at('11-02T14:00');
    await act('X2', 'reject-dispute', s.as.dispatcher, { reason: '属地管理，请签收' });
    at('11-02T15:00');
    await act('X2', 'accept', s.as.xicheng);

    at('11-03T10:00');
    for (const name of ['S1', 'S2', 'S3', 'S4', 'S9']) await act(name, 'reply', s.as.street, { reply: '已更换灯泡。' });
    await act('S5', 'reply', s.as.cgw, { reply: '已修复。' });
    at('11-04T10:00');
    await callback('S1', true, 'satisfied');
    await callback('S2', true, 'basically_satisfied');
    await callback('S3', false, 'dissatisfied');
    await callback('S4', true, 'dissatisfied');
    await callback('S5', true, 'satisfied');
    await callback('S8', true, 'satisfied');
    await callback('S9', true, 'satisfied');
    at('12-01T10:00');
  }, 180_000);
  afterAll(() => s?.close());

  const ranking = async (query: string, headers = s.as.assessor) => {
    const res = await get(`/api/hotline/assessment?month=2026-11&${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  const unit = (r: Json, code: string) => (r.units as Json[]).find((u) => u.code === code)!;

  it('gives each office its three rates with numerators, denominators and exclusions, and the composite', async () => {
    const r = await ranking('by=office');
    expect(r).toMatchObject({ month: '2026-11', from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', by: 'office', settings: { weights: { response: 30, resolution: 35, satisfaction: 35 }, basicallySatisfiedWeight: 1, minCases: 5 } });
    expect(unit(r, street)).toEqual({
      code: street,
      name: '东华门街道办事处',
      nameEn: 'Donghuamen Subdistrict Office',
      rank: 1,
      fewCases: false,
      cases: 5,
      response: { numerator: 4, denominator: 5, rate: 0.8, excluded: { dispute_upheld: 1, merged: 1, transferred: 1 } },
      resolution: { numerator: 4, denominator: 5, rate: 0.8, excluded: {} },
      satisfaction: { numerator: 3, denominator: 5, rate: 0.6, excluded: {} },
      // 30 × 0.8 + 35 × 0.8 + 35 × 0.6
      composite: 73,
    });
    // The office the upheld dispute sent the case to is measured by its own limit; 1 case: listed, not ranked.
    expect(unit(r, cgw)).toMatchObject({ rank: null, fewCases: true, cases: 1, response: { numerator: 1, denominator: 1 }, resolution: { rate: 1 }, satisfaction: { rate: 1 }, composite: 100 });
    // X1 was never accepted; X2's rejected dispute restarted the limit, and it was accepted within the new one.
    expect(unit(r, xicheng)).toMatchObject({ rank: null, fewCases: true, cases: 2, response: { numerator: 1, denominator: 2, rate: 0.5 }, resolution: { denominator: 0, rate: null }, composite: 50 });
    expect(r.units.map((u: Json) => u.code)).toEqual([street, cgw, xicheng]);
    expect(r.total).toMatchObject({ cases: 8, response: { numerator: 6, denominator: 8 }, resolution: { numerator: 5, denominator: 6, excluded: { answered_at_intake: 1 } }, satisfaction: { numerator: 4, denominator: 6 }, composite: 75 });
    expect(r.formulas.response.zh).toMatch(/^响应率 = /);
    expect(r.formulas.composite.en).toContain('30 × response + 35 × resolution + 35 × satisfaction');
    expect(r.reasons.dispute_upheld.zh).toBe('退单审核通过，派单有误不计本单位');
  });

  it('ranks offices with fewer cases once the minimum allows it, best first', async () => {
    const r = await ranking('by=office&minCases=1');
    expect(r.units.map((u: Json) => [u.code, u.rank, u.composite])).toEqual([
      [cgw, 1, 100],
      [street, 2, 73],
      [xicheng, 3, 50],
    ]);
  });

  it('ranks streets/townships and districts by where the cases are', async () => {
    const d = await ranking('by=district&minCases=1');
    expect(d.units.map((u: Json) => [u.code, u.name, u.rank, u.cases, u.composite])).toEqual([
      // (30 × 5/6 + 35 × 5/6 + 35 × 4/6) ÷ 100 × 100
      ['110101', '东城区', 1, 6, 77.5],
      ['110102', '西城区', 2, 2, 50],
    ]);
    expect(d.units[0].resolution.excluded).toEqual({ answered_at_intake: 1 });
    const st = await ranking('by=street');
    expect(st.units.map((u: Json) => [u.code, u.name, u.rank, u.composite])).toEqual([['110101001', '东华门街道', 1, 77.5]]);
    // X1, X2 and X3 are known to the district only, S8 (no address) too.
    expect(st.unlocated).toBe(4);
  });

  it('shows an office which cases pulled its score down and which were left out, and why', async () => {
    const res = await get(`/api/hotline/assessment/offices/${street}?month=2026-11`, s.as.street);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json() as Json;
    expect(o.office).toEqual({ code: street, name: '东华门街道办事处', nameEn: 'Donghuamen Subdistrict Office' });
    expect(o.figures).toMatchObject({ rank: 1, composite: 73, response: { numerator: 4, denominator: 5 } });
    const lines = (list: Json[]) => list.map((l) => `${l.number}:${l.rate}:${l.reason}`).sort();
    expect(lines(o.pulledDown)).toEqual(
      [`${n.S2!.number}:response:accepted_late`, `${n.S3!.number}:resolution:not_solved`, `${n.S3!.number}:satisfaction:dissatisfied`, `${n.S4!.number}:satisfaction:dissatisfied`].sort(),
    );
    const late = (o.pulledDown as Json[]).find((l) => l.reason === 'accepted_late')!;
    expect(late).toMatchObject({ at: '2026-11-02T10:00:00+08:00', dueAt: '2026-11-02T12:00:00+08:00', eventAt: '2026-11-02T13:45:00+08:00', score: 0, why: { zh: '超时签收', en: 'accepted after the response limit' } });
    expect(lines(o.excluded)).toEqual([`${n.S5!.number}:response:dispute_upheld`, `${n.S6!.number}:response:merged`, `${n.S7!.number}:response:transferred`].sort());
  });

  it('lets a handler see only their own office', async () => {
    expect((await get(`/api/hotline/assessment/offices/${cgw}?month=2026-11`, s.as.street)).statusCode).toBe(403);
    expect((await get(`/api/hotline/assessment/offices/${street}?month=2026-11`, s.as.xicheng)).statusCode).toBe(403);
    const own = await ranking('by=office', s.as.street);
    expect(own.units.map((u: Json) => [u.code, u.rank])).toEqual([[street, 1]]);
    expect(own.total).toBeNull();
    expect((await get('/api/hotline/assessment?month=2026-11&by=district', s.as.street)).statusCode).toBe(403);
    expect((await get('/api/hotline/assessment?month=2026-11', s.as.citizen)).statusCode).toBe(403);
    expect((await get(`/api/hotline/assessment/offices/nowhere?month=2026-11`, s.as.assessor)).statusCode).toBe(404);
  });

  it('keeps staff to their jurisdiction', async () => {
    const r = await ranking('by=office', xichengAssessor);
    expect(r.units.map((u: Json) => u.code)).toEqual([xicheng]);
    expect(r.total).toMatchObject({ cases: 2, response: { numerator: 1, denominator: 2 } });
    const o = (await get(`/api/hotline/assessment/offices/${street}?month=2026-11`, xichengAssessor)).json() as Json;
    expect(o.figures).toMatchObject({ cases: 0, rank: null, response: { denominator: 0 } });
    expect(o.pulledDown).toEqual([]);
    const x = (await get(`/api/hotline/assessment/offices/${xicheng}?month=2026-11`, xichengAssessor)).json() as Json;
    expect(x.pulledDown.map((l: Json) => `${l.number}:${l.reason}`)).toEqual([`${n.X1!.number}:not_accepted`]);
    expect(x.excluded.map((l: Json) => `${l.number}:${l.rate}:${l.reason}`)).toEqual(['response', 'resolution', 'satisfaction'].map((rate) => `${n.X3!.number}:${rate}:suspended_whole_month`));
    expect(x.figures.response.excluded).toEqual({ suspended_whole_month: 1 });
  });

  it('answers bad input with the field', async () => {
    const bad = await get('/api/hotline/assessment?month=2026-13', s.as.assessor);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('month');
    expect((await get('/api/hotline/assessment?month=2026-11&by=planet', s.as.assessor)).json().error.field).toBe('by');
  });

  it('exports the ranking as CSV and XLSX, with the total', async () => {
    const csv = await get('/api/hotline/assessment?month=2026-11&by=office&format=csv', s.as.assessor);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    const rows = csv.rawPayload.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe(
      '名次 Rank,代码 Code,名称 Name,计入工单 Cases,样本不足 Few cases,响应率(%) Response (%),响应率分子 numerator,响应率分母 denominator,解决率(%) Resolution (%),解决率分子 numerator,解决率分母 denominator,满意率(%) Satisfaction (%),满意率分子 numerator,满意率分母 denominator,综合得分 Composite',
    );
    expect(rows[1]).toBe(`1,${street},东华门街道办事处,5,,80,4,5,80,4,5,60,3,5,73`);
    expect(rows[2]).toBe(`,${cgw},东城区城市管理委员会,1,是 yes,100,1,1,100,1,1,100,1,1,100`);
    expect(rows[4]).toBe(',,合计 Total,8,,75,6,8,83.33,5,6,66.67,4,6,75');
    const xlsx = await get('/api/hotline/assessment?month=2026-11&by=district&format=xlsx', s.as.assessor);
    expect(xlsx.statusCode).toBe(200);
    const [sheet] = await readXlsxFile(xlsx.rawPayload);
    expect(sheet!.data[0]![0]).toBe('名次 Rank');
    expect(sheet!.data[1]!.slice(0, 4)).toEqual([1, '110101', '东城区', 6]);
    expect(sheet!.data[1]![14]).toBe(77.5);
    expect(sheet!.data).toHaveLength(4);
  });

  it('prints the month’s 三率 table (for the demo city)', async () => {
    const r = await ranking('by=office&minCases=1');
    const pct = (f: Json) => (f.rate === null ? '—' : `${(f.rate * 100).toFixed(1)}% (${f.numerator}/${f.denominator})`);
    const table = [...r.units, { ...r.total, rank: '', name: '合计 Total' }].map((u: Json) => `| ${u.rank ?? ''} | ${u.name} | ${u.cases} | ${pct(u.response)} | ${pct(u.resolution)} | ${pct(u.satisfaction)} | ${u.composite ?? '—'} |`);
    console.log(['三率考评 2026-11 (by office, minCases=1)', '| 名次 | 单位 | 计入工单 | 响应率 | 解决率 | 满意率 | 综合得分 |', '|---|---|---|---|---|---|---|', ...table].join('\n'));
    expect(table).toHaveLength(4);
  });

  it('reads the weights from the pack’s hotline/assessment.json', async () => {
    const dir = await writeToyPack({ 'hotline/assessment.json': { source: 'test', weights: { response: 20, resolution: 40, satisfaction: 40 }, basicallySatisfiedWeight: 0.5, minCases: 1 } });
    try {
      await importPack(s.kernel, s.system, dir, s.packLoaders);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const r = await ranking('by=office');
    expect(r.settings).toEqual({ weights: { response: 20, resolution: 40, satisfaction: 40 }, basicallySatisfiedWeight: 0.5, minCases: 1, source: 'test' });
    // Satisfaction (1 + 0.5 + 0 + 0 + 1) ÷ 5 = 0.5; composite 20 × 0.8 + 40 × 0.8 + 40 × 0.5.
    expect(unit(r, street)).toMatchObject({ rank: 2, satisfaction: { numerator: 2.5, rate: 0.5 }, composite: 68 });
    expect(r.formulas.satisfaction.zh).toContain('0.5 × 基本满意数');
    const bad = await writeToyPack({ 'hotline/assessment.json': { source: 'test', weights: { response: 0, resolution: 0, satisfaction: 0 } } });
    try {
      await expect(importPack(s.kernel, s.system, bad, s.packLoaders)).rejects.toThrow(/hotline\/assessment\.json: weights/);
    } finally {
      await fs.rm(bad, { recursive: true, force: true });
    }
  });
});
