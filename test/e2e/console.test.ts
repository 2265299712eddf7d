import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn, openPage, screenshotDir, shot, startConsoleService, type ConsoleService } from './support.js';
import { openProactiveTasks } from '../../src/modules/hotline/index.js';

const chromiumPath = process.env.CHROMIUM_PATH;
if (!chromiumPath) process.stderr.write('[citywork e2e] CHROMIUM_PATH is not set: the console tests in a real browser are skipped\n');

// The console in a real browser against the service as `npm start` runs it (Beijing pack, demo
// accounts): a request from the operator's map to the street office and back to closed.
describe.skipIf(!chromiumPath)('the web console in Chromium', () => {
  let s: ConsoleService;
  let browser: Browser;
  let operator: Page;
  let handler: Page;
  let caseId = '';
  let caseNumber = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    [s, browser] = await Promise.all([startConsoleService(), launchChromium()]);
    process.stdout.write(`[citywork e2e] screenshots: ${screenshotDir}\n`);
    operator = (await openPage(browser)).page;
    handler = (await openPage(browser)).page;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('serves the console at / with an SPA fallback, while API paths keep their JSON 404', async () => {
    const page = await fetch(`${s.url}/office/anything`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${s.url}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { kind: string } }).error.kind).toBe('not_found');
    const open311 = await fetch(`${s.url}/open311/v2/nothing.json`);
    expect(open311.status).toBe(404);
    expect(((await open311.json()) as { code: number }[])[0]?.code).toBe(404);
    expect((await fetch(`${s.url}/cases/case_x/deep`)).status).toBe(200);
  });

  it('signs the operator in and shows who, which organisation and which jurisdiction', async () => {
    await operator.goto(`${s.url}/`);
    await operator.locator('input[name=username]').waitFor();
    await shot(operator, '01-login');
    await logIn(operator, s.url, s.logins.operator!);
    await operator.waitForURL(/\/workbench$/);
    const who = await operator.getByTestId('identity').innerText();
    expect(who).toContain('12345');
    expect(who).toContain('辖区');
  });

  it('shows field errors from the API beside the field, in the user’s language', async () => {
    await operator.locator('[data-testid=intake] button[type=submit]').click();
    const err = operator.locator('[data-testid=intake] .field.has-error');
    await expect.poll(() => err.count()).toBeGreaterThan(0);
    expect(await err.first().locator('textarea[name=description]').count()).toBe(1);
    expect(await err.first().locator('.error').innerText()).toBe('此项必填。');
  });

  it('files a request on the map, with the resolved region, duplicates and the proposed office', async () => {
    const map = operator.locator('[data-testid=intake] .map');
    await operator.locator('[data-testid=intake] .map[data-map-loaded=true]').waitFor();
    const box = (await map.boundingBox())!;
    await operator.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => operator.locator('input[name=lon]').inputValue()).not.toBe('');
    // The exact place by keyboard: 建外街道光华路 in 朝阳区.
    await operator.locator('input[name=lon]').fill('116.4512');
    await operator.locator('input[name=lat]').fill('39.9131');
    await expect.poll(() => operator.getByTestId('resolved-region').innerText()).toContain('朝阳区');
    await operator.locator('textarea[name=description]').fill('建外街道光华路人行道落叶和垃圾很多，没人清扫，请尽快处理');
    await operator.locator('input[name=title]').fill('光华路人行道垃圾无人清扫');
    await operator.locator('select[name=category]').selectOption('010704');
    await operator.locator('input[name=address]').fill('朝阳区建外街道光华路');
    await operator.locator('input[name=name]').fill('刘洋');
    await operator.locator('input[name=phone]').fill('13911112222');
    // The classifier's top-3 as the operator types, and the street office once the address names the street.
    await expect.poll(() => operator.getByTestId('suggestions').innerText()).toContain('道路清扫保洁');
    expect(await operator.getByTestId('model-version').innerText()).toMatch(/模型 v\d+/);
    await expect.poll(() => operator.getByTestId('proposal').innerText()).toContain('建外街道');
    await shot(operator, '02-workbench-intake');
    await operator.locator('[data-testid=intake] button[type=submit]').click();
    await operator.waitForURL(/\/cases\/case_/);
    caseId = operator.url().split('/').pop()!;
    caseNumber = await operator.getByTestId('case-number').innerText();
    expect(caseNumber).toMatch(/^\d{14}$/);
  });

  it('dispatches it to the proposed office', async () => {
    await operator.locator('button[data-action=dispatch]').click();
    const form = operator.getByTestId('form-dispatch');
    await expect.poll(() => form.locator('select[name=org]').inputValue()).toBe('110105001-street');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => operator.locator('.badge').first().innerText()).toBe('已派单');
    expect(await operator.getByTestId('case-office').innerText()).toContain('建外街道');
    await shot(operator, '03-case-dispatched');
  });

  it('lets the street office accept it from its queue and reply', async () => {
    await logIn(handler, s.url, s.logins.handler!);
    await handler.waitForURL(/\/office$/);
    const row = handler.locator(`tr[data-case="${caseNumber}"]`);
    await row.waitFor();
    await shot(handler, '04-office-queue');
    await row.getByRole('button', { name: '签收' }).click();
    await row.waitFor({ state: 'detached' });
    await handler.goto(`${s.url}/cases/${caseId}`);
    await handler.locator('button[data-action=reply]').click();
    await handler.locator('textarea[name=reply]').fill('已安排环卫工人每日清扫两次，落叶已清理完毕。');
    await handler.getByTestId('form-reply').locator('button[type=submit]').click();
    await expect.poll(() => handler.getByTestId('case-reply').count()).toBe(1);
    // A photo of the swept pavement goes with the reply (a 1×1 PNG stands in for it).
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await handler.getByTestId('attachments').locator('input[type=file]').setInputFiles({ name: '光华路清扫后.png', mimeType: 'image/png', buffer: png });
    await handler.getByTestId('attachments').getByRole('button', { name: '上传附件' }).click();
    await expect.poll(() => handler.getByTestId('attachments').locator('img').count()).toBe(1);
    expect(await handler.getByTestId('attachments').innerText()).toContain('光华路清扫后.png');
    await expect.poll(() => handler.getByTestId('timeline').innerText()).toContain('添加附件');
    expect(await handler.locator('.badge').first().innerText()).toBe('已答复');
    await shot(handler, '05-case-replied');
  });

  it('does not let a handler open another office’s case', async () => {
    const other = await fetch(`${s.url}/api/hotline/cases`, {
      method: 'POST',
      headers: { ...(await s.headersOf('operator')), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', category: '010101', description: '海淀区中关村大街路灯不亮', lon: 116.3105, lat: 39.9835 }),
    });
    expect(other.status).toBe(201);
    const { case: c } = (await other.json()) as { case: { id: string } };
    await handler.goto(`${s.url}/cases/${c.id}`);
    await expect.poll(() => handler.getByTestId('case-error').innerText()).toContain('不属于您的单位');
    await shot(handler, '06-handler-forbidden-case');
  });

  it('calls the citizen back and closes the case', async () => {
    // The same caller called again about something else: the case page lists it under the caller's history.
    const again = await fetch(`${s.url}/api/hotline/cases`, {
      method: 'POST',
      headers: { ...(await s.headersOf('operator')), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'inquiry', description: '请问光华路的垃圾什么时候清理完？', citizen: { name: '刘洋', phone: '13911112222' } }),
    });
    expect(again.status).toBe(201);
    const { case: second } = (await again.json()) as { case: { number: string } };
    await operator.goto(`${s.url}/cases/${caseId}`);
    await expect.poll(() => operator.getByTestId('caller-history').innerText()).toContain(second.number);
    // The number is masked until the operator asks to see it (the service audits the reveal).
    expect(await operator.getByTestId('citizen-phone').innerText()).not.toBe('13911112222');
    await operator.getByRole('button', { name: '显示号码' }).click();
    await expect.poll(() => operator.getByTestId('citizen-phone').innerText()).toBe('13911112222');
    await operator.locator('button[data-action=callback]').click();
    await operator.getByTestId('form-callback').locator('button[type=submit]').click();
    await expect.poll(() => operator.locator('.badge').first().innerText()).toBe('已办结');
    const steps = await operator.getByTestId('timeline').locator('li strong').allInnerTexts();
    expect(steps).toEqual(['受理', '派单', '签收', '答复', '添加附件', '回访']);
    await shot(operator, '07-case-closed');
  });

  it('answers an inquiry at intake from the knowledge base', async () => {
    await operator.goto(`${s.url}/workbench`);
    await operator.locator('select[name=kind]').selectOption('inquiry');
    await operator.locator('textarea[name=description]').fill('请问北京什么时候开始供暖？家里暖气还不热');
    const kb = operator.getByTestId('kb-answer');
    await expect.poll(() => kb.innerText()).toContain('北京什么时候开始供暖');
    await kb.getByRole('button', { name: '用此答复' }).first().click();
    await expect.poll(() => operator.locator('textarea[name=reply]').inputValue()).toContain('11月15日');
    await shot(operator, '08a-kb-answer');
    await operator.locator('[data-testid=intake] button[type=submit]').click();
    await operator.waitForURL(/\/cases\/case_/);
    await expect.poll(() => operator.locator('.badge').first().innerText()).toBe('已直接答复');
    expect(await operator.getByTestId('case-reply').innerText()).toContain('11月15日');
  });

  it('shows the overview and updates it live when a case comes in; drills into a district', async () => {
    await operator.goto(`${s.url}/overview`);
    await operator.locator('.map[data-map-loaded=true]').waitFor();
    await expect.poll(() => operator.getByTestId('live').innerText()).toContain('实时');
    const before = Number(await operator.getByTestId('kpi-today').innerText());
    expect(before).toBeGreaterThanOrEqual(2);
    const res = await fetch(`${s.url}/api/hotline/cases`, {
      method: 'POST',
      headers: { ...(await s.headersOf('operator')), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'help', category: '010701', description: '朝阳区建外街道永安里小区垃圾没人清运', lon: 116.4434, lat: 39.9057, address: '朝阳区建外街道永安里' }),
    });
    expect(res.status).toBe(201);
    await expect.poll(() => operator.getByTestId('kpi-today').innerText(), { timeout: 15_000 }).toBe(String(before + 1));
    await operator.getByTestId('measure').selectOption('per10k');
    await shot(operator, '08-overview');
    await operator.getByTestId('units').getByRole('button', { name: '朝阳区' }).click();
    await expect.poll(() => operator.getByTestId('units').innerText()).toContain('建外街道');
    await shot(operator, '09-overview-chaoyang-streets');
  });

  it('switches the language to English and back', async () => {
    await operator.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => operator.locator('header nav').innerText()).toContain('City overview');
    expect(await operator.locator('h1').first().innerText()).toBe('The whole city at a glance');
    await shot(operator, '10-overview-english');
    await operator.goto(`${s.url}/assessment`);
    await operator.getByTestId('assessment-table').waitFor();
    await shot(operator, '11-assessment-english');
    await operator.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => operator.locator('header nav').innerText()).toContain('一屏观全域');
  });

  it('shows a banner while the connection is lost and recovers by itself', async () => {
    await operator.goto(`${s.url}/workbench`);
    await operator.getByTestId('queue').waitFor();
    await operator.route('**/api/hotline/cases?**', (route) => route.abort('connectionrefused'));
    await operator.getByRole('tab', { name: '已派单' }).click();
    await operator.getByTestId('offline-banner').waitFor();
    await shot(operator, '12-connection-lost');
    await operator.unroute('**/api/hotline/cases?**');
    await operator.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('lets a citizen on a phone submit through Open311 and follow the request by its number', async () => {
    const { page, context } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${s.url}/citizen`);
    await page.locator('select[name=service] option[value="010704"]').waitFor({ state: 'attached' });
    await page.locator('select[name=service]').selectOption('010704');
    await page.locator('textarea[name=description]').fill('光华路东口的垃圾桶满了好几天了');
    await page.locator('.map[data-map-loaded=true]').waitFor();
    const box = (await page.locator('.map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('input[name=address]').fill('朝阳区建外街道光华路');
    await page.getByTestId('citizen-form').locator('button[type=submit]').click();
    const submitted = await page.getByTestId('submitted').innerText();
    const number = /\d{14}/.exec(submitted)?.[0];
    expect(number).toBeTruthy();
    await expect.poll(() => page.getByTestId('followed').innerText()).toContain(number!);
    await shot(page, '13-citizen-phone');
    await context.close();
  });

  it('finds a planted hotspot, shows the month\'s topics, and lets the district centre deal with a proactive task', async () => {
    const admin = { ...(await s.headersOf('admin')), 'content-type': 'application/json' };
    // Three weeks of synthetic history with 40 garbage complaints planted at one place in 建外街道 over the last 5 days.
    const gen = await fetch(`${s.url}/api/hotline/generate`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ days: 21, perDay: 150, seed: 5, plant: [{ categoryCode: '010701', lon: 116.4434, lat: 39.9057, radiusM: 120, count: 40, days: 5 }] }),
    });
    expect(gen.status).toBe(201);
    expect((await openProactiveTasks(s.service.kernel)).opened).toBeGreaterThanOrEqual(1);
    const api = (await (await fetch(`${s.url}/api/hotline/hotspots`, { headers: await s.headersOf('operator') })).json()) as { features: { properties: { category: string; categoryPath: string } }[] };
    const planted = api.features.find((f) => f.properties.category === '010701');
    expect(planted, 'the planted cluster is a hotspot').toBeTruthy();

    await operator.goto(`${s.url}/insights`);
    await operator.locator('.map[data-map-loaded=true]').waitFor();
    await expect.poll(() => operator.getByTestId('hotspot-table').innerText()).toContain(planted!.properties.categoryPath);
    await operator.getByTestId('hotspot-table').getByRole('button', { name: planted!.properties.categoryPath }).first().click();
    await operator.getByTestId('hotspot-detail').waitFor();
    await shot(operator, '14-hotspots');
    await operator.getByTestId('hotspot-detail').locator('.evidence a').first().click();
    await expect.poll(() => operator.url()).toMatch(/\/cases\/case_/);
    await operator.locator('h1').first().waitFor();

    await operator.goto(`${s.url}/insights?tab=topics`);
    await operator.getByTestId('topics-rising').waitFor();
    await operator.getByTestId('topics-recurring').waitFor();
    await shot(operator, '15-monthly-topics');

    // The pack's boundaries stop at districts, so the place's task goes to Chaoyang's 12345
    // centre (a street office gets it where streets have boundaries); the centre closes it.
    const { page: centre } = await openPage(browser);
    pages.push(centre);
    await logIn(centre, s.url, s.logins.supervisor!);
    await centre.goto(`${s.url}/insights?tab=proactive`);
    const tasks = centre.getByTestId('proactive-tasks');
    await expect.poll(() => tasks.innerText()).toContain(planted!.properties.categoryPath);
    const task = tasks.locator('li', { hasText: planted!.properties.categoryPath }).first();
    await task.locator('input').fill('已安排环卫加密清运');
    await shot(centre, '16-proactive-tasks');
    const before = await tasks.locator('li').count();
    await task.getByRole('button', { name: '已处置' }).click();
    await expect.poll(() => tasks.locator('li').count()).toBe(before - 1);
    const done = (await (await fetch(`${s.url}/api/hotline/proactive?status=done`, { headers: await s.headersOf('supervisor') })).json()) as { tasks: { note: string | null; closedBy: string | null }[] };
    expect(done.tasks.map((t) => t.note)).toContain('已安排环卫加密清运');
  });

  it('raised no uncaught error in any page', () => {
    for (const p of [operator, handler, ...pages]) expect((p as Page & { problems?: string[] }).problems ?? []).toEqual([]);
  });
});
