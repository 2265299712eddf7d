import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, serveCli } from '../support/cli.js';
import { writeToyPack } from '../support/hotline.js';

const temp: string[] = [];
async function tempDir() {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-train-'));
  temp.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temp) await fs.rm(d, { recursive: true, force: true });
});

describe('citywork hotline train', () => {
  it('trains in-process when no service runs, and says what the version learnt from', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const pack = await writeToyPack();
    temp.push(pack);
    expect((await runCli(['--data-dir', dir, 'pack', 'import', pack])).code).toBe(0);
    const r = await runCli(['--data-dir', dir, 'hotline', 'train', '--city', '110000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^classifier version 2 trained on 0 confirmed and 0 corrected dispatches and \d+ taxonomy entries \(5 categories\) in \d+\.\d s: too few cases to hold any out$/);
    // A city without a pack is a clear message and exit 69.
    const none = await runCli(['--data-dir', dir, '--city', '310000', 'hotline', 'train']);
    expect(none.code).toBe(69);
    expect(none.stderr).toMatch(/^citywork: city 310000 has no hotline catalog: import a city pack/m);
  });

  it('asks the running service, whose pack import trained version 1', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const pack = await writeToyPack();
    temp.push(pack);
    const served = await serveCli(['--data-dir', dir, 'serve', '--port', '0', '--pack', pack]);
    try {
      const r = await runCli(['--data-dir', dir, 'hotline', 'train']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^classifier version 2 trained on 0 confirmed/m);
    } finally {
      await served.stop();
    }
  });
});
