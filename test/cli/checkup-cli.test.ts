import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { writeToyPack } from '../support/hotline.js';
import { toyFigures, toyLibrary } from '../api/checkup-support.js';

const temp: string[] = [];
afterAll(async () => {
  for (const d of temp) await fs.rm(d, { recursive: true, force: true });
});

// `citywork checkup …` on the embedded database, in-process (no service running): template, import, evaluate.
describe('citywork checkup', () => {
  it('writes the template, refuses a bad file row by row, imports a good one and evaluates', async () => {
    const data = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-cli-checkup-'));
    const pack = await writeToyPack({ 'regions/attributes.json': toyFigures, 'checkup/indicators.json': toyLibrary });
    temp.push(data, pack);
    const cli = (...args: string[]) => runCli(['--data-dir', data, ...args], {}, 120_000);
    expect((await cli('pack', 'import', pack)).code).toBe(0);

    const out = path.join(data, 'template.csv');
    const t = await cli('checkup', 'template', '--out', out, '--year', '2025', '--region', '110101', '--code', 'T01', '--code', 'T02');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/wrote 2 rows/);
    const lines = (await fs.readFile(out, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);

    const bad = lines.map((l, i) => (i === 0 ? l : l.replace(',2025,,,', i === 1 ? ',2025,120,统计局,' : ',2025,abc,统计局,'))).join('\r\n');
    await fs.writeFile(out, bad);
    const refused = await cli('checkup', 'import', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/row 2, value: the value lies outside the plausible range/);
    expect(refused.stderr).toMatch(/row 3, value: the value is not a number/);
    expect(refused.stderr).toMatch(/nothing was imported/);

    await fs.writeFile(out, lines.map((l, i) => (i === 0 ? l : l.replace(',2025,,,', i === 1 ? ',2025,91,统计局,' : ',2025,2.8,体育局,'))).join('\r\n'));
    const ok = await cli('checkup', 'import', out);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^applied: 2 of 2 rows imported/m);

    const e = await cli('checkup', 'evaluate', '--region', '110101');
    expect(e.code, e.stderr).toBe(0);
    const evaluation = JSON.parse(e.stdout);
    expect(evaluation.year).toBe(2025);
    const livable = evaluation.tasks.find((x: { task: string }) => x.task === 'livable');
    expect(livable.indicators.find((i: { code: string }) => i.code === 'T01')).toMatchObject({ value: 91, status: 'met' });
    expect(livable.indicators.find((i: { code: string }) => i.code === 'T02')).toMatchObject({ value: 2.8, status: 'met' });
  }, 600_000);
});
