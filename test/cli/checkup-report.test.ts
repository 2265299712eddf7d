import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { writeToyPack } from '../support/hotline.js';
import { csv, toyFigures, toyLibrary } from '../api/checkup-support.js';

const temp: string[] = [];
afterAll(async () => {
  for (const d of temp) await fs.rm(d, { recursive: true, force: true });
});

// `citywork checkup report` on the embedded database, in-process (no service running).
describe('citywork checkup report', () => {
  it('writes the report as PDF, HTML or XLSX by the file’s extension, and says what is wrong with a bad request', async () => {
    const data = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-cli-ck-report-'));
    const pack = await writeToyPack({ 'regions/attributes.json': toyFigures, 'checkup/indicators.json': toyLibrary });
    temp.push(data, pack);
    const cli = (...args: string[]) => runCli(['--data-dir', data, ...args], {}, 180_000);
    expect((await cli('pack', 'import', pack)).code).toBe(0);
    const values = path.join(data, 'values.csv');
    await fs.writeFile(values, csv([['T01', '110101', 2025, 91, '%', '区住建委', '否', ''], ['T01', '110102', 2025, 84, '%', '区住建委', '否', ''], ['T02', '110101', 2025, 2.8, 'm²/人', '体育局', '是', '']]));
    expect((await cli('checkup', 'import', values)).code).toBe(0);

    const pdf = path.join(data, 'out', 'dongcheng.pdf');
    const r = await cli('checkup', 'report', '--region', '110101', '--out', pdf);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote the 2025 checkup report of 110101 \(pdf, \d+ KB\) to .*dongcheng\.pdf/m);
    expect((await fs.readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');

    const html = path.join(data, 'dongcheng.html');
    const h = await cli('checkup', 'report', '--region', '110101', '--year', '2025', '--lang', 'en', '--out', html);
    expect(h.code, h.stderr).toBe(0);
    const text = await fs.readFile(html, 'utf8');
    expect(text).toContain('City checkup report: Dongcheng, 2025');
    expect(text).toContain('2.8 m²/人 (sample)');

    const bad = await cli('checkup', 'report', '--region', '110101', '--out', path.join(data, 'x.doc'), '--format', 'doc');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be html, pdf or xlsx/);
    const unknown = await cli('checkup', 'report', '--region', '130000', '--out', path.join(data, 'x.pdf'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no region 130000/);
  }, 600_000);
});
