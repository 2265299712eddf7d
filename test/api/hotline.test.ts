import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, type HotlineTestService } from '../support/hotline.js';
import { createManualClock } from '../../src/core/clock.js';
import { listNotifications } from '../../src/core/notify.js';
import { authenticateToken } from '../../src/core/auth/tokens.js';
import { scanDeadlines, erasePersonalData, fileCase } from '../../src/modules/hotline/index.js';

type Json = Record<string, any>;

describe.each(testDrivers())('hotline cases API (%s)', (driver) => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time: a working day.
  const clock = createManualClock(new Date('2026-11-30T02:00:00Z'));
  beforeAll(async () => {
    s = await hotlineTestService({ driver, clock });
  }, 120_000);
  afterAll(() => s?.close());

  const post = async (url: string, headers: Record<string, string>, payload: unknown = {}, extra: Record<string, string> = {}) => s.app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload: payload as Json });
  const get = async (url: string, headers: Record<string, string>) => s.app.inject({ method: 'GET', url, headers });
  const light = { kind: 'help', category: '010101', description: '东华门街道某小区门口路灯不亮', lon: 1.5, lat: 0.5, address: '东城区东华门街道', citizen: { name: '张伟', phone: '13812345678' }, attributes: { since: 'week' } };
  const file = async (body: Json = light, headers = s.as.operator) => {
    const res = await post('/api/hotline/cases', headers, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().case as Json;
  };
  const act = async (id: string, action: string, headers: Record<string, string>, body: Json = {}) => {
    const res = await post(`/api/hotline/cases/${id}/${action}`, headers, body);
    return { status: res.statusCode, body: res.json() as Json, case: res.json().case as Json };
  };
  const ok = async (id: string, action: string, headers: Record<string, string>, body: Json = {}) => {
    const r = await act(id, action, headers, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.case;
  };

  describe('intake', () => {
    it('locates the request, proposes the street office with the catalog rule, masks the caller', async () => {
      const c = await file();
      expect(c.status).toBe('received');
      expect(c.number).toMatch(/^20261130\d{6}$/);
      expect(c.location).toMatchObject({ regionCode: '110101001', source: 'point+address' });
      expect(c.proposal).toEqual({ org: { code: '110101001-street', name: '东华门街道办事处' }, ruleId: 1, reason: 'catalog rule 1: 城乡建设/市政设施/路灯不亮 anywhere → 东华门街道办事处 (@street)' });
      expect(c.citizen).toMatchObject({ name: '张*', phone: '138****5678', withheld: false });
      expect(c.deadlines.tier).toBe('general');
      expect(c.actions).toEqual(['answer', 'dispatch', 'merge', 'transfer']);
    });

    it('uses a district department where the catalog says so for that district', async () => {
      const c = await file({ ...light, lon: 0.5, address: '西城区' });
      expect(c.location.regionCode).toBe('110102');
      expect(c.proposal).toMatchObject({ org: { code: '110102-cgw' }, ruleId: 2 });
    });

    it('keeps a request whose place no region matches, for manual dispatch to the city centre', async () => {
      const c = await file({ ...light, lon: 5, lat: 5, address: '火星基地' });
      expect(c.location).toMatchObject({ regionCode: null, source: 'point' });
      expect(c.proposal.org.code).toBe('110000-12345');
      expect(c.proposal.reason).toMatch(/^fallback: the location is unknown/);
      const none = await file({ kind: 'inquiry', description: '请问居住证怎么办理？' });
      expect(none.location).toMatchObject({ regionCode: null, source: 'none' });
    });

    it('forces the tier of the category: a missing manhole cover is critical', async () => {
      const c = await file({ ...light, category: '010102', attributes: {} });
      expect(c.deadlines.tier).toBe('critical');
    });

    it('answers bad input with the field and the problem, and stores nothing', async () => {
      const before = (await get('/api/hotline/cases?limit=500', s.as.admin)).json().cases.length;
      const cases: [Json, number, string][] = [
        [{ ...light, lat: undefined }, 400, 'lat'],
        [{ ...light, lat: 91 }, 400, 'lat'],
        [{ ...light, lon: 181 }, 400, 'lon'],
        [{ ...light, category: '999999' }, 400, 'category'],
        [{ ...light, category: 'abc' }, 400, 'category'],
        [{ ...light, attributes: {} }, 400, 'attribute[since]'],
        [{ ...light, attributes: { since: 'yesterday' } }, 400, 'attribute[since]'],
        [{ ...light, attributes: { since: 'week', colour: 'red' } }, 400, 'attribute[colour]'],
        [{ ...light, description: '' }, 400, 'description'],
        [{ ...light, description: '灯'.repeat(20_001) }, 413, 'description'],
        [{ ...light, citizen: { phone: 'call me' } }, 400, 'phone'],
        [{ ...light, kind: 'praise' }, 400, 'kind'],
        [{ ...light, dispatch: { org: 'nowhere' } }, 400, 'org'],
      ];
      for (const [body, status, field] of cases) {
        const res = await post('/api/hotline/cases', s.as.operator, body);
        expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
        expect(res.json().error.field, res.body).toBe(field);
        expect(res.json().error.message).toBeTruthy();
      }
      const latin1 = Buffer.concat([Buffer.from('{"kind":"help","description":"'), Buffer.from([0xc2, 0x28, 0xff]), Buffer.from('"}')]);
      const notUtf8 = await s.app.inject({ method: 'POST', url: '/api/hotline/cases', headers: { ...s.as.operator, 'content-type': 'application/json' }, payload: latin1 });
      expect(notUtf8.statusCode).toBe(400);
      expect(notUtf8.json().error).toMatchObject({ field: 'body', message: 'body is not valid UTF-8' });
      expect((await get('/api/hotline/cases?limit=500', s.as.admin)).json().cases.length).toBe(before);
    });

    it('returns the first case for a replayed Idempotency-Key, and refuses the key for another request', async () => {
      const key = { 'idempotency-key': 'intake-7f3a' };
      const a = await post('/api/hotline/cases', s.as.operator, light, key);
      const b = await post('/api/hotline/cases', s.as.operator, light, key);
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(b.json().case.id).toBe(a.json().case.id);
      expect(b.json().replayed).toBe(true);
      expect(b.headers['idempotent-replayed']).toBe('true');
      const c = await post('/api/hotline/cases', s.as.operator, { ...light, description: 'another' }, key);
      expect(c.statusCode).toBe(409);
      expect(c.json().error.field).toBe('Idempotency-Key');
    });

    it('files concurrent requests in shared transactions: consecutive numbers, each answered once stored, a bad one failing alone', async () => {
      const bodies = Array.from({ length: 24 }, (_, i) => (i === 13 ? { ...light, description: `坏的 ${i}`, dispatch: { org: 'nowhere' } } : { ...light, description: `路灯不亮 ${i}` }));
      const answers = await Promise.all(bodies.map((b) => post('/api/hotline/cases', s.as.operator, b)));
      expect(answers.map((a) => a.statusCode)).toEqual(bodies.map((_, i) => (i === 13 ? 400 : 201)));
      expect(answers[13]!.json().error.field).toBe('org');
      const filed = answers.filter((a) => a.statusCode === 201).map((a) => a.json().case as Json);
      const numbers = filed.map((c) => Number(c.number.slice(8))).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(23);
      expect(numbers[22]! - numbers[0]!).toBe(22); // no gaps: the failed one took no number
      for (const c of filed) expect((await get(`/api/hotline/cases/${c.id}`, s.as.operator)).json().case.description).toBe(c.description);
      const listed = (await get('/api/hotline/cases?limit=500', s.as.admin)).json().cases as Json[];
      expect(listed.filter((c) => c.description.startsWith('坏的'))).toEqual([]);
    });

    it('answers with the row as stored: intake builds it from what it decided and the table’s defaults', async () => {
      const actor = await authenticateToken(s.kernel, s.as.operator.authorization!.replace(/^Bearer /, ''), 'api');
      const ctx = { actor, cityCode: actor!.cityCode, ip: '127.0.0.1', requestId: 'req-row' };
      const inputs = [
        { channel: 'phone', kind: 'help', categoryCode: '010101', title: ' 路灯 ', description: '路灯不亮', lon: 1.5, lat: 0.5, address: '东城区东华门街道', citizen: { name: '张伟', phone: '13812345678', email: 'z@example.org' }, attributes: { since: 'week' }, withToken: true },
        { channel: 'web', kind: 'inquiry', description: '请问居住证怎么办理？' },
      ];
      for (const input of inputs) {
        const filed = await fileCase(s.kernel, ctx as never, input as never);
        const stored = await s.kernel.db.selectFrom('hotline_cases' as never).selectAll().where('id' as never, '=', filed.id as never).executeTakeFirstOrThrow();
        expect(filed.row).toEqual(stored);
        expect(Object.keys(filed.row!).sort()).toEqual(Object.keys(stored).sort());
      }
      const c = await file();
      expect((await get(`/api/hotline/cases/${c.id}`, s.as.operator)).json().case).toEqual(c);
    });

    it('dispatches at intake when the operator says so, and records an override', async () => {
      const c = await file({ ...light, dispatch: { org: '110101-cgw', reason: '路灯归城管委' } });
      expect(c.status).toBe('dispatched');
      expect(c.org).toEqual({ code: '110101-cgw', name: '东城区城市管理委员会' });
      const t = (await get(`/api/hotline/cases/${c.id}/timeline`, s.as.operator)).json().timeline;
      expect(t.map((e: Json) => e.action)).toEqual(['receive', 'dispatch']);
      expect(t[1].data).toMatchObject({ org: '110101-cgw', proposed: '110101001-street', overridden: true });
    });

    it('dispatches a citizen’s request at once when a catalog rule covers it', async () => {
      const c = await file({ ...light, channel: 'app' }, s.as.citizen);
      expect(c.status).toBe('dispatched');
      expect(c.org.code).toBe('110101001-street');
      const t = (await get(`/api/hotline/cases/${c.id}/timeline`, s.as.operator)).json().timeline;
      expect(t[1].actor).toBe('system:auto-dispatch');
    });
  });

  describe('workflow', () => {
    it('walks received → dispatched → accepted → in progress → replied → callback → closed', async () => {
      const c = await file();
      let x = await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      expect(x.deadlines.response).toBe('2026-11-30T12:00:00+08:00');
      expect(x.deadlines.handling).toBe('2026-12-07T10:00:00+08:00');
      x = await ok(c.id, 'accept', s.as.street);
      expect(x.status).toBe('accepted');
      x = await ok(c.id, 'start', s.as.street);
      x = await ok(c.id, 'reply', s.as.street, { reply: '已更换灯泡，恢复照明。' });
      expect(x.status).toBe('replied');
      expect(x.deadlines.callback).toBe('2026-12-02T17:30:00+08:00');
      const cb = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: true, resolved: true, satisfaction: 'satisfied' });
      expect(cb.statusCode).toBe(200);
      expect(cb.json().case).toMatchObject({ status: 'closed', resolved: true, satisfaction: 'satisfied' });
      const t = (await get(`/api/hotline/cases/${c.id}/timeline`, s.as.operator)).json().timeline;
      expect(t.map((e: Json) => `${e.action}:${e.to}`)).toEqual(['receive:received', 'dispatch:dispatched', 'accept:accepted', 'start:in_progress', 'reply:replied', 'callback:closed']);
      const audit = (await get(`/api/core/audit?resourceType=hotline_case&resourceId=${c.id}`, s.as.admin)).json().entries.map((e: Json) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['hotline.case.received', 'hotline.case.dispatch', 'hotline.case.accept', 'hotline.case.reply', 'hotline.case.callback']));
    });

    it('answers an inquiry at intake, then calls back and closes', async () => {
      const c = await file({ kind: 'inquiry', category: '030101', description: '居住证怎么办？', answer: { reply: '携带身份证和居住证明到社区服务站申领。' } });
      expect(c.status).toBe('answered');
      expect(c.org).toBeNull();
      const cb = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: true, resolved: true, satisfaction: 'satisfied' });
      expect(cb.json().case.status).toBe('closed');
    });

    it('sends an unsolved intake answer to dispatch', async () => {
      const c = await file({ kind: 'inquiry', category: '030101', description: '居住证怎么办？', answer: { reply: '请到社区服务站。' } });
      const cb = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: true, resolved: false, satisfaction: 'dissatisfied', note: '社区说不归他们管' });
      expect(cb.json().case.status).toBe('received');
    });

    it('handles a dispute: rejected back to the office, who may not dispute again; upheld redispatches', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      const noReason = await act(c.id, 'dispute', s.as.street);
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.field).toBe('reason');
      let x = await ok(c.id, 'dispute', s.as.street, { reason: '该路灯属于市政路灯所管' });
      expect(x.status).toBe('disputed');
      x = await ok(c.id, 'reject-dispute', s.as.dispatcher, { reason: '属地管理，请签收' });
      expect(x.status).toBe('dispatched');
      expect(x.org.code).toBe('110101001-street');
      const again = await act(c.id, 'dispute', s.as.street, { reason: '还是不归我们' });
      expect(again.status).toBe(409);
      expect(again.body.error.details.allowed).not.toContain('dispute');
      const c2 = await file();
      await ok(c2.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      await ok(c2.id, 'dispute', s.as.street, { reason: '不属本街道' });
      const same = await act(c2.id, 'uphold-dispute', s.as.dispatcher, { org: '110101001-street', reason: 'x' });
      expect(same.status).toBe(400);
      x = await ok(c2.id, 'uphold-dispute', s.as.dispatcher, { org: '110101-cgw', reason: '改派城管委' });
      expect(x).toMatchObject({ status: 'dispatched', org: { code: '110101-cgw' } });
      // The street office that had it still sees it; the new office can accept it.
      expect((await get(`/api/hotline/cases/${c2.id}`, s.as.street)).statusCode).toBe(200);
      expect((await ok(c2.id, 'accept', s.as.cgw)).status).toBe('accepted');
    });

    it('moves the deadline on an approved extension, only by the supervising office', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      await ok(c.id, 'accept', s.as.street);
      const bad = await act(c.id, 'request-extension', s.as.street, { reason: '需协调产权单位', until: '2026-12-01T10:00:00+08:00' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('until');
      let x = await ok(c.id, 'request-extension', s.as.street, { reason: '需协调产权单位', until: '2026-12-14T17:30:00+08:00' });
      expect(x.status).toBe('extension_requested');
      expect(x.pending).toMatchObject({ type: 'extension', reason: '需协调产权单位' });
      const self = await act(c.id, 'approve-extension', s.as.street);
      expect(self.status).toBe(403);
      const other = await act(c.id, 'approve-extension', s.as.cgw);
      expect([403, 404]).toContain(other.status);
      x = await ok(c.id, 'approve-extension', s.as.centre);
      expect(x).toMatchObject({ status: 'in_progress', deadlines: { handling: '2026-12-14T17:30:00+08:00' }, counts: { extensions: 1 }, pending: null });
      x = await ok(c.id, 'request-extension', s.as.street, { reason: '再延', until: '2026-12-15T17:30:00+08:00' });
      x = await ok(c.id, 'reject-extension', s.as.dispatcher, { reason: '不予延期' });
      expect(x).toMatchObject({ status: 'in_progress', deadlines: { handling: '2026-12-14T17:30:00+08:00' } });
    });

    it('stops the clock while suspended and moves the deadline by the pause on resume', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      await ok(c.id, 'accept', s.as.street);
      await ok(c.id, 'request-suspension', s.as.street, { reason: '等待法院判决' });
      let x = await ok(c.id, 'approve-suspension', s.as.dispatcher);
      expect(x).toMatchObject({ status: 'suspended', deadlines: { paused: true } });
      const due = new Date(x.deadlines.handling).getTime();
      clock.advance(3 * 86_400_000);
      x = await ok(c.id, 'resume', s.as.street);
      expect(x.deadlines.paused).toBe(false);
      expect(new Date(x.deadlines.handling).getTime() - due).toBe(3 * 86_400_000);
      clock.set(new Date('2026-11-30T02:00:00Z'));
    });

    it('redoes a case the citizen says is not solved, with a new deadline', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      await ok(c.id, 'accept', s.as.street);
      await ok(c.id, 'reply', s.as.street, { reply: '已处理' });
      const failed = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: false });
      expect(failed.json().case).toMatchObject({ status: 'replied', counts: { callbackAttempts: 1 } });
      const missing = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: true });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.field).toBe('resolved');
      clock.advance(86_400_000);
      const redo = await post(`/api/hotline/cases/${c.id}/callback`, s.as.operator, { reached: true, resolved: false, satisfaction: 'dissatisfied', note: '灯还是不亮' });
      expect(redo.json().case).toMatchObject({ status: 'in_progress', counts: { redo: 1, callbackAttempts: 2 }, satisfaction: 'dissatisfied', deadlines: { handling: '2026-12-08T10:00:00+08:00' } });
      clock.set(new Date('2026-11-30T02:00:00Z'));
    });

    it('closes without callback, reopens to the same office, and refuses illegal steps with the allowed ones', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      const early = await act(c.id, 'reply', s.as.street, { reply: 'x' });
      expect(early.status).toBe(409);
      expect(early.body.error.details).toEqual({ status: 'dispatched', action: 'reply', allowed: ['redispatch', 'dispute', 'accept', 'merge', 'transfer'] });
      await ok(c.id, 'accept', s.as.street);
      await ok(c.id, 'reply', s.as.street, { reply: '已修复' });
      let x = await ok(c.id, 'close', s.as.operator, { reason: '三次回访未接通' });
      expect(x.status).toBe('closed');
      x = await ok(c.id, 'reopen', s.as.operator, { reason: '市民再次来电' });
      expect(x).toMatchObject({ status: 'dispatched', org: { code: '110101001-street' }, counts: { reopen: 1 } });
    });

    it('merges duplicates into a primary whose reply and closing reach every merged citizen', async () => {
      const primary = await file();
      const dup = await file({ ...light, citizen: { name: '李娜', phone: '13900001111' } });
      let x = await ok(dup.id, 'merge', s.as.operator, { into: primary.number });
      expect(x).toMatchObject({ status: 'merged', mergedInto: primary.id });
      expect((await act(dup.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' })).status).toBe(409);
      expect((await act(primary.id, 'merge', s.as.operator, { into: primary.id })).body.error.field).toBe('into');
      expect((await act(primary.id, 'merge', s.as.operator, { into: dup.id })).body.error.field).toBe('into');
      await ok(primary.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      await ok(primary.id, 'accept', s.as.street);
      await ok(primary.id, 'reply', s.as.street, { reply: '已修复路灯' });
      await post(`/api/hotline/cases/${primary.id}/callback`, s.as.operator, { reached: true, resolved: true, satisfaction: 'satisfied' });
      await s.kernel.outbox.drain();
      while ((await s.kernel.deliverNotifications()).sent > 0);
      const toDup = await listNotifications(s.kernel.db, '110000', { ref: dup.id });
      expect(toDup.map((n) => n.template).sort()).toEqual(['hotline.case.closed', 'hotline.case.received', 'hotline.case.replied']);
      expect(toDup.map((n) => [n.status, n.recipientMasked])).toEqual(Array(3).fill(['sent', '139****1111']));
      x = (await get(`/api/hotline/cases/${primary.id}/timeline`, s.as.operator)).json();
      expect((x.timeline as Json[]).some((e) => e.action === 'merged_in' && e.data.caseId === dup.id)).toBe(true);
    });

    it('transfers a request outside government duty to a known target only', async () => {
      const c = await file({ kind: 'help', description: '有人打架', lon: 1.5, lat: 0.5 });
      expect((await act(c.id, 'transfer', s.as.operator, { target: 'mars' })).body.error.field).toBe('target');
      const x = await ok(c.id, 'transfer', s.as.operator, { target: 'police-110', note: '转110' });
      expect(x).toMatchObject({ status: 'transferred', transferTarget: 'police-110', actions: [] });
    });
  });

  describe('who sees what', () => {
    it('shows a handler only the cases of their office; another office gets 404', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      expect((await get(`/api/hotline/cases/${c.id}`, s.as.street)).statusCode).toBe(200);
      expect((await get(`/api/hotline/cases/${c.id}`, s.as.xicheng)).statusCode).toBe(404);
      expect((await act(c.id, 'accept', s.as.xicheng)).status).toBe(404);
      expect((await act(c.id, 'accept', s.as.cgw)).status).toBe(404);
      const mine = (await get('/api/hotline/cases?limit=500', s.as.xicheng)).json().cases as Json[];
      expect(mine.every((x) => x.org?.code === '110102-cgw' || x.org === null)).toBe(true);
      // The supervising district centre sees it and may approve; it cannot accept it.
      expect((await get(`/api/hotline/cases/${c.id}`, s.as.centre)).json().case.actions).toEqual([]);
      expect((await act(c.id, 'accept', s.as.centre)).status).toBe(403);
    });

    it('never shows the reporter of a confidential report to the office, not even masked', async () => {
      const c = await file({ ...light, kind: 'report', description: '举报某施工单位夜间违规施工', category: '010201', attributes: {} });
      expect(c.citizen.confidential).toBe(true);
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101-cgw' });
      const seen = (await get(`/api/hotline/cases/${c.id}`, s.as.cgw)).json().case;
      expect(seen.citizen).toMatchObject({ name: null, phone: null, withheld: true });
      const reveal = await post(`/api/hotline/cases/${c.id}/reveal`, s.as.cgw, { field: 'phone' });
      expect(reveal.statusCode).toBe(403);
      const op = await post(`/api/hotline/cases/${c.id}/reveal`, s.as.operator, { field: 'phone' });
      expect(op.json()).toEqual({ field: 'phone', value: '13812345678' });
      const audit = (await get(`/api/core/audit?resourceType=hotline_case&resourceId=${c.id}&action=core.pii.read`, s.as.admin)).json().entries;
      expect(audit).toHaveLength(1);
    });

    it('lets a citizen see and rate only their own cases', async () => {
      const mine = await file({ ...light, channel: 'app' }, s.as.citizen);
      expect((await get(`/api/hotline/cases/${mine.id}`, s.as.citizen)).statusCode).toBe(200);
      expect((await get(`/api/hotline/cases/${mine.id}`, s.as.citizen2)).statusCode).toBe(404);
      await ok(mine.id, 'accept', s.as.street);
      await ok(mine.id, 'reply', s.as.street, { reply: '已修复' });
      const rate = await post(`/api/hotline/cases/${mine.id}/callback`, s.as.citizen, { reached: true, resolved: true, satisfaction: 'basically_satisfied', channel: 'web' });
      expect(rate.json().case).toMatchObject({ status: 'closed', satisfaction: 'basically_satisfied' });
    });

    it('finds a caller’s earlier cases by the keyed hash of the number', async () => {
      const phone = '13566667777';
      const first = await file({ ...light, citizen: { phone } });
      const second = await file({ ...light, citizen: { phone: '+86 135 6666 7777' } });
      const h = (await get(`/api/hotline/cases/${second.id}/caller-history`, s.as.operator)).json().cases as Json[];
      expect(h.map((c) => c.id)).toEqual([first.id]);
      const lookup = (await post('/api/hotline/callers/lookup', s.as.operator, { phone })).json().cases as Json[];
      expect(lookup.map((c) => c.id).sort()).toEqual([second.id, first.id].sort());
      expect((await post('/api/hotline/callers/lookup', s.as.street, { phone })).statusCode).toBe(403);
    });
  });

  describe('attachments', () => {
    it('stores an uploaded photo, lists it, serves it to who may see the case only', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      const form = new FormData();
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 7)]);
      form.append('file', new Blob([png], { type: 'image/png' }), '路灯.png');
      const res = await s.app.inject({ method: 'POST', url: `/api/hotline/cases/${c.id}/attachments`, headers: s.as.operator, payload: form });
      expect(res.statusCode, res.body).toBe(201);
      const att = res.json().attachment;
      expect(att).toMatchObject({ name: '路灯.png', contentType: 'image/png', size: png.length, stored: true });
      const list = (await get(`/api/hotline/cases/${c.id}/attachments`, s.as.street)).json().attachments;
      expect(list.map((a: Json) => a.id)).toEqual([att.id]);
      const bytes = await get(att.url, s.as.street);
      expect(bytes.statusCode).toBe(200);
      expect(bytes.rawPayload.equals(png)).toBe(true);
      expect((await get(att.url, s.as.xicheng)).statusCode).toBe(404);
      const ref = await post(`/api/hotline/cases/${c.id}/attachments`, s.as.street, { name: '现场视频', contentType: 'video/mp4', url: 'https://media.example.org/v/123.mp4' });
      expect(ref.statusCode).toBe(201);
      const redirect = await get(ref.json().attachment.url, s.as.operator);
      expect(redirect.statusCode).toBe(302);
      expect(redirect.headers.location).toBe('https://media.example.org/v/123.mp4');
      const bad = await post(`/api/hotline/cases/${c.id}/attachments`, s.as.street, { name: 'x', contentType: 'application/x-msdownload', url: 'https://e.org/x.exe' });
      expect(bad.json().error.field).toBe('contentType');
      const noUrl = await post(`/api/hotline/cases/${c.id}/attachments`, s.as.street, { name: 'x', contentType: 'image/png', url: 'javascript:alert(1)' });
      expect(noUrl.json().error.field).toBe('url');
      expect((await post(`/api/hotline/cases/${c.id}/attachments`, s.as.xicheng, { name: 'x', contentType: 'image/png', url: 'https://e.org/x.png' })).statusCode).toBe(404);
      const t = (await get(`/api/hotline/cases/${c.id}/timeline`, s.as.operator)).json().timeline as Json[];
      expect(t.filter((e) => e.action === 'attachment_added')).toHaveLength(2);
    });
  });

  describe('queues', () => {
    it('pages with a cursor and filters by status, category, region, office and text', async () => {
      const p1 = (await get('/api/hotline/cases?limit=3', s.as.admin)).json();
      expect(p1.cases).toHaveLength(3);
      const p2 = (await get(`/api/hotline/cases?limit=3&cursor=${p1.next}`, s.as.admin)).json();
      expect(p2.cases.map((c: Json) => c.id).some((id: string) => p1.cases.some((c: Json) => c.id === id))).toBe(false);
      expect(p1.cases[2].id > p2.cases[0].id).toBe(true);
      const closed = (await get('/api/hotline/cases?status=closed,merged', s.as.admin)).json().cases as Json[];
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.every((c) => ['closed', 'merged'].includes(c.status))).toBe(true);
      expect(((await get('/api/hotline/cases?region=110102', s.as.admin)).json().cases as Json[]).every((c) => c.location.regionCode.startsWith('110102'))).toBe(true);
      expect(((await get('/api/hotline/cases?category=0101', s.as.admin)).json().cases as Json[]).every((c) => c.category.code.startsWith('0101'))).toBe(true);
      expect(((await get('/api/hotline/cases?org=110101-cgw', s.as.admin)).json().cases as Json[]).every((c) => c.org.code === '110101-cgw')).toBe(true);
      expect(((await get(`/api/hotline/cases?q=${encodeURIComponent('夜间违规施工')}`, s.as.admin)).json().cases as Json[]).length).toBe(1);
      const bad = await get('/api/hotline/cases?status=lost', s.as.admin);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('status');
      expect((await get('/api/hotline/cases?cursor=bm9wZQ', s.as.admin)).json().error.field).toBe('cursor');
    });

    it('exports a queue as CSV and XLSX with masked contact only', async () => {
      const csv = await get('/api/hotline/cases/export?format=csv&status=closed', s.as.operator);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const text = csv.rawPayload.toString('utf8');
      expect(text).toContain('工单号 Number');
      expect(text).toContain('138****5678');
      expect(text).not.toContain('13812345678');
      const xlsx = await get('/api/hotline/cases/export?format=xlsx&status=closed', s.as.operator);
      expect(xlsx.statusCode).toBe(200);
      const [sheet] = await readXlsxFile(xlsx.rawPayload);
      const rows = sheet!.data;
      expect(rows[0]![0]).toBe('工单号 Number');
      expect(rows.length).toBe(text.trim().split('\r\n').length);
    });

    it('lists overdue cases once their deadline passed, warns and escalates once, to office and supervisor', async () => {
      const c = await file();
      await ok(c.id, 'dispatch', s.as.dispatcher, { org: '110101001-street' });
      // Response limit: 2 working hours from Monday 10:00 → 12:00; warning at 20 % left → 11:36.
      clock.set(new Date('2026-11-30T03:40:00Z'));
      expect(await scanDeadlines(s.kernel)).toMatchObject({ warned: expect.any(Number) });
      let x = (await get(`/api/hotline/cases/${c.id}`, s.as.operator)).json().case;
      expect(x.deadlines.warned).toEqual(['response']);
      clock.set(new Date('2026-11-30T04:01:00Z'));
      await scanDeadlines(s.kernel);
      await scanDeadlines(s.kernel);
      x = (await get(`/api/hotline/cases/${c.id}`, s.as.operator)).json().case;
      expect(x.deadlines.overdue).toEqual(['response']);
      const overdue = (await get('/api/hotline/cases?overdue=true&limit=500', s.as.operator)).json().cases as Json[];
      expect(overdue.map((o) => o.id)).toContain(c.id);
      const t = (await get(`/api/hotline/cases/${c.id}/timeline`, s.as.operator)).json().timeline as Json[];
      expect(t.filter((e) => e.action === 'overdue_escalated')).toHaveLength(1);
      expect(t.find((e) => e.action === 'overdue_escalated')?.data.supervisor).toBe('110101-12345');
      await s.kernel.outbox.drain();
      const escalations = await listNotifications(s.kernel.db, '110000', { template: 'hotline.case.escalated' });
      expect(escalations.some((n) => n.recipientRef === '110101-12345')).toBe(true);
      clock.set(new Date('2026-11-30T02:00:00Z'));
    });

    it('erases personal data after the retention period and leaves the case anonymised', async () => {
      const c = await file({ ...light, citizen: { name: '王芳', phone: '13700007777' } });
      await ok(c.id, 'transfer', s.as.operator, { target: 'police-110' });
      clock.set(new Date('2029-01-01T00:00:00Z'));
      expect(await erasePersonalData(s.kernel)).toBeGreaterThan(0);
      const x = (await get(`/api/hotline/cases/${c.id}`, s.as.operator)).json().case;
      expect(x.citizen).toMatchObject({ name: null, phone: null, anonymised: true });
      expect((await post(`/api/hotline/cases/${c.id}/reveal`, s.as.operator, { field: 'phone' })).json().value).toBeNull();
      expect((await post('/api/hotline/callers/lookup', s.as.operator, { phone: '13700007777' })).json().cases).toEqual([]);
      clock.set(new Date('2026-11-30T02:00:00Z'));
    });
  });
});
