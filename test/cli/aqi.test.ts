import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { cleanEnv, runCli } from '../support/cli.js';
import { aqiJsonl, parseFieldArgs } from '../../src/modules/environment/index.js';

/** Runs `citywork <args>` from source with `stdin` piped in. */
function runCliWithStdin(args: string[], stdin: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(stdin);
  });
}

async function jsonl(lines: string[], standard?: string) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  const counts = await aqiJsonl(Readable.from(lines.map((l) => `${l}\n`)), out, { standard });
  return { counts, results: text.trim().split('\n').map((l) => JSON.parse(l)) };
}

// A database the command would fail on, had it tried to open one, and a data folder it must not create.
const noDatabase = () => ({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', CITYWORK_DATA_DIR: path.join(os.tmpdir(), `citywork-aqi-${process.pid}-${Date.now()}`) });

describe('citywork aqi --jsonl (the command function)', () => {
  it('writes one result line per input line; a bad line gets its error and the rest go on', async () => {
    const { counts, results } = await jsonl([
      '{"standard": "hj633-2012", "pm25_24h": 64, "pm10_24h": 90}',
      '{"standard": "epa-2024", "pm25_24h": 35.45}',
      'not json',
      '',
      '{"standard": "hj633-2012", "pm25_24h": -1}',
      '[1, 2]',
      '{"pm25_24h": 40}',
      '{"standard": "hj633-2026", "pm10_24h": 130}',
    ]);
    expect(counts).toEqual({ lines: 7, errors: 4 });
    expect(results).toHaveLength(7);
    expect(results[0]).toMatchObject({ aqi: 87, level: 2, category: '良', primary: ['pm25_24h'] });
    expect(results[1]).toMatchObject({ aqi: 100, category: 'Moderate' });
    expect(results[2]).toEqual({ error: { kind: 'invalid', field: 'line', message: expect.stringMatching(/^line 3 is not JSON/) } });
    expect(results[3].error).toMatchObject({ kind: 'invalid', field: 'pm25_24h' });
    expect(results[4].error).toMatchObject({ kind: 'invalid', field: 'line' });
    expect(results[5].error).toMatchObject({ kind: 'invalid', field: 'standard' });
    expect(results[6]).toMatchObject({ aqi: 104, standard: 'hj633-2026' });
  });

  it('lets --standard stand for lines that name none', async () => {
    const { results } = await jsonl(['{"pm25_24h": 40}', '{"standard": "epa-2024", "pm25_24h": 40}'], 'hj633-2012');
    expect(results.map((r) => [r.standard, r.aqi])).toEqual([['hj633-2012', 57], ['epa-2024', 112]]);
  });

  it('reads <field>=<value> arguments', () => {
    expect(parseFieldArgs(['pm25_24h=64', 'co_24h=1.2'])).toEqual({ pm25_24h: '64', co_24h: '1.2' });
    expect(() => parseFieldArgs(['pm25_24h:64'])).toThrow(/expected <field>=<value>/);
  });
});

describe('citywork aqi (the built CLI)', () => {
  it('prints one line of JSON for arguments, without a database', async () => {
    const env = noDatabase();
    const r = await runCli(['aqi', '--standard', 'hj633-2012', 'pm25_24h=64', 'pm10_24h=90'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ aqi: 87, iaqi: { pm25_24h: 87, pm10_24h: 70 }, level: 2, category: '良', primary: ['pm25_24h'], notes: [] });
    expect(existsSync(env.CITYWORK_DATA_DIR)).toBe(false);

    const bad = await runCli(['aqi', '--standard', 'epa-2024', 'pm25_24h=-2'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^citywork: pm25_24h must not be negative, got -2 µg\/m³ \(pm25_24h\)$/m);
    const noStandard = await runCli(['aqi', 'pm25_24h=2'], env);
    expect(noStandard.code).toBe(2);
    expect(noStandard.stderr).toMatch(/--standard is required/);
  });

  it('answers thousands of JSON lines in one process, fast, and goes on past bad ones', async () => {
    const env = noDatabase();
    const lines = Array.from({ length: 5000 }, (_, i) =>
      i % 1000 === 999 ? '{"standard": "hj633-2012", "pm25_24h": "x"}' : JSON.stringify(i % 2 ? { standard: 'hj633-2012', pm25_24h: i % 600, o3_8h: i % 900 } : { standard: 'epa-2024', pm25_24h: (i % 3000) / 10, o3_8h: (i % 250) / 1000 }),
    );
    const r = await runCliWithStdin(['aqi', '--jsonl'], lines.join('\n') + '\n', env);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5000);
    expect(out.filter((o) => o.error)).toHaveLength(5);
    expect(out[999].error).toMatchObject({ kind: 'invalid', field: 'pm25_24h' });
    expect(out[1]).toMatchObject({ standard: 'hj633-2012', aqi: 2 });
    // Start-up included; one process for all 5 000 lines.
    expect(r.ms).toBeLessThan(20_000);
    expect(existsSync(env.CITYWORK_DATA_DIR)).toBe(false);
  });
});
