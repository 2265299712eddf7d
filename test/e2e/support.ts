import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testService, type TestService } from '../support/service.js';
import { signIn } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { ensureDemoAccounts, type DemoLogin } from '../../src/core/demo.js';
import { consoleDir } from '../../src/server.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import type { CityworkModule } from '../../src/core/module.js';

/** Where the end-to-end tests put their screenshots (printed once per run; not committed). */
export const screenshotDir = path.join(os.tmpdir(), 'citywork-e2e-screenshots');

/** The browser the e2e tests drive: Debian's Chromium, headless, WebGL through SwiftShader for the maps. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

export interface ConsoleService {
  service: TestService;
  url: string;
  logins: Record<string, DemoLogin>;
  /** Session headers (cookie + CSRF) of a demo account, for API calls beside the browser. */
  headersOf(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The service as `npm start` serves it (Beijing pack, demo accounts, no synthetic cases), listening on a free port; `modules` replaces the default regions and hotline. */
export async function startConsoleService({ modules = [regionsModule, hotlineModule] }: { modules?: CityworkModule[] } = {}): Promise<ConsoleService> {
  if (!existsSync(path.join(consoleDir, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  const service = await testService({ modules, config: { port: 0, host: '127.0.0.1' } });
  await importPack(service.kernel, service.system, path.resolve('packs/beijing'), service.packLoaders);
  const logins = Object.fromEntries((await ensureDemoAccounts(service.kernel)).map((l) => [l.username, l]));
  const url = (await service.listen()).replace('localhost', '127.0.0.1');
  const headers = new Map<string, Record<string, string>>();
  mkdirSync(screenshotDir, { recursive: true });
  return {
    service,
    url,
    logins,
    async headersOf(username) {
      if (!headers.has(username)) headers.set(username, (await signIn(service, username, logins[username]!.password)).headers);
      return headers.get(username)!;
    },
    close: () => service.close(),
  };
}

/** A browser context at the given size and language, and its first page. */
export async function openPage(browser: Browser, { viewport = { width: 1366, height: 768 }, locale = 'zh-CN' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    // A map that cannot start its worker draws nothing: count it as a failure, like an uncaught error.
    if (m.type() === 'error' && /worker|webgl/i.test(m.text())) problems.push(m.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

/** Signs in through the login form. */
export async function logIn(page: Page, url: string, login: DemoLogin): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('input[name=username]').fill(login.username);
  await page.locator('input[name=password]').fill(login.password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('identity').waitFor();
}

/** Saves a full-page screenshot as `<name>.png` in the screenshot folder. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
