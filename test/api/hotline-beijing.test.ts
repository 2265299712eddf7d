import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { testService, type TestService } from '../support/service.js';
import { signIn } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { ensureDemoAccounts } from '../../src/core/demo.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';

type Json = Record<string, any>;
const packDir = path.resolve('packs/beijing');

// The Beijing demo pack as `npm start` serves it: real districts, 700 organisations, the
// taxonomy, the catalog and the demo accounts. The demo handler works at 朝阳区建外街道.
describe.skipIf(!existsSync(path.join(packDir, 'hotline', 'dispatch.json')))('the hotline on the Beijing demo pack', () => {
  let s: TestService;
  const as: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, hotlineModule] });
    await importPack(s.kernel, s.system, packDir, s.packLoaders);
    for (const login of await ensureDemoAccounts(s.kernel)) as[login.username] = (await signIn(s, login.username, login.password)).headers;
  }, 180_000);
  afterAll(() => s?.close());

  const post = (url: string, who: string, payload: Json = {}) => s.app.inject({ method: 'POST', url, headers: as[who], payload });
  const get = (url: string, who: string) => s.app.inject({ method: 'GET', url, headers: as[who] });
  const propose = async (category: string, lon: number, lat: number) => (await get(`/api/hotline/dispatch/propose?category=${category}&lon=${lon}&lat=${lat}`, 'dispatcher')).json();

  it('proposes offices the way the catalog says, with the rule in the reason', async () => {
    // Rubbish collection at 建外街道 (a point in 朝阳区 plus the street's name) → the street office.
    const rubbish = await s.app.inject({ method: 'POST', url: '/api/hotline/cases', headers: as.operator, payload: { kind: 'complaint', category: '010701', description: '建外街道永安里小区垃圾三天没人清运', lon: 116.4434, lat: 39.9057, address: '朝阳区建外街道永安里', attributes: { waste_type: 'kitchen' } } });
    expect(rubbish.statusCode, rubbish.body).toBe(201);
    expect(rubbish.json().case.location.regionCode).toBe('110105001026'); // 永安里社区, inside 建外街道
    expect(rubbish.json().case.proposal).toMatchObject({ org: { code: '110105001-street' }, ruleId: 17 });
    // Street lights in 朝阳区 go to its urban management commission (a rule for that district only).
    expect(await propose('010101', 116.4434, 39.9057)).toMatchObject({ org: { code: '110105-cgw' }, ruleId: 82, regionCode: '110105' });
    // A water outage in 东城区 goes to the city's water company; in 密云区 to the district's water authority.
    expect((await propose('060101', 116.4166, 39.9288)).org.code).toBe('110000-water');
    expect((await propose('060101', 116.8432, 40.3763)).org.code).toBe('110118-swj');
  });

  it('carries a request from the operator to the demo street office and back to closed', async () => {
    const filed = await s.app.inject({
      method: 'POST',
      url: '/api/hotline/cases',
      headers: { ...as.operator, 'idempotency-key': 'demo-call-1' },
      payload: { kind: 'complaint', category: '010704', description: '建外街道光华路人行道落叶和垃圾很多，没人清扫', lon: 116.4512, lat: 39.9131, address: '朝阳区建外街道光华路', citizen: { name: '刘洋', phone: '13911112222' } },
    });
    const c = filed.json().case as Json;
    expect(c.proposal.org.code).toBe('110105001-street');
    expect((await post(`/api/hotline/cases/${c.id}/dispatch`, 'dispatcher', { org: c.proposal.org.code })).json().case.status).toBe('dispatched');
    const queue = (await get('/api/hotline/cases?status=dispatched', 'handler')).json().cases as Json[];
    expect(queue.map((q) => q.id)).toContain(c.id);
    expect(queue.find((q) => q.id === c.id)?.actions).toEqual(['dispute', 'accept']);
    expect((await post(`/api/hotline/cases/${c.id}/accept`, 'handler')).json().case.status).toBe('accepted');
    expect((await post(`/api/hotline/cases/${c.id}/request-extension`, 'handler', { reason: '需协调环卫公司', until: new Date(Date.now() + 20 * 86_400_000).toISOString() })).json().case.status).toBe('extension_requested');
    expect((await post(`/api/hotline/cases/${c.id}/approve-extension`, 'supervisor')).json().case.status).toBe('in_progress');
    expect((await post(`/api/hotline/cases/${c.id}/reply`, 'handler', { reply: '已安排环卫工人每日清扫两次。' })).json().case.status).toBe('replied');
    const closed = await post(`/api/hotline/cases/${c.id}/callback`, 'operator', { reached: true, resolved: true, satisfaction: 'satisfied' });
    expect(closed.json().case.status).toBe('closed');
    const steps = ((await get(`/api/hotline/cases/${c.id}/timeline`, 'operator')).json().timeline as Json[]).map((e) => e.action);
    expect(steps).toEqual(['receive', 'dispatch', 'accept', 'request_extension', 'approve_extension', 'reply', 'callback']);
  });

  it('answers an inquiry at intake from the knowledge base', async () => {
    const found = (await get(`/api/hotline/kb?q=${encodeURIComponent('暖气什么时候开始供暖')}`, 'operator')).json().articles as Json[];
    expect(found.length).toBeGreaterThan(0);
    const article = found[0]!;
    const res = await s.app.inject({ method: 'POST', url: '/api/hotline/cases', headers: as.operator, payload: { kind: 'inquiry', description: '请问今年什么时候开始供暖？', answer: { reply: article.snippet, kbCode: article.code } } });
    expect(res.json().case).toMatchObject({ status: 'answered', kb: { code: article.code, version: article.version } });
  });
});
