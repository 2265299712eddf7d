import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn, openPage, screenshotDir, shot, startConsoleService, type ConsoleService } from './support.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { checkupModule } from '../../src/modules/checkup/index.js';
import { csv } from '../api/checkup-support.js';

const chromiumPath = process.env.CHROMIUM_PATH;
if (!chromiumPath) process.stderr.write('[citywork e2e] CHROMIUM_PATH is not set: the checkup console tests in a real browser are skipped\n');

// The checkup pages in a real browser on the Beijing demo pack (its library and its published and
// sample values): the analyst sees the seven tasks, drills into an indicator, downloads the report,
// opens a renewal project from a problem, and imports values — a bad file refused row by row first.
describe.skipIf(!chromiumPath)('the checkup console in Chromium', () => {
  let s: ConsoleService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [s, browser] = await Promise.all([startConsoleService({ modules: [regionsModule, hotlineModule, checkupModule] }), launchChromium()]);
    process.stdout.write(`[citywork e2e] screenshots: ${screenshotDir}\n`);
    page = (await openPage(browser, { viewport: { width: 1440, height: 900 } })).page;
    page.setDefaultTimeout(30_000);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows the analyst the seven tasks of the city’s latest checkup', async () => {
    await logIn(page, s.url, s.logins.analyst!);
    await page.getByRole('link', { name: '体检总览' }).click();
    await page.waitForURL(/\/checkup$/);
    const cards = page.getByTestId('task-card');
    await expect.poll(() => cards.count()).toBe(7);
    expect(await cards.first().innerText()).toContain('现代化城市体系');
    expect(await page.getByTestId('checkup-year').inputValue()).toBe('2026');
    await shot(page, 'checkup-01-tasks');
  });

  it('drills into an indicator: its districts on the map and in a list, and its years', async () => {
    await page.locator('[data-testid=task-card][data-task=livable]').click();
    const row = page.locator('[data-testid=indicator-row][data-code=BK01]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('样例');
    await row.getByRole('button').click();
    const drill = page.getByTestId('checkup-drill');
    await drill.locator('.map[data-map-loaded=true]').waitFor();
    await expect.poll(() => drill.getByTestId('drill-units').locator('tr').count()).toBe(16);
    expect(await drill.getByTestId('drill-units').innerText()).toContain('朝阳区');
    await expect.poll(() => drill.locator('canvas').count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/indicator=BK01/);
    await shot(page, 'checkup-02-drill');
    await drill.screenshot({ path: path.join(screenshotDir, 'checkup-02-drill-panel.png') });
    expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });

  it('downloads the city’s report as a PDF', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.locator('[data-testid=report-links] a[data-format=pdf]').click()]);
    expect(download.suggestedFilename()).toBe('checkup-110000-2026.pdf');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(50_000);
  }, 180_000);

  it('opens a renewal project from a problem and records its progress', async () => {
    const problems = page.getByTestId('checkup-problems');
    await expect.poll(() => problems.getByTestId('problem-row').count()).toBeGreaterThan(0);
    const first = problems.getByTestId('problem-row').first();
    const object = await first.locator('th').innerText();
    await first.locator('input[type=checkbox]').check();
    await problems.locator('input[name=projectName]').fill('样例楼栋加固改造');
    await problems.locator('[data-testid=open-project] button[type=submit]').click();
    await expect.poll(() => problems.locator('.flash').innerText()).toContain('样例楼栋加固改造');
    const row = problems.getByTestId('problem-row').filter({ hasText: object }).filter({ hasText: '样例楼栋加固改造' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: '记录进度' }).click();
    await row.locator('select[name=status]').selectOption('in_progress');
    await row.locator('input[name=percent]').fill('30');
    await row.locator('[data-testid=project-progress] button[type=submit]').click();
    await expect.poll(() => problems.getByTestId('problem-row').filter({ hasText: '样例楼栋加固改造' }).first().innerText()).toMatch(/实施中\s*30%/);
    await shot(page, 'checkup-03-project');
  });

  it('imports values: a file with a bad row is refused with the row and its reason, a good one goes in', async () => {
    await page.goto(`${s.url}/checkup/import`);
    const file = page.locator('[data-testid=import-form] input[type=file]');
    const bad = csv([
      ['CM05', '110105', 2026, 66.5, '%', '朝阳区住建委', '否', ''],
      ['CM05', '110108', 2026, 150, '%', '海淀区住建委', '否', ''],
    ]);
    await file.setInputFiles({ name: 'checkup-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.locator('[data-testid=import-form] button[type=submit]').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr').first().innerText()).toMatch(/3\s+数值\s+数值超出合理范围\s+150/);
    expect(await page.getByTestId('import-status').innerText()).toContain('2 行中有 1 行有误');
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
    await shot(page, 'checkup-04-import-refused');

    const good = csv([
      ['CM05', '110105', 2026, 66.5, '%', '朝阳区住建委', '否', ''],
      ['CM05', '110108', 2026, 71, '%', '海淀区住建委', '否', ''],
    ]);
    await file.setInputFiles({ name: 'checkup-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.locator('[data-testid=import-form] button[type=submit]').click();
    await expect.poll(() => page.getByTestId('import-status').innerText()).toContain('全部通过检查');
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('import-status').innerText()).toContain('已导入 2/2 行');
    const stored = await fetch(`${s.url}/api/checkup/values?region=110105&year=2026&code=CM05`, { headers: await s.headersOf('analyst') });
    expect(((await stored.json()) as { values: { value: number; sample: boolean; source: string }[] }).values[0]).toMatchObject({ value: 66.5, sample: false, source: '朝阳区住建委' });
    await shot(page, 'checkup-05-imported');
  });
});
