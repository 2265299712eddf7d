import path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn, openPage, shot, startConsoleService, type ConsoleService } from './support.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';
import { environmentModule, importAirStations, writeUciSlice } from '../../src/modules/environment/index.js';

const chromiumPath = process.env.CHROMIUM_PATH;
const dataDir = path.resolve('../shared/data/beijing-air');
const hasData = existsSync(path.join(dataDir, 'PRSA_Data_Dongsi_20130301-20170228.csv'));
if (!chromiumPath) process.stderr.write('[citywork e2e] CHROMIUM_PATH is not set: the air page in a real browser is skipped\n');
if (!hasData) {
  if (process.env.CI === 'true') throw new Error(`${dataDir} is missing: the air page cannot be tested`);
  process.stderr.write(`[citywork e2e] ${dataDir} is absent: the air page test is skipped\n`);
}

// The colours a station with data is drawn in (shareColour in environment-air-charts.ts).
const stationColours = ['#2e7d32', '#9ccc65', '#fdd835', '#fb8c00', '#c62828'];

/** How many pixels of an element's screenshot have one of the colours (±12 per channel), counted by the browser itself. */
async function pixelsOf(page: Page, selector: string, colours: string[]): Promise<number> {
  const png = (await page.locator(selector).screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, colours }) => {
      // In the browser (the test's types know no DOM).
      const w = globalThis as any;
      const img = new w.Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = w.document.createElement('canvas');
      [c.width, c.height] = [img.width, img.height];
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
      const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (rgb.some(([r, gg, b]) => Math.abs(px[i]! - r!) <= 12 && Math.abs(px[i + 1]! - gg!) <= 12 && Math.abs(px[i + 2]! - b!) <= 12)) n++;
      return n;
    },
    { png, colours },
  );
}

// The air page against the service with the Beijing pack and a slice of the real UCI data
// (东四 and 天坛, March–May 2013): the station map and the year's charts.
describe.skipIf(!chromiumPath || !hasData)('the air page in Chromium', () => {
  let s: ConsoleService;
  let browser: Browser;
  let page: Page;
  let slice: string;

  beforeAll(async () => {
    [s, browser] = await Promise.all([startConsoleService({ modules: [regionsModule, hotlineModule, monitoringModule, environmentModule] }), launchChromium()]);
    slice = await writeUciSlice(dataDir, { stations: ['Dongsi', 'Tiantan'], rows: 2000 });
    await importAirStations(s.service.kernel, s.service.system, slice);
    page = (await openPage(browser)).page;
    await logIn(page, s.url, s.logins.analyst!);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    if (slice) await fs.rm(slice, { recursive: true, force: true });
  });

  it('shows the stations on the district map and the city’s year in figures and charts', async () => {
    await page.goto(`${s.url}/environment/air`);
    await page.locator('.map[data-map-loaded=true]').waitFor();
    const api = (await (await fetch(`${s.url}/api/environment/air/summary?station=city&year=2013`, { headers: await s.headersOf('analyst') })).json()) as { goodDays: number; goodShare: number };
    await expect.poll(() => page.getByTestId('air-good-days').innerText()).toBe(String(api.goodDays));
    expect(await page.getByTestId('air-year').inputValue()).toBe('2013');
    expect(await page.locator('[data-testid=air-scope] option').allInnerTexts()).toEqual(expect.arrayContaining(['北京市', '东四 1003A', '天坛 1004A']));
    // Four charts drawn, and the two stations with data coloured on the map (the pack's simulated stations are grey).
    await expect.poll(() => page.locator('.chart:has(canvas)').count()).toBe(4);
    await expect.poll(() => pixelsOf(page, '.map', stationColours), { timeout: 15_000 }).toBeGreaterThan(40);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await shot(page, 'air-01-city');
  });

  it('shows one station’s year when it is picked', async () => {
    const stations = (await (await fetch(`${s.url}/api/environment/air/stations`, { headers: await s.headersOf('analyst') })).json()) as { stations: { id: string; code: string }[] };
    const dongsi = stations.stations.find((x) => x.code === '1003A')!;
    await page.getByTestId('air-scope').selectOption(`station:${dongsi.id}`);
    const api = (await (await fetch(`${s.url}/api/environment/air/summary?station=1003A&year=2013`, { headers: await s.headersOf('analyst') })).json()) as { goodShare: number };
    await expect.poll(() => page.getByTestId('air-good-share').innerText()).toBe(`${(api.goodShare * 100).toFixed(1)}%`);
    expect(await page.getByTestId('air-station-facts').innerText()).toContain('116.434, 39.9522');
    await shot(page, 'air-02-dongsi');
  });
});
