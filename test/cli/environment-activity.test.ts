import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { toyPack } from '../support/hotline.js';

// `citywork environment import-activity` in-process on an embedded database holding the toy
// city's regions and the Beijing pack's emission factors.
describe('citywork environment import-activity', () => {
  let dir: string;
  const data = () => path.join(dir, 'data');
  const csv = async (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    return file;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-env-cli-'));
    const pack = path.join(dir, 'pack');
    const files: Record<string, unknown> = { 'pack.json': toyPack['pack.json'], 'regions/divisions.json': toyPack['regions/divisions.json'], 'regions/boundaries.geojson': toyPack['regions/boundaries.geojson'] };
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.join(pack, path.dirname(file)), { recursive: true });
      await fs.writeFile(path.join(pack, file), JSON.stringify(content));
    }
    await fs.mkdir(path.join(pack, 'environment'));
    await fs.copyFile(path.resolve('packs/beijing/environment/emission-factors.json'), path.join(pack, 'environment/emission-factors.json'));
    const imported = await runCli(['--data-dir', data(), 'pack', 'import', pack], {}, 120_000);
    expect(imported.code, imported.stderr).toBe(0);
  }, 180_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('reports every bad row on stderr, exits 2 and imports nothing; then imports the good file', async () => {
    const bad = await csv('bad.csv', ['区划代码 region,年份 year,部门 sector,能源品种 fuel,活动水平 amount,单位 unit', '110101,2022,transport,diesel,100,t', '110101,2022,buildings,electricity,5000,kWh', '110102,2022,mining,diesel,1,t']);
    const r = await runCli(['--data-dir', data(), 'environment', 'import-activity', bad], {}, 120_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3, unit: the unit is "kWh", but this fuel\'s factor is per MWh: multiply kWh by 0.001 to get MWh');
    expect(r.stderr).toContain('line 4, sector: unknown sector "mining"');
    expect(r.stderr).toMatch(/2 of 3 rows are bad; nothing was imported/);

    const good = await csv('good.csv', ['region,year,sector,fuel,amount,unit', '110101,2022,transport,diesel,100,吨', '110101,2022,buildings,electricity,5000,MWh']);
    const dry = await runCli(['--data-dir', data(), 'environment', 'import-activity', good, '--dry-run'], {}, 120_000);
    expect(dry.stdout).toContain('checked: all 2 rows are good');
    const ok = await runCli(['--data-dir', data(), 'environment', 'import-activity', good], {}, 120_000);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^imported 2 of 2 rows \(act_[0-9a-z]{26}\)$/m);
  }, 240_000);

  it('says so when the file cannot be read', async () => {
    const r = await runCli(['--data-dir', data(), 'environment', 'import-activity', path.join(dir, 'missing.csv')], {}, 120_000);
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/cannot read/);
  }, 120_000);
});
