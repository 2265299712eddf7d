import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { hotlineTestService, type HotlineTestService } from '../support/hotline.js';
import { createManualClock } from '../../src/core/clock.js';
import { createToken, revokeToken } from '../../src/core/auth/tokens.js';
import { listNotifications } from '../../src/core/notify.js';

// A conformance suite written from the GeoReport v2 spec (http://wiki.open311.org/GeoReport_v2)
// and Service Discovery (http://wiki.open311.org/Service_Discovery).

type Json = Record<string, any>;
type Fields = Record<string, string | string[] | undefined>;

const base = '/open311/v2';
const w3c = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d\d:\d\d|Z)$/;
const dayMs = 86_400_000;

// The item element of each list in the XML format.
const items: Record<string, string> = { services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format', errors: 'error', status_history: 'entry' };
const xml = new XMLParser({ parseTagValue: false, isArray: (name, jpath) => items[String(jpath).split('.').slice(-2)[0]!] === name });

/** What a JSON answer looks like once written as Open311 XML and read back: lists wrapped, scalars text, null empty. */
function asXml(v: unknown, name = ''): unknown {
  if (v === null) return '';
  if (Array.isArray(v)) return v.length ? { [items[name]!]: v.map((x) => asXml(x, items[name])) } : '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, asXml(x, k)]));
  return String(v);
}

const form = (fields: Fields) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of v === undefined ? [] : Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

describe.each(testDrivers())('Open311 GeoReport v2 (%s)', (driver) => {
  let s: HotlineTestService;
  // Monday 2026-11-30 10:00 Beijing time: a working day.
  const clock = createManualClock(new Date('2026-11-30T02:00:00Z'));
  beforeAll(async () => {
    s = await hotlineTestService({ driver, clock });
  }, 120_000);
  afterAll(() => s?.close());

  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url: url.startsWith('/api') ? url : base + url, headers });
  const post = (format: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url: `${base}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
  const light = (): Fields => ({
    api_key: s.apiKey,
    service_code: '010101',
    lat: '0.5',
    long: '1.5',
    address_string: '东城区东华门街道东华门大街',
    'attribute[since]': 'week',
    'attribute[lamp_id]': 'DC-0042',
    description: '路灯不亮好几天了',
    first_name: '伟',
    last_name: '张',
    phone: '13812345678',
    email: 'zhang.wei@example.com',
  });
  const submit = (overrides: Fields = {}, format = 'json', headers: Record<string, string> = {}) => {
    clock.advance(1000);
    return post(format, form({ ...light(), ...overrides }), headers);
  };
  const file = async (overrides: Fields = {}) => {
    const res = await submit(overrides);
    expect(res.statusCode, res.body).toBe(201);
    return res.json()[0] as { service_request_id: string; token: string };
  };
  const caseCount = async () => (await sql<{ n: number }>`select count(*)::int as n from hotline_cases`.execute(s.kernel.db)).rows[0]!.n;
  const native = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: Json) => {
    const res = await s.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: payload ?? {} } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as Json;
  };
  /** GETs a resource in both formats; checks the content types and the XML declaration, and that both say the same. */
  const both = async (resource: string, query = '') => {
    const [j, x] = [await get(`${resource}.json${query}`), await get(`${resource}.xml${query}`)];
    expect(j.statusCode, j.body).toBe(x.statusCode);
    expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(x.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const json = j.json();
    const parsed = xml.parse(x.body) as Json;
    const root = Object.keys(parsed).find((r) => r !== '?xml')!;
    expect(parsed[root]).toEqual(asXml(json, root));
    return { status: j.statusCode, json, root };
  };
  const expectError = (res: { statusCode: number; headers: Json; body: string }, code: number, format: 'json' | 'xml', description: RegExp) => {
    expect(res.statusCode, res.body).toBe(code);
    if (format === 'json') {
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(res.body)).toEqual([{ code, description: expect.stringMatching(description) }]);
    } else {
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(xml.parse(res.body).errors).toEqual({ error: [{ code: String(code), description: expect.stringMatching(description) }] });
    }
  };

  describe('service discovery', () => {
    it('names GeoReport v2 at the absolute URL of this server, in production, in both formats', async () => {
      const { json, root } = await both('/discovery');
      expect(root).toBe('discovery');
      expect(json.changeset).toMatch(w3c);
      expect(json.contact).toContain('12345');
      expect(json.key_service).toMatch(/api_key/);
      expect(json.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/open311\/v2$/), changeset: json.changeset, type: 'production', formats: ['text/xml', 'application/json'] }]);
      const behind = (await get('/discovery.json', { host: 'city.example.org' })).json();
      expect(behind.endpoints[0].url).toBe('http://city.example.org/open311/v2');
    });
  });

  it('documents every resource in both formats in the OpenAPI document', async () => {
    const paths = Object.keys((await s.app.inject({ method: 'GET', url: '/docs/json' })).json().paths);
    for (const r of ['discovery', 'services', 'services/{code}', 'requests', 'requests/{id}', 'tokens/{token}']) for (const f of ['json', 'xml']) expect(paths).toContain(`${base}/${r}.${f}`);
  });

  describe('GET services and service definitions', () => {
    it('lists one realtime service per leaf category, with its group, path and keywords', async () => {
      const { json, root } = await both('/services');
      expect(root).toBe('services');
      expect(json.map((x: Json) => x.service_code)).toEqual(['010101', '010102', '010201', '020101', '030101']);
      expect(json[0]).toEqual({ service_code: '010101', service_name: '路灯不亮', description: '城乡建设/市政设施/路灯不亮', metadata: true, type: 'realtime', keywords: '路灯', group: '城乡建设' });
      expect(json.filter((x: Json) => x.metadata).map((x: Json) => x.service_code)).toEqual(['010101']);
    });

    it('names the services in English with locale=en', async () => {
      const { json } = await both('/services', '?locale=en');
      expect(json[0]).toMatchObject({ service_name: 'Street light out', description: 'Urban construction / Municipal facilities / Street light out', group: 'Urban construction' });
    });

    it('defines a service’s attributes in their order, with the values of a list', async () => {
      const { json, root } = await both('/services/010101');
      expect(root).toBe('service_definition');
      expect(json).toEqual({
        service_code: '010101',
        attributes: [
          { variable: true, code: 'lamp_id', datatype: 'string', required: false, datatype_description: '', order: 1, description: '灯杆编号' },
          {
            variable: true,
            code: 'since',
            datatype: 'singlevaluelist',
            required: true,
            datatype_description: '',
            order: 2,
            description: '不亮多久了',
            values: [{ key: 'today', name: '今天' }, { key: 'week', name: '一周内' }, { key: 'long', name: '更久' }],
          },
        ],
      });
      expect((await both('/services/030101')).json).toEqual({ service_code: '030101', attributes: [] });
    });

    it.each([
      ['an unknown code', '999999'],
      ['a category that is not a leaf', '0101'],
    ])('answers 404 for %s, in either format', async (_what, code) => {
      expectError(await get(`/services/${code}.json`), 404, 'json', new RegExp(`no service ${code}`));
      expectError(await get(`/services/${code}.xml`), 404, 'xml', new RegExp(`no service ${code}`));
    });

    it('answers 400 to a jurisdiction_id of another city', async () => {
      expectError(await get('/services.xml?jurisdiction_id=310000'), 400, 'xml', /jurisdiction_id 310000/);
      expect((await get('/services.json?jurisdiction_id=110000')).statusCode).toBe(200);
    });
  });

  describe('POST service request', () => {
    it('takes a form-encoded request and answers 201 with the service_request_id and the token, in XML', async () => {
      const res = await submit({}, 'xml');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      const [request] = xml.parse(res.body).service_requests.request;
      expect(request).toEqual({ service_request_id: expect.stringMatching(/^\d{14}$/), token: expect.stringMatching(/^[\w-]{16}$/), service_notice: '', account_id: '' });
    });

    it('takes the same request as JSON, with attributes as an object', async () => {
      const { 'attribute[since]': _since, 'attribute[lamp_id]': _lamp, ...rest } = light();
      clock.advance(1000);
      const res = await s.app.inject({ method: 'POST', url: `${base}/requests.json`, payload: { ...rest, lat: 0.5, long: 1.5, attribute: { since: 'today' } } });
      expect(res.statusCode, res.body).toBe(201);
      const [r] = res.json();
      expect(r).toEqual({ service_request_id: expect.stringMatching(/^\d{14}$/), token: expect.any(String), service_notice: '', account_id: null });
      const c = (await native('GET', `/api/hotline/cases/${r.service_request_id}`, s.as.operator)).case;
      expect(c).toMatchObject({ channel: 'open311', kind: 'help', attributes: { since: 'today' }, citizen: { name: '张*', phone: '138****5678' } });
    });

    it('accepts an address_string alone as the location, and no description (the service name stands for it)', async () => {
      const r = await file({ lat: undefined, long: undefined, description: undefined });
      const [one] = (await get(`/requests/${r.service_request_id}.json`)).json();
      expect(one).toMatchObject({ description: '路灯不亮', address: '东城区东华门街道东华门大街', lat: null, long: null });
    });

    const bad: [string, Fields, RegExp][] = [
      ['no service_code', { service_code: undefined }, /service_code is required/],
      ['an unknown service_code', { service_code: '999999' }, /service_code 999999 is not a service/],
      ['a service_code that is not a leaf', { service_code: '0101' }, /service_code 0101 is not a service/],
      ['a required attribute missing', { 'attribute[since]': undefined }, /attribute\[since\] is required/],
      ['a value not in the singlevaluelist', { 'attribute[since]': 'yesterday' }, /attribute\[since\] must be one of today, week, long/],
      ['an attribute the service does not define', { 'attribute[colour]': 'red' }, /attribute\[colour\] is not an attribute/],
      ['two values for a singlevaluelist', { 'attribute[since][]': ['week', 'today'], 'attribute[since]': undefined }, /attribute\[since\] is given 2 times/],
      ['a description of 4001 characters', { description: '灯'.repeat(4001) }, /description is 4001 characters; at most 4000/],
      ['lat without long', { long: undefined }, /lat is given without long/],
      ['long without lat', { lat: undefined }, /long is given without lat/],
      ['lat 91', { lat: '91' }, /lat 91 is outside −90\.\.90/],
      ['long -181', { long: '-181' }, /long -181 is outside −180\.\.180/],
      ['a lat that is not a number', { lat: '0.5N' }, /lat must be a decimal number/],
      ['no location at all', { lat: undefined, long: undefined, address_string: undefined }, /a location is required/],
      ['a jurisdiction_id of another city', { jurisdiction_id: '310000' }, /jurisdiction_id 310000 is not served here/],
      ['a media_url that is not http(s)', { media_url: 'javascript:alert(1)' }, /media_url must be an http\(s\) URL/],
      ['a phone that is not one', { phone: '12' }, /phone must be 5 to 15 digits/],
      ['an e-mail that is not one', { email: 'nobody' }, /email is not an e-mail address/],
      ['service_code given twice', { service_code: ['010101', '010102'] }, /service_code is given 2 times/],
    ];
    it.each(bad)('answers 400 to %s, in both formats, and stores nothing', async (_what, fields, description) => {
      const before = await caseCount();
      expectError(await submit(fields, 'json'), 400, 'json', description);
      expectError(await submit(fields, 'xml'), 400, 'xml', description);
      expect(await caseCount()).toBe(before);
    });

    it('answers 400 to a body that is not UTF-8, raw or percent-escaped, form or JSON', async () => {
      const before = await caseCount();
      const raw = Buffer.concat([Buffer.from(form(light()) + '&description='), Buffer.from([0xc3, 0x28, 0xff])]);
      expectError(await post('xml', raw), 400, 'xml', /not valid UTF-8/);
      expectError(await post('json', form({ ...light(), description: undefined }) + '&description=%C3%28'), 400, 'json', /not valid UTF-8/);
      const json = Buffer.concat([Buffer.from(`{"api_key":"${s.apiKey}","service_code":"010101","address_string":"`), Buffer.from([0xe4, 0xb8]), Buffer.from('"}')]);
      expectError(await post('json', json, { 'content-type': 'application/json' }), 400, 'json', /not valid UTF-8/);
      expectError(await post('json', '{"api_key":', { 'content-type': 'application/json' }), 400, 'json', /not valid JSON/);
      expectError(await post('xml', form(light()), { 'content-type': 'text/plain' }), 400, 'xml', /application\/x-www-form-urlencoded/);
      expect(await caseCount()).toBe(before);
    });

    it('answers 400 to a body over the server’s body limit', async () => {
      expectError(await post('json', form({ ...light(), description: 'a'.repeat(s.config.bodyLimitBytes) })), 400, 'json', /larger than the limit/);
    });

    it('answers 403 to a missing, forged, revoked or non-Open311 api_key, before anything else', async () => {
      const before = await caseCount();
      expectError(await submit({ api_key: undefined }, 'json'), 403, 'json', /api_key is required/);
      expectError(await submit({ api_key: undefined, service_code: undefined }, 'xml'), 403, 'xml', /api_key is required/);
      expectError(await submit({ api_key: 'o311_' + 'x'.repeat(43) }, 'xml'), 403, 'xml', /api_key is unknown, revoked or expired/);
      const app = await createToken(s.kernel, s.system, { kind: 'open311', name: 'soon-revoked' });
      expect((await submit({ api_key: app.token })).statusCode).toBe(201);
      await revokeToken(s.kernel, s.system, app.view.id);
      expectError(await submit({ api_key: app.token }, 'json'), 403, 'json', /api_key is unknown, revoked or expired/);
      const integration = await createToken(s.kernel, s.system, { kind: 'api', name: 'not-open311', roles: ['operator'] });
      expectError(await submit({ api_key: integration.token }, 'json'), 403, 'json', /api_key is unknown/);
      expect(await caseCount()).toBe(before + 1);
      // Some clients send api_key in the query string of the POST.
      const inQuery = await s.app.inject({ method: 'POST', url: `${base}/requests.json?api_key=${encodeURIComponent(s.apiKey)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...light(), api_key: undefined }) });
      expect(inQuery.statusCode, inQuery.body).toBe(201);
    });

    it('replays a request sent again with the same Idempotency-Key: same service_request_id, no second case', async () => {
      const body = form(light());
      const first = await post('json', body, { 'idempotency-key': 'o311-retry-1' });
      expect(first.statusCode, first.body).toBe(201);
      const before = await caseCount();
      const again = await post('xml', body, { 'idempotency-key': 'o311-retry-1' });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(xml.parse(again.body).service_requests.request[0].service_request_id).toBe(first.json()[0].service_request_id);
      expect(await caseCount()).toBe(before);
      expectError(await post('json', form({ ...light(), description: '别的事' }), { 'idempotency-key': 'o311-retry-1' }), 400, 'json', /Idempotency-Key was used for a different request/);
    });
  });

  describe('GET service requests', () => {
    it('shows one request as a list of one, the same in both formats, with public fields only', async () => {
      const r = await file({ description: 'Lamp <b>out</b> & "dark" — 路灯不亮' });
      const { json, root } = await both(`/requests/${r.service_request_id}`);
      expect(root).toBe('service_requests');
      expect(json).toHaveLength(1);
      const c = (await native('GET', `/api/hotline/cases/${r.service_request_id}`, s.as.operator)).case;
      expect(json[0]).toEqual({
        service_request_id: r.service_request_id,
        status: 'open',
        status_notes: 'dispatched: 已派单 Dispatched',
        service_name: '路灯不亮',
        service_code: '010101',
        description: 'Lamp <b>out</b> & "dark" — 路灯不亮',
        agency_responsible: '东华门街道办事处',
        service_notice: '',
        requested_datetime: c.receivedAt,
        updated_datetime: c.updatedAt,
        expected_datetime: c.deadlines.handling,
        address: '东城区东华门街道东华门大街',
        address_id: null,
        zipcode: null,
        lat: 0.5,
        long: 1.5,
        media_url: null,
      });
      for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(json[0][field]).toMatch(w3c);
      const text = JSON.stringify(json);
      for (const personal of ['13812345678', '138****5678', '张伟', '张*', 'zhang.wei@example.com', 'DC-0042']) expect(text).not.toContain(personal);
    });

    it('estimates expected_datetime from the deadline policy when no office has the request yet', async () => {
      const r = await file({ lat: undefined, long: undefined, address_string: '不知道在哪里' });
      const c = (await native('GET', `/api/hotline/cases/${r.service_request_id}`, s.as.operator)).case;
      expect(c.status).toBe('received');
      const [one] = (await get(`/requests/${r.service_request_id}.json`)).json();
      expect(one).toMatchObject({ status: 'open', status_notes: 'received: 已受理 Received', agency_responsible: null });
      expect(one.expected_datetime).toMatch(w3c);
      expect(Date.parse(one.expected_datetime)).toBeGreaterThan(Date.parse(one.requested_datetime));
    });

    it('answers 404 to an unknown request, token or format suffix, in the format asked (JSON when unknown)', async () => {
      expectError(await get('/requests/19990101000001.json'), 404, 'json', /no service request 19990101000001/);
      expectError(await get('/requests/19990101000001.xml'), 404, 'xml', /no service request/);
      expectError(await get('/tokens/no-such-token.xml'), 404, 'xml', /no service request with token no-such-token/);
      for (const url of ['/services.csv', '/requests.html', '/discovery', '/requests/19990101000001.yaml', '/nothing.json']) expectError(await get(url), 404, 'json', /no resource GET/);
    });

    it('exchanges a token for the service_request_id', async () => {
      const r = await file();
      const { json, root } = await both(`/tokens/${r.token}`);
      expect(root).toBe('service_requests');
      expect(json).toEqual([{ service_request_id: r.service_request_id, token: r.token }]);
    });

    it('hides the description of a confidential report (举报) and masks contacts typed into descriptions', async () => {
      const report = (await native('POST', '/api/hotline/cases', s.as.operator, { kind: 'report', category: '010201', description: '举报某工地夜间施工，举报人王五 13900001111', lon: 1.5, lat: 0.5 })).case;
      expect(report.citizen.confidential).toBe(true);
      const { json } = await both(`/requests/${report.number}`);
      expect(json[0].description).toBe('举报内容不公开 / confidential report');
      expect(JSON.stringify(json)).not.toMatch(/王五|13900001111/);
      const listed = (await get(`/requests.json?service_request_id=${report.number}`)).json();
      expect(listed[0].description).toBe('举报内容不公开 / confidential report');
      const r = await file({ description: '联系我 13712345678 或 someone@example.com，身份证 11010119900307123X' });
      const [one] = (await get(`/requests/${r.service_request_id}.json`)).json();
      expect(one.description).toBe('联系我 137****5678 或 ***@***，身份证 110101********123X');
    });

    it('shows a merged request as closed, merged into its primary', async () => {
      const primary = await file({ service_code: '010102', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: '井盖没了' });
      const merged = await file({ service_code: '010102', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: '这里井盖丢了' });
      await native('POST', `/api/hotline/cases/${merged.service_request_id}/merge`, s.as.operator, { into: primary.service_request_id });
      const [one] = (await both(`/requests/${merged.service_request_id}`)).json;
      expect(one).toMatchObject({ status: 'closed', status_notes: expect.stringContaining(`merged into ${primary.service_request_id}`) });

      // status filters by Open311's two statuses, comma-separated for both.
      const q = '?service_code=010102&status=';
      expect((await get(`/requests.json${q}closed`)).json().map((x: Json) => x.service_request_id)).toEqual([merged.service_request_id]);
      expect((await get(`/requests.json${q}open`)).json().map((x: Json) => x.service_request_id)).toEqual([primary.service_request_id]);
      expect((await get(`/requests.json${q}open,closed`)).json()).toHaveLength(2);
      expectError(await get(`/requests.xml${q}pending`), 400, 'xml', /status pending is not open or closed/);
    });

    it('filters by service_request_id (overriding every other argument) and by service_code lists', async () => {
      const a = await file({ service_code: '020101', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: '停水了' });
      const b = await file({ service_code: '020101', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: '又停水了' });
      const ids = (await both('/requests', `?service_request_id=${a.service_request_id},${b.service_request_id}&status=closed&service_code=010101&end_date=2000-01-01T00:00:00Z`)).json;
      expect(ids.map((x: Json) => x.service_request_id).sort()).toEqual([a.service_request_id, b.service_request_id].sort());
      const water = (await both('/requests', '?service_code=020101')).json;
      expect(water.map((x: Json) => x.service_request_id)).toEqual([b.service_request_id, a.service_request_id]);
      expect(water.every((x: Json) => x.agency_responsible === '北京市自来水集团')).toBe(true);
      const two = (await get('/requests.json?service_code=020101,010102')).json();
      expect(new Set(two.map((x: Json) => x.service_code))).toEqual(new Set(['020101', '010102']));
    });

    it('pages with page and page_size (extensions), newest first, and caps page_size at 1000', async () => {
      const made = [];
      for (let i = 0; i < 3; i++) made.push((await file({ service_code: '010201', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: `施工噪声 ${i}` })).service_request_id);
      const page = async (q: string) => (await get(`/requests.json?service_code=010201&${q}`)).json().map((x: Json) => x.service_request_id);
      const all = await page('');
      expect(all.slice(0, 3)).toEqual([...made].reverse());
      expect(await page('page_size=2')).toEqual(all.slice(0, 2));
      expect(await page('page=2&page_size=2')).toEqual(all.slice(2, 4));
      expect(await page('page=2')).toEqual(all.slice(50, 100));
      expectError(await get('/requests.json?page_size=1001'), 400, 'json', /page_size/);
      expectError(await get('/requests.xml?page=0'), 400, 'xml', /page/);
    });

    it('filters by start_date and end_date, defaults to the last 90 days, and refuses a backward or longer range', async () => {
      const now = clock.now();
      const at = async (daysAgo: number) => {
        clock.set(new Date(now.getTime() - daysAgo * dayMs));
        const r = await file({ service_code: '030101', 'attribute[since]': undefined, 'attribute[lamp_id]': undefined, description: `居住证 ${daysAgo}` });
        return r.service_request_id;
      };
      const [d100, d50, d1] = [await at(100), await at(50), await at(1)];
      clock.set(new Date(now.getTime() + 1000));
      const ids = async (q = '') => (await get(`/requests.json?service_code=030101${q}`)).json().map((x: Json) => x.service_request_id);
      const iso = (daysAgo: number) => new Date(now.getTime() - daysAgo * dayMs).toISOString();
      expect(await ids()).toEqual([d1, d50]);
      expect(await ids(`&start_date=${iso(120)}&end_date=${iso(40)}`)).toEqual([d50, d100]);
      expect(await ids(`&start_date=${iso(101)}`)).toEqual([d50, d100]);
      expect(await ids(`&end_date=${iso(45)}`)).toEqual([d50, d100]);
      const local = new Date(now.getTime() - 50 * dayMs + 8 * 3600_000).toISOString().slice(0, 10);
      expect(await ids(`&start_date=${local}&end_date=${local}`)).toEqual([d50]);
      expect(await ids(`&start_date=${encodeURIComponent(iso(51).replace('Z', '+08:00'))}&end_date=${encodeURIComponent(iso(2).replace('Z', '-05:00'))}`)).toEqual([d50]);
      expectError(await get(`/requests.json?start_date=${iso(10)}&end_date=${iso(20)}`), 400, 'json', /end_date is before start_date/);
      expectError(await get(`/requests.xml?start_date=${iso(100)}&end_date=${iso(1)}`), 400, 'xml', /spans more than 90 days/);
      expectError(await get('/requests.json?start_date=yesterday'), 400, 'json', /start_date must be a W3C datetime/);
      expectError(await get('/requests.json?end_date=2026-11-30T10:00:00'), 400, 'json', /end_date must be a W3C datetime with its zone/);
    });

    it('answers every datetime of a list with its zone offset', async () => {
      const list = (await both('/requests', '?extensions=true')).json;
      expect(list.length).toBeGreaterThan(10);
      for (const r of list) {
        for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(r[f]).toMatch(w3c);
        for (const h of r.extended_attributes.status_history) expect(h.datetime).toMatch(w3c);
      }
    });
  });

  it('DONE WHEN: an Open311 request in XML is dispatched to the street office, handled natively, closed, and the citizen is told', async () => {
    const res = await submit({ lat: '0.5', long: '1.5', address_string: '东城区东华门街道东华门大街12号', service_code: '010101', 'attribute[since]': 'week' }, 'xml');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const number = xml.parse(res.body).service_requests.request[0].service_request_id as string;

    const received = (await native('GET', `/api/hotline/cases/${number}`, s.as.operator)).case;
    expect(received).toMatchObject({ channel: 'open311', status: 'dispatched', org: { code: '110101001-street' }, location: { regionCode: '110101001' } });
    const id = received.id as string;
    // The outbox delivers after each step, as the running service would: the citizen hears in order.
    const deliver = async () => (await s.kernel.outbox.drain(), await s.kernel.deliverNotifications());
    await deliver();

    clock.advance(3600_000);
    await native('POST', `/api/hotline/cases/${id}/accept`, s.as.street);
    clock.advance(3600_000);
    await native('POST', `/api/hotline/cases/${id}/reply`, s.as.street, { reply: '已更换灯泡，路灯恢复照明。' });
    await deliver();
    clock.advance(3600_000);
    const closed = (await native('POST', `/api/hotline/cases/${id}/callback`, s.as.operator, { reached: true, resolved: true, satisfaction: 'satisfied' })).case;
    expect(closed.status).toBe('closed');

    const after = await get(`/requests/${number}.xml?extensions=true`);
    expect(after.statusCode, after.body).toBe(200);
    const [request] = xml.parse(after.body).service_requests.request;
    expect(request).toMatchObject({ service_request_id: number, status: 'closed', status_notes: 'closed: 已办结 Closed', agency_responsible: '东华门街道办事处' });
    expect(request.extended_attributes.status_history.entry.map((e: Json) => e.status_notes.split(':')[0])).toEqual(['received', 'dispatched', 'accepted', 'replied', 'closed']);
    expect(request.extended_attributes).toMatchObject({ channel: 'open311', native_status: 'closed' });

    const timeline = (await native('GET', `/api/hotline/cases/${id}/timeline`, s.as.operator)).timeline as Json[];
    expect(timeline.map((e) => e.action)).toEqual(['receive', 'dispatch', 'accept', 'reply', 'callback']);

    const audit = (await native('GET', `/api/core/audit?resourceType=hotline_case&resourceId=${id}`, s.as.admin)).entries as Json[];
    expect(audit.map((e) => e.action).reverse()).toEqual(['hotline.case.received', 'hotline.case.dispatch', 'hotline.case.accept', 'hotline.case.reply', 'hotline.case.callback']);

    await deliver();
    const sms = await listNotifications(s.kernel.db, '110000', { ref: id });
    expect(sms.map((n) => n.template)).toEqual(['hotline.case.received', 'hotline.case.replied', 'hotline.case.closed']);
    expect(sms.every((n) => n.channel === 'sms' && n.status === 'sent' && n.recipientMasked === '138****5678')).toBe(true);
    expect(sms[0]!.body).toContain(number);
  });
});
