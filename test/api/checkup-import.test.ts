import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { checkupTestService, csv, toyLibrary, type CheckupTestService } from './checkup-support.js';

type Json = Record<string, any>;

describe.each(testDrivers())('checkup import, template and standards (%s)', (driver) => {
  let s: CheckupTestService;
  beforeAll(async () => {
    s = await checkupTestService({ driver });
  });
  afterAll(() => s?.close());

  const post = (url: string, headers: Record<string, string>, payload: unknown) => s.app.inject({ method: 'POST', url, headers, payload: payload as Json });
  const postCsv = (text: string, headers: Record<string, string>, query = '') => s.app.inject({ method: 'POST', url: `/api/checkup/import${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: text });
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(s.kernel.db)).rows[0]!.n);

  it('lists the library with each indicator’s standard, plausible range and provider', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/checkup/indicators', headers: s.who.assessor });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.indicators).toHaveLength(14);
    expect(body.perTask).toMatchObject({ livable: 3, smart_governance: 4, green_low_carbon: 2 });
    expect(body.noProvider).toEqual([{ code: 'T10', provider: 'environment.good-air-days-share' }]);
    const t01 = body.indicators.find((d: Json) => d.code === 'T01');
    expect(t01).toMatchObject({ standard: { version: 1, target: 90, tier: 'national' }, plausible: { min: 0, max: 100 }, providerRegistered: null });
    expect(body.indicators.find((d: Json) => d.code === 'T06').providerRegistered).toBe(true);
    const livable = await s.app.inject({ method: 'GET', url: '/api/checkup/indicators?task=livable&level=block', headers: s.who.assessor });
    expect(livable.json().indicators.map((d: Json) => d.code)).toEqual(['T02']);
    expect((await s.app.inject({ method: 'GET', url: '/api/checkup/indicators', headers: s.who.handler })).statusCode).toBe(403);
  });

  it('refuses a file with bad rows row by row, and imports nothing of it', async () => {
    const before = await count('checkup_values');
    const file = csv([
      ['T01', '110101', 2025, 92, '%', '区住建委', '否', ''],
      ['T01', '110102', 2025, 88, '‰', '区住建委', '', ''],
      ['X99', '110101', 2025, 1, '', 'x', '', ''],
      ['T02', '120101', 2025, 2.1, '', 'x', '', ''],
      ['T01', '110101001', 2025, 150, '%', 'x', '', ''],
      ['T02', '110101', 2025, 'two', '', 'x', '', ''],
      ['T03', '110101', 2025, 3, '', 'x', '', 'B1|一号楼'],
      ['T06', '110101', 2025, 90, '%', 'x', '', ''],
      ['T01', '110101', 2025, 91, '%', '', '', ''],
    ]);
    const res = await postCsv(file, s.who.analyst);
    expect(res.statusCode, res.body).toBe(400);
    const err = res.json().error;
    expect(err).toMatchObject({ kind: 'invalid', field: 'file' });
    expect(err.details.status).toBe('rejected');
    expect(err.details.errors.map((e: Json) => `${e.line}:${e.field}:${e.reason}`)).toEqual([
      '3:unit:wrong_unit',
      '4:code:unknown_indicator',
      '5:region:unknown_region',
      '6:value:out_of_range',
      '7:value:not_numeric',
      '8:value:count_mismatch',
      '9:code:computed_indicator',
      '10:source:missing',
    ]);
    expect(err.details.errors[0].message).toEqual({ zh: '单位与指标的单位不符', en: 'the unit differs from the indicator’s unit' });
    expect(await count('checkup_values')).toBe(before);
    // The refusal is recorded, with its errors and an audit entry.
    const imp = await sql<{ applied: number; errors: unknown[] }>`select applied, errors from checkup_imports where id = ${err.details.id}`.execute(s.kernel.db);
    expect(imp.rows[0]).toMatchObject({ applied: 0 });
    expect(imp.rows[0]!.errors).toHaveLength(8);
    const audit = await sql<{ action: string }>`select action from core_audit where resource_id = ${err.details.id}`.execute(s.kernel.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['checkup.import.rejected']);
  });

  it('checks without writing on a dry run, and imports the good rows with --partial', async () => {
    const file = csv([
      ['T01', '110101', 2025, 92, '%', '区住建委', '否', ''],
      ['T01', '110102', 2025, 'n/a', '%', '区住建委', '', ''],
    ]);
    const dry = await postCsv(file, s.who.analyst, '?dryRun=true');
    expect(dry.json()).toMatchObject({ id: null, status: 'checked', applied: 0, rows: 2 });
    expect((await s.app.inject({ method: 'GET', url: '/api/checkup/values?region=110101&year=2025', headers: s.who.analyst })).json().values).toEqual([]);
    const partial = await postCsv(file, s.who.analyst, '?partial=true');
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json()).toMatchObject({ status: 'partial', applied: 1, rows: 2 });
    expect(partial.json().errors.map((e: Json) => e.reason)).toEqual(['not_numeric']);
    const values = (await s.app.inject({ method: 'GET', url: '/api/checkup/values?region=110101&year=2025', headers: s.who.analyst })).json().values;
    expect(values).toMatchObject([{ code: 'T01', value: 92, origin: 'import', source: '区住建委', sample: false }]);
  });

  it('writes a template that imports back as it is, CSV and XLSX', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/checkup/template?format=csv&year=2025', headers: s.who.analyst });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    // Imported indicators only (T01, T02, T03, T04, T12) × the city, 市辖区 and two districts.
    expect(lines).toHaveLength(1 + 5 * 4);
    expect(lines[0]).toContain('指标代码 code');
    const t01 = lines.find((l) => l.startsWith('T01,') && l.includes(',110101000000,'))!;
    expect(t01).toContain(',2025,92,区住建委,否,');
    // Fill in the template: every empty value of T02 in 110102 gets 2.9.
    const filled = lines
      .map((l, i) => (i > 0 && l.startsWith('T02,') && l.includes(',110102000000,') ? l.replace(',2025,,,,', ',2025,2.9,区体育局,否,') : l))
      .filter((l, i) => i === 0 || (l.startsWith('T01,') && l.includes(',110101000000,')) || l.includes(',2.9,'))
      .join('\r\n');
    const back = await postCsv(filled, s.who.analyst);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'applied', applied: 2 });

    const x = await post('/api/checkup/template', s.who.analyst, { format: 'xlsx', year: 2025, regions: ['110102'], codes: ['T02'] });
    const bytes = Buffer.from(x.json().base64, 'base64');
    const [sheet] = await readXlsxFile(bytes);
    expect(sheet!.data[1]!.slice(0, 1)).toEqual(['T02']);
    expect(sheet!.data[1]![9]).toBe(2.9);
    const again = await post('/api/checkup/import', s.who.analyst, { fileName: 't.xlsx', base64: x.json().base64 });
    expect(again.json()).toMatchObject({ status: 'applied', applied: 1 });
  });

  it('takes a multipart upload, and leaves imports to analysts and admins', async () => {
    const boundary = '----checkup';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="v.csv"', 'Content-Type: text/csv', '', csv([['T04', '110000', 2025, 2.31, '人/户', '七人普', '否', '']]), `--${boundary}--`, ''].join('\r\n');
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/import', headers: { ...s.who.admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'applied', applied: 1 });
    expect((await postCsv(csv([['T04', '110000', 2025, 2.3, '', 'x', '', '']]), s.who.assessor)).statusCode).toBe(403);
  });

  it('keeps the standard a recorded evaluation used when the standard changes', async () => {
    const first = await post('/api/checkup/evaluations', s.who.analyst, { region: '110101', year: 2025 });
    expect(first.statusCode, first.body).toBe(201);
    const t01 = (e: Json) => e.tasks.find((t: Json) => t.task === 'livable').indicators.find((i: Json) => i.code === 'T01');
    expect(t01(first.json().evaluation)).toMatchObject({ value: 92, status: 'met', standard: { version: 1, target: 90 } });

    const change = await post('/api/checkup/indicators/T01/standard', s.who.admin, { target: 95, tier: 'municipal', document: '北京市完整社区建设三年行动 (test)', verified: false, reason: 'the city raised its target' });
    expect(change.statusCode, change.body).toBe(200);
    expect(change.json().current).toMatchObject({ version: 2, target: 95, tier: 'municipal', reason: 'the city raised its target' });
    expect(change.json().history.map((h: Json) => h.version)).toEqual([2, 1]);
    expect((await post('/api/checkup/indicators/T01/standard', s.who.analyst, { target: 1, tier: 'national', document: 'x', verified: false, reason: 'x' })).statusCode).toBe(403);
    expect((await post('/api/checkup/indicators/T01/standard', s.who.admin, { tier: 'national', document: 'x', verified: false, reason: 'x' })).json().error.field).toBe('target');

    // Now the live evaluation scores against version 2, and the record still says version 1.
    const now = (await s.app.inject({ method: 'GET', url: '/api/checkup/evaluation?region=110101&year=2025', headers: s.who.assessor })).json();
    expect(t01(now)).toMatchObject({ status: 'near', standard: { version: 2, target: 95 } });
    const kept = (await s.app.inject({ method: 'GET', url: `/api/checkup/evaluations/${first.json().id}`, headers: s.who.assessor })).json();
    expect(t01(kept)).toMatchObject({ status: 'met', standard: { version: 1, target: 90 } });
    const list = (await s.app.inject({ method: 'GET', url: '/api/checkup/evaluations?region=110101', headers: s.who.assessor })).json().evaluations;
    expect(list.map((e: Json) => e.id)).toEqual([first.json().id]);
    // Importing the pack again leaves the city's own change in force; a pack that declares a new standard adds a version.
    const history = async () => (await s.app.inject({ method: 'GET', url: '/api/checkup/indicators/T01', headers: s.who.assessor })).json().standards.map((h: Json) => `${h.version}:${h.target}:${h.reason}`);
    await s.loadPack({ 'checkup/indicators.json': toyLibrary });
    expect(await history()).toEqual(['2:95:the city raised its target', '1:90:pack import']);
    await s.loadPack({ 'checkup/indicators.json': { ...toyLibrary, indicators: toyLibrary.indicators.map((d) => (d.code === 'T01' ? { ...d, standard: { ...d.standard!, target: 93 } } : d)) } });
    expect(await history()).toEqual(['3:93:pack import', '2:95:the city raised its target', '1:90:pack import']);
    expect(t01((await s.app.inject({ method: 'GET', url: '/api/checkup/evaluation?region=110101&year=2025', headers: s.who.assessor })).json())).toMatchObject({ status: 'near', standard: { version: 3, target: 93 } });
  });
});
