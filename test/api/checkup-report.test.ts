import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderHtml, renderPdf } from '../../src/core/report/index.js';
import { createManualClock } from '../../src/core/clock.js';
import { systemActor } from '../../src/core/context.js';
import { caseTallies, generateCases } from '../../src/modules/hotline/index.js';
import { buildCheckupReport, checkupModule, computeDemoValues, taskNames, tasks } from '../../src/modules/checkup/index.js';
import { testDrivers } from '../support/db.js';
import { checkupTestService, csv, type CheckupTestService } from './checkup-support.js';

type Json = Record<string, any>;

const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';
if (!pdftotext && process.env.CI === 'true') throw new Error('pdftotext (poppler-utils) is missing under CI: the report tests read back their PDFs');
if (!pdftotext) process.stderr.write('[citywork checkup report test] pdftotext not found: the PDF text checks are skipped\n');

/** The text of a PDF, by pdftotext; null when poppler is not installed. */
function pdfText(pdf: Buffer): string | null {
  if (!pdftotext) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citywork-ck-report-'));
  try {
    writeFileSync(path.join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-']).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The toy Beijing (北京市, 东城区, 西城区 with boundaries) and its checkup: two years of values, one a
// sample, a problem list with a renewal project, an indicator no module computes here.
describe.each(testDrivers())('the checkup report (%s)', (driver) => {
  let s: CheckupTestService;
  beforeAll(async () => {
    s = await checkupTestService({ driver });
    const rows: (string | number)[][] = [];
    for (const [region, t01, t02] of [['110000', 88, 2.5], ['110101', 92, 2.0], ['110102', 80, 3.0]] as const) {
      rows.push(['T01', region, 2024, t01 - 4, '%', '市住建委 2024年报', '否', ''], ['T01', region, 2025, t01, '%', '市住建委 2025年报', '否', '']);
      rows.push(['T02', region, 2025, t02, 'm²/人', '体育局', region === '110102' ? '是' : '否', '']);
      rows.push(['T12', region, 2025, 35, '%', '园林局', '否', '']);
    }
    rows.push(['T03', '110101', 2025, '', '栋', '区住建委排查', '否', 'B1|和平里1号楼|外墙空鼓; B2|和平里2号楼']);
    rows.push(['T03', '110102', 2025, '', '栋', '区住建委排查', '否', 'X1|西长安街1号楼']);
    rows.push(['T04', '110000', 2025, 2.4, '人/户', '第七次人口普查', '否', '']);
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/import', headers: { ...s.who.analyst, 'content-type': 'text/csv' }, payload: csv(rows) });
    expect(res.statusCode, res.body).toBe(200);
    const problems = (await s.app.inject({ method: 'GET', url: '/api/checkup/problems?region=110101&year=2025', headers: s.who.admin })).json().problems as Json[];
    const opened = await s.app.inject({ method: 'POST', url: '/api/checkup/projects', headers: s.who.admin, payload: { name: '和平里老旧楼房加固', problems: [problems.find((p) => p.object.id === 'B1')!.id] } });
    expect(opened.statusCode, opened.body).toBe(201);
  }, 120_000);
  afterAll(() => s?.close());

  it('builds the city’s report: a section per task, maps of the districts, problems with their project, method and sources', async () => {
    const doc = await buildCheckupReport(s.kernel, s.system, { region: '110000', runs: 200 });
    expect(doc.title).toBe('北京市城市体检报告（2025年）');
    const html = renderHtml(doc);
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    for (const t of tasks) expect(headings.some((h) => h!.endsWith(taskNames[t].zh)), t).toBe(true);
    expect(headings.at(-2)).toBe('九、问题清单');
    expect(headings.at(-1)).toBe('十、方法与来源');
    // A map of the districts: both named beside it, the sample value and the missing one marked.
    const maps = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]).filter((svg) => svg.includes('东城区') && svg.includes('西城区'));
    expect(maps.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('2.5 m²/人');
    expect(html).toMatch(/3 m²\/人 \(样例\)|样例/);
    expect(html).toContain('暂无计算模块');
    expect(html).toContain('缺数据');
    // The trend against 2024, and the standard with its tier and document number.
    expect(html).toMatch(/\+4 改善 \(2024\)/);
    expect(html).toMatch(/≥ 90% \(国家\) \[\d+\]/);
    // Problems where they lie, with the project opened for one of them.
    expect(html).toContain('和平里1号楼');
    expect(html).toContain('和平里老旧楼房加固 · 计划 0%');
    expect(html).toContain('未纳入项目');
    // Method and sources: the documents, each indicator's source, the sample statement.
    expect(html).toContain('GB/T 0000 test standard');
    expect(html).toContain('citywork test library');
    expect(html).toContain('体育局');
    expect(html).toContain('样例值已在表中标注');
    expect(html).toContain('OECD/JRC (2008)');
  });

  it('renders the same report to a PDF with the title, the tasks and the sources in its text', async () => {
    const doc = await buildCheckupReport(s.kernel, s.system, { region: '110000', runs: 200 });
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    if (text === null) return;
    expect(text).toContain('北京市城市体检报告（2025年）');
    for (const t of tasks) expect(text, t).toContain(taskNames[t].zh);
    expect(text).toContain('GB/T 0000 test standard');
    expect(text).toContain('和平里1号楼');
  });

  it('reports a district among its siblings: outlined on the map, ranked, with its composite interval; in English when asked', async () => {
    const doc = await buildCheckupReport(s.kernel, s.system, { region: '110101', lang: 'en', runs: 200 });
    expect(doc.title).toBe('City checkup report: Dongcheng, 2025');
    const html = renderHtml(doc);
    expect(html).toContain('stroke="#0b3d91"');
    expect(html).toContain('Across the sibling regions');
    expect(html).toMatch(/Rank · Rank interval \(90%\)/);
    expect(html).toContain('1/2');
    expect(html).toContain('和平里2号楼');
    expect(html).not.toContain('西长安街1号楼');
  });

  const get = (url: string, who = s.who.analyst) => s.app.inject({ method: 'GET', url, headers: who });

  it('downloads the report as PDF, HTML or XLSX from the API, the latest year by default', async () => {
    const pdf = await get('/api/checkup/report?region=110000&format=pdf');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="checkup-110000-2025\.pdf"/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const html = await get('/api/checkup/report?region=110101&year=2025&format=html&lang=en', s.who.assessor);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-disposition']).toMatch(/filename="checkup-110101-2025-en\.html"/);
    expect(html.body).toContain('City checkup report: Dongcheng, 2025');
    expect(html.body).not.toMatch(/<script|src="http/);
    const xlsx = await get('/api/checkup/report?region=110000&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('gives the console an indicator across the districts (or a district among its siblings), missing as missing', async () => {
    const city = await get('/api/checkup/across?region=110000&year=2025&indicator=T01');
    expect(city.statusCode, city.body).toBe(200);
    expect(city.json()).toMatchObject({ indicator: 'T01', of: 'children', parent: '110100000000', highlight: null });
    expect(city.json().units).toEqual([
      { code: '110101000000', name: '东城区', nameEn: 'Dongcheng', value: 92, sample: false, status: 'met' },
      { code: '110102000000', name: '西城区', nameEn: 'Xicheng', value: 80, sample: false, status: 'not_met' },
    ]);
    const district = (await get('/api/checkup/across?region=110102&year=2025&indicator=T02')).json();
    expect(district).toMatchObject({ of: 'siblings', highlight: '110102000000' });
    expect(district.units.map((u: Json) => [u.value, u.sample, u.status])).toEqual([[2, false, 'not_met'], [3, true, 'met']]);
    const context = (await get('/api/checkup/across?region=110000&year=2025&indicator=T04')).json();
    expect(context.units.map((u: Json) => [u.value, u.status])).toEqual([[null, null], [null, null]]);
    expect((await get('/api/checkup/across?region=110000&year=2025&indicator=NOPE')).json().error).toMatchObject({ kind: 'not_found', field: 'indicator' });
    expect((await get('/api/checkup/across?region=110102&year=2025&indicator=T01', s.who.engineer)).statusCode).toBe(403);
  });

  it('gives the command line the report as base64, and refuses what it should', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/checkup/report', headers: s.who.analyst, payload: { region: '110102', format: 'pdf' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ fileName: 'checkup-110102-2025.pdf', region: '110102', year: 2025 });
    expect(Buffer.from(r.json().base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get('/api/checkup/report?region=110000', s.who.handler)).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/api/checkup/report?region=110000' })).statusCode).toBe(401);
    expect((await get('/api/checkup/report?region=130000', s.who.analyst)).json().error).toMatchObject({ kind: 'not_found', field: 'region' });
    expect((await get('/api/checkup/report?region=110000&format=doc')).json().error).toMatchObject({ kind: 'invalid' });
  });
});

// The demo's first start: the pack, then the generated cases; the checkup's job computes the year's values once both exist.
describe.each(testDrivers())('the demo city’s first checkup values (%s)', (driver) => {
  let s: CheckupTestService;
  const clock = createManualClock(new Date('2026-07-01T04:00:00Z'));
  beforeAll(async () => {
    s = await checkupTestService({ driver, clock });
  }, 120_000);
  afterAll(() => s?.close());

  it('waits for the year’s hotline cases, computes once, and leaves computed values alone after', async () => {
    const jobs = typeof checkupModule.jobs === 'function' ? checkupModule.jobs(s.kernel) : [];
    // Only the embedded (demo) service runs it: against PostgreSQL the city is not a demo.
    expect(jobs.map((j) => j.name)).toEqual(driver === 'pglite' ? ['checkup.demo-values'] : []);
    expect(await computeDemoValues(s.kernel)).toBe(false);
    await generateCases(s.kernel, s.system, { days: 20, perDay: 15, seed: 5, end: clock.now() });
    expect(await computeDemoValues(s.kernel)).toBe(true);
    const values = (await s.app.inject({ method: 'GET', url: '/api/checkup/values?region=110000&year=2026', headers: s.who.analyst })).json().values as Json[];
    const computed = values.filter((v) => v.origin === 'computed');
    expect(computed.map((v) => v.code)).toEqual(expect.arrayContaining(['T06', 'T07', 'T08']));
    expect(computed.find((v) => v.code === 'T08')).toMatchObject({ sample: true });
    expect(await computeDemoValues(s.kernel)).toBe(false);
  });

  it('counts the year’s cases from the hotline’s tallies: every case once, synthetic ones marked', async () => {
    const rows = await caseTallies(s.kernel, systemActor('110000', 'test'), { from: new Date('2026-01-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') });
    const total = rows.reduce((n, r) => n + r.cases, 0);
    const stored = await s.kernel.db.selectFrom('hotline_cases' as never).select((eb) => eb.fn.countAll<string>().as('n')).where('status' as never, '<>', 'merged' as never).executeTakeFirstOrThrow();
    expect(total).toBe(Number(stored.n));
    expect(rows.every((r) => r.synthetic && /^2026-0[67]$/.test(r.month))).toBe(true);
    expect(new Set(rows.map((r) => r.regionCode?.slice(0, 6))).size).toBeGreaterThan(1);
    await expect(caseTallies(s.kernel, systemActor('110000', 'test'), { from: new Date('2026-02-01'), to: new Date('2026-01-01') })).rejects.toMatchObject({ kind: 'invalid', field: 'from' });
  });
});
