import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { testService, type TestService } from '../support/service.js';
import { createManualClock } from '../../src/core/clock.js';
import { listNotifications } from '../../src/core/notify.js';
import type { OutboxEvent, Subscriber } from '../../src/core/events.js';
import { alarmResponseMinutes, fileRequestedCases, monitoringModule, ruleEnginesSettled } from '../../src/modules/monitoring/index.js';
import { importPack } from '../../src/core/pack.js';
import { alarmAccounts, alarmModules, importAlarmsPack, toyRules, writeAlarmsPack, type Who } from './monitoring-alarms-support.js';

type Json = Record<string, any>;
const MIN = 60_000;

// A gas leak in 东城, from methane readings over HTTP to an alarm, a hotline case at the gas
// company, escalation, handling, the clear, and the case's closure noted on the alarm.
describe.each(testDrivers())('monitoring alarms end to end (%s)', (driver) => {
  let s: TestService;
  let as: Record<Who, Record<string, string>>;
  const clock = createManualClock('2026-07-01T02:00:00Z');
  const T0 = clock.now().getTime();
  beforeAll(async () => {
    s = await testService({ driver, modules: alarmModules, clock });
    await importAlarmsPack(s);
    as = await alarmAccounts(s);
  }, 120_000);
  afterAll(() => s?.close());

  const get = async (url: string, who: Who = 'admin') => s.app.inject({ method: 'GET', url, headers: as[who] });
  const post = async (url: string, who: Who, payload: Json = {}) => s.app.inject({ method: 'POST', url, headers: as[who], payload });
  const at = (minutes: number) => clock.set(new Date(T0 + minutes * MIN));
  const methane = async (minutes: number, value: number, device = 'ch4-dc') => {
    at(minutes);
    const res = await post('/api/monitoring/telemetry', 'engineer', { device, ts: clock.now().toISOString(), readings: [{ metric: 'methane_pct_lel', value, unit: '%LEL' }] });
    expect(res.json(), res.body).toEqual({ messages: 1, accepted: 1, quarantined: 0 });
    await ruleEnginesSettled(s.kernel);
  };
  const list = async (who: Who = 'admin', query = '') => (await get(`/api/monitoring/alarms${query}`, who)).json() as { alarms: Json[]; total: number; next: string | null };
  const detail = async (id: string, who: Who = 'admin') => (await get(`/api/monitoring/alarms/${id}`, who)).json() as Json;
  const settle = async () => {
    await s.kernel.outbox.drain();
    await fileRequestedCases(s.kernel);
    await s.kernel.outbox.drain();
  };
  const alarmCases = async () => Number((await sql<{ n: number }>`select count(*)::int as n from hotline_cases where channel = 'alarm'`.execute(s.kernel.db)).rows[0]!.n);
  let alarmId = '';
  let caseId = '';

  it('raises one alarm once methane has stayed at or above 20 %LEL for the rule’s 60 s; repeats update it', async () => {
    await methane(0, 2);
    await methane(1, 22);
    await methane(1.5, 23);
    expect((await list()).total).toBe(0);
    await methane(2, 23);
    const raised = await list();
    expect(raised.total).toBe(1);
    const a = raised.alarms[0]!;
    alarmId = a.id;
    expect(a).toMatchObject({ alarmType: 'gas_leak', alarmTypeName: { zh: '燃气泄漏（甲烷超限）' }, severity: 'major', state: 'ACTIVE_UNACK', value: 23, unit: '%LEL', count: 1, regionCode: '110101000000', assetName: { zh: '东城雨水井1号' }, createdAt: new Date(T0 + 2 * MIN).toISOString(), nextEscalationAt: new Date(T0 + 17 * MIN).toISOString() });
    expect(a.allowed).toEqual(['clear', 'acknowledge', 'assign', 'unassign', 'comment']);
    // Still above: the rule repeats its signal after updateEverySeconds (300 s), on the same alarm.
    for (let m = 3; m <= 7; m++) await methane(m, 22 + (m % 2));
    const after = await list();
    expect(after.total).toBe(1);
    expect(after.alarms[0]).toMatchObject({ id: alarmId, count: 2, value: 23, severity: 'major' });
    const events = await sql<{ topic: string; payload: Json }>`select topic, payload from core_outbox where topic like 'monitoring.alarm.%' order by id`.execute(s.kernel.db);
    expect(events.rows.map((e) => e.topic)).toEqual(['monitoring.alarm.raised', 'monitoring.alarm.updated']);
    expect(events.rows[0]!.payload).toMatchObject({ alarmId, alarmType: 'gas_leak', severity: 'major', regionCode: '110101000000', lon: 1.5, lat: 0.5 });
  });

  it('opens one hotline case, channel alarm, that the catalog dispatches to the gas company', async () => {
    await settle();
    const d = await detail(alarmId);
    caseId = d.alarm.caseId;
    expect(caseId).toMatch(/^case_/);
    expect(d.caseRequest).toMatchObject({ status: 'filed', attempts: 1, lastError: null });
    expect(d.case).toMatchObject({ id: caseId, status: 'dispatched', org: { code: '110000-gas' } });
    const c = (await get(`/api/hotline/cases/${caseId}`)).json().case;
    expect(c).toMatchObject({ channel: 'alarm', kind: 'report', category: { code: '060301' }, urgency: 'urgent', location: { regionCode: '110101', lon: 1.5, lat: 0.5 } });
    expect(c.title).toBe('【监测报警】燃气泄漏（甲烷超限）（重要）— 东城雨水井1号');
    expect(c.description).toContain('报警阈值 20 %LEL');
    expect(d.history.map((h: Json) => h.action)).toEqual(['raise', 'case_opened']);
    expect(await alarmCases()).toBe(1);
  });

  it('escalates after 15 minutes unacknowledged: critical, the supervising office notified once', async () => {
    at(16.5);
    await s.scheduler.tick();
    expect((await detail(alarmId)).alarm.escalations).toBe(0);
    at(17.5);
    expect(await s.scheduler.tick()).toContain('monitoring.alarms.escalate');
    const { alarm } = await detail(alarmId);
    expect(alarm).toMatchObject({ severity: 'critical', ruleSeverity: 'major', escalations: 1, nextEscalationAt: new Date(T0 + 22.5 * MIN).toISOString() });
    const notices = await listNotifications(s.kernel.db, '110000', { template: 'monitoring.alarm.escalated' });
    expect(notices.map((n) => [n.recipientRef, n.channel, n.params.severity])).toEqual([['110000-cgw', 'webhook', 'critical']]);
    expect(notices[0]!.body).toContain('东城雨水井1号');
    const audit = await s.kernel.db.selectFrom('core_audit').select(['action', 'actor_label']).where('resource_id', '=', alarmId).execute();
    expect(audit).toEqual([{ action: 'monitoring.alarm.escalated', actor_label: 'system:escalation' }]);
    await s.kernel.outbox.drain();
    expect(await alarmCases()).toBe(1);
  });

  it('is hidden from a handler of another district, who cannot act on it either', async () => {
    expect((await list('xicheng')).total).toBe(0);
    expect((await get(`/api/monitoring/alarms/${alarmId}`, 'xicheng')).statusCode).toBe(404);
    expect((await post(`/api/monitoring/alarms/${alarmId}/acknowledge`, 'xicheng')).statusCode).toBe(404);
    expect((await list('dongcheng')).total).toBe(1);
    expect((await post(`/api/monitoring/alarms/${alarmId}/comment`, 'analyst', { text: 'x' })).statusCode).toBe(403);
  });

  it('is acknowledged, assigned and commented on by the district’s handler; a second acknowledgement is a 409 naming what is allowed', async () => {
    at(18);
    const ack = await post(`/api/monitoring/alarms/${alarmId}/acknowledge`, 'dongcheng', { note: '已电话通知燃气集团' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'ACTIVE_ACK', nextEscalationAt: null, acknowledgedAt: new Date(T0 + 18 * MIN).toISOString() });
    const again = await post(`/api/monitoring/alarms/${alarmId}/acknowledge`, 'dongcheng');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toMatchObject({ state: 'ACTIVE_ACK', action: 'acknowledge', allowed: expect.not.arrayContaining(['acknowledge']) });
    expect((await post(`/api/monitoring/alarms/${alarmId}/assign`, 'dongcheng', { assignee: { kind: 'org', id: 'no-such-office' } })).statusCode).toBe(404);
    const assigned = await post(`/api/monitoring/alarms/${alarmId}/assign`, 'dongcheng', { assignee: { kind: 'org', id: '110000-gas' }, expectedVersion: ack.json().version });
    expect(assigned.json()).toMatchObject({ assignee: { kind: 'org', id: '110000-gas' } });
    expect((await post(`/api/monitoring/alarms/${alarmId}/comment`, 'dongcheng', { text: '抢修车已出发', expectedVersion: ack.json().version })).statusCode).toBe(409);
    expect((await post(`/api/monitoring/alarms/${alarmId}/comment`, 'dongcheng', { text: '抢修车已出发' })).statusCode).toBe(200);
    at(19);
    await s.scheduler.tick();
    expect((await detail(alarmId)).alarm.escalations).toBe(1);
    const audit = await s.kernel.db.selectFrom('core_audit').select('action').where('resource_id', '=', alarmId).where('actor_label', 'not like', 'system:%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['monitoring.alarm.acknowledged', 'monitoring.alarm.assigned', 'monitoring.alarm.commented']);
  });

  it('gives the checkup its mean alarm response time: raised at +2 min, acknowledged at +18 min', async () => {
    const scope = (regionCode: string, year = 2026) => ({ cityCode: '110000', regionCode, year, params: {}, memo: <T>(_key: string, fn: () => Promise<T>) => fn() });
    // The toy pack's assets are simulated, as the demo's are: the figure is a sample.
    expect(await alarmResponseMinutes.compute(s.kernel, scope('110000000000'))).toEqual({ value: 16, coverage: 1, sample: true, source: '1 of 1 alarms raised in 2026 acknowledged (1 on simulated assets)' });
    expect(await alarmResponseMinutes.compute(s.kernel, scope('110101000000'))).toMatchObject({ value: 16 });
    // Another district, another year: no alarm, no value (never 0).
    expect(await alarmResponseMinutes.compute(s.kernel, scope('110102000000'))).toEqual({ value: null, source: 'no lifeline alarm raised in 2026' });
    expect((await alarmResponseMinutes.compute(s.kernel, scope('110000000000', 2025))).value).toBeNull();
  });

  it('clears once methane has stayed below the clear value for 5 minutes; the history tells it all', async () => {
    await methane(20, 6);
    await methane(22, 5);
    expect((await list('admin', '?active=true')).total).toBe(1);
    await methane(25.5, 4);
    const { alarm, history } = await detail(alarmId);
    expect(alarm).toMatchObject({ state: 'CLEARED_ACK', active: false, clearedBy: 'system:rules', endTs: new Date(T0 + 25.5 * MIN).toISOString(), allowed: ['comment'] });
    expect(history.map((h: Json) => h.action)).toEqual(['raise', 'case_opened', 'escalate', 'acknowledge', 'assign', 'comment', 'clear']);
    expect(history.find((h: Json) => h.action === 'comment')).toMatchObject({ by: expect.stringMatching(/^usr_/), comment: '抢修车已出发' });
    expect((await list('admin', '?active=true')).total).toBe(0);
    expect((await list('admin', '?state=CLEARED_ACK&severity=critical,major')).total).toBe(1);
  });

  it('notes on the alarm that the gas company replied and the hotline closed the case', async () => {
    for (const action of ['accept', 'start']) expect((await post(`/api/hotline/cases/${caseId}/${action}`, 'gas')).statusCode).toBe(200);
    expect((await post(`/api/hotline/cases/${caseId}/reply`, 'gas', { reply: '阀门井密封圈更换，复测 0 %LEL' })).statusCode).toBe(200);
    const closed = await post(`/api/hotline/cases/${caseId}/close`, 'operator', { reason: '监测报警工单，无来电人回访；燃气集团已处置' });
    expect(closed.statusCode, closed.body).toBe(200);
    await s.kernel.outbox.drain();
    const d = await detail(alarmId);
    expect(d.alarm).toMatchObject({ caseClosingNote: '阀门井密封圈更换，复测 0 %LEL', caseClosedAt: expect.any(String), state: 'CLEARED_ACK' });
    expect(d.case).toMatchObject({ status: 'closed', reply: '阀门井密封圈更换，复测 0 %LEL' });
    expect(d.history.at(-1)).toMatchObject({ action: 'case_closed', caseId, by: 'system:hotline' });
  });

  it('files one case however often the raise is delivered, also after a crash between filing and linking', async () => {
    const sub = (monitoringModule.subscribers as (k: typeof s.kernel) => Subscriber[])(s.kernel).find((x) => x.name === 'monitoring.open-case-on-alarm')!;
    const row = await sql<{ id: number; city_code: string; topic: string; payload: Json; created_at: Date }>`select * from core_outbox where topic = 'monitoring.alarm.raised' order by id limit 1`.execute(s.kernel.db);
    const raised: OutboxEvent = { id: row.rows[0]!.id, cityCode: row.rows[0]!.city_code, topic: row.rows[0]!.topic, payload: row.rows[0]!.payload, createdAt: row.rows[0]!.created_at };
    for (let i = 0; i < 2; i++) await s.kernel.transaction((trx) => sub.handle(raised, trx));
    expect(await fileRequestedCases(s.kernel)).toBe(0);
    // As if the service died after the hotline filed the case and before the alarm was linked.
    await sql`update monitoring_alarm_cases set status = 'pending', case_id = null, next_attempt_at = ${clock.now()}`.execute(s.kernel.db);
    await sql`update monitoring_alarms set case_id = null where id = ${alarmId}`.execute(s.kernel.db);
    expect(await fileRequestedCases(s.kernel)).toBe(1);
    expect((await detail(alarmId)).alarm.caseId).toBe(caseId);
    expect(await alarmCases()).toBe(1);
  });

  it('keeps the other district’s alarm to that district, most severe first', async () => {
    for (const [m, v] of [[30, 12], [31, 13], [31.5, 26], [32.5, 27]] as const) await methane(m, v, 'ch4-xc');
    const x = await list('xicheng');
    expect(x.alarms.map((a) => [a.assetName.zh, a.severity, a.regionCode])).toEqual([['西城电力井1号', 'critical', '110102000000']]);
    const bySeverity = await list('admin', '?sort=severity&limit=1');
    expect(bySeverity.alarms[0]).toMatchObject({ regionCode: '110102000000', severity: 'critical' });
    const page2 = await list('admin', `?sort=severity&limit=1&cursor=${bySeverity.next}`);
    expect(page2.alarms[0]!.id).toBe(alarmId);
    expect(page2.next).toBeNull();
    expect((await list('admin', '?bbox=1,0,2,1')).alarms.map((a) => a.id)).toEqual([alarmId]);
    // Raised as a pre-alarm (no case), it opens its case when it rises to critical.
    await settle();
    const d = await detail(x.alarms[0]!.id);
    expect(d.history.map((h: Json) => [h.action, h.severity])).toEqual([['raise', 'warning'], ['severity', 'critical'], ['case_opened', null]]);
    expect(d.case).toMatchObject({ status: 'dispatched', org: { code: '110000-gas' } });
    expect(await alarmCases()).toBe(2);
  });

  it('takes the same rules again without a new version, and refuses rules that read a metric the catalogue lacks', async () => {
    await importAlarmsPack(s);
    expect((await get('/api/monitoring/rules', 'engineer')).json()).toMatchObject({ version: 1, alarmTypes: { gas_leak: { category: '060301', openCaseAt: 'major' } } });
    const rules = toyRules() as Json;
    rules.assetTypes.gas_adjacent_space.metrics.h2s_ppm = { unit: 'ppm' };
    const dir = await writeAlarmsPack(rules);
    try {
      await expect(importPack(s.kernel, s.system, dir, s.packLoaders)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('h2s_ppm') });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect((await list()).total).toBe(2);
  });

  it('notes the closing on an alarm whose case was merged (并单) into the case that closed', async () => {
    // A citizen had called about the smell at the 西城 well; the hotline merges the alarm's case into that call's.
    const [xc] = (await list('xicheng')).alarms;
    const alarmCase = (await detail(xc!.id)).case;
    const call = await post('/api/hotline/cases', 'operator', { kind: 'report', category: '060301', description: '西城电力井1号附近有很浓的煤气味', lon: 0.5, lat: 0.5, attributes: { location: 'outdoor' }, dispatch: { org: '110000-gas' } });
    expect(call.statusCode, call.body).toBe(201);
    const primary = call.json().case;
    const merged = await post(`/api/hotline/cases/${alarmCase.id}/merge`, 'operator', { into: primary.number, reason: '同一处燃气泄漏' });
    expect(merged.json().case, merged.body).toMatchObject({ status: 'merged' });
    await s.kernel.outbox.drain();
    expect((await detail(xc!.id)).alarm.caseClosedAt).toBeNull();
    for (const action of ['accept', 'start']) expect((await post(`/api/hotline/cases/${primary.id}/${action}`, 'gas')).statusCode).toBe(200);
    expect((await post(`/api/hotline/cases/${primary.id}/reply`, 'gas', { reply: '电力井旁中压管道接口渗漏，已更换密封件，复测 0 %LEL' })).statusCode).toBe(200);
    expect((await post(`/api/hotline/cases/${primary.id}/close`, 'operator', { reason: '已处置' })).statusCode).toBe(200);
    await s.kernel.outbox.drain();
    const d = await detail(xc!.id);
    const note = `工单${alarmCase.number}已并入工单${primary.number} / case ${alarmCase.number} merged into case ${primary.number}: 电力井旁中压管道接口渗漏，已更换密封件，复测 0 %LEL`;
    expect(d.alarm).toMatchObject({ caseId: alarmCase.id, caseClosedAt: expect.any(String), caseClosingNote: note });
    expect(d.history.at(-1)).toMatchObject({ action: 'case_closed', caseId: alarmCase.id, by: 'system:hotline', reason: note });
    const events = await sql<{ payload: Json }>`select payload from core_outbox where topic = 'monitoring.alarm.case-closed' and payload->>'alarmId' = ${xc!.id}`.execute(s.kernel.db);
    expect(events.rows.map((e) => e.payload)).toEqual([expect.objectContaining({ caseId: alarmCase.id, caseNumber: alarmCase.number, mergedInto: { caseId: primary.id, caseNumber: primary.number } })]);
    // The 东城 alarm, whose own case closed before, is not noted again.
    expect((await detail(alarmId)).history.filter((h: Json) => h.action === 'case_closed')).toHaveLength(1);
  });
});
