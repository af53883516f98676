import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { columnText, shoot, signUp } from './site-helpers.ts';
import { publishSeason, useStack } from './stack-fixture.ts';

/**
 * The driver pages in real Chromium against the whole stack, with the 2023 bundles published by
 * `pnpm data publish --season 2023`: the data explorer's race summary links to a driver, whose page shows
 * the published career (season table and points chart).
 */
const { stack } = useStack('pitwall-site-drivers', { worker: false });
const browser = useBrowserPage();
const { shots } = browser;
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(async () => {
  page = browser.page();
  await publishSeason(stack(), 2023);
}, 240_000);

describe('driver pages', () => {
  it('goes from a race’s result in the data explorer to the winner’s page with his seasons and chart', async () => {
    await signUp(page, url(''), 'driver_pages');

    await page.goto(url('/data?season=2023&round=6'));
    const result = page.getByRole('region', { name: 'Race result' });
    await result.waitFor();
    expect(await result.locator('li').count()).toBe(10);
    await result.getByRole('link', { name: 'Max Verstappen' }).first().click();
    await page.waitForURL(/\/drivers\/max_verstappen$/);

    await page.getByRole('heading', { name: /Max Verstappen/ }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('VER');
    const y2023 = page.locator('table.seasons tbody tr', {
      has: page.getByRole('rowheader', { name: '2023' }),
    });
    // Season, team, races, points, wins, podiums, poles, championship.
    expect((await y2023.locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      'Red Bull',
      '22',
      '575',
      '19',
      '21',
      '12',
      '1st',
    ]);
    expect((await columnText(page, 'table.seasons', 1)).map((t) => t.trim())).toContain('Toro Rosso');
    const seasons = await page.locator('table.seasons tbody tr').count();
    expect(seasons).toBeGreaterThanOrEqual(11);
    // The points chart loads after the page (LayerChart is fetched lazily) with one bar per season.
    await page.locator('figure svg').first().waitFor({ timeout: 30_000 });
    await shoot(page, shots, 'driver');

    await page.goto(url('/drivers/nobody_at_all'));
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('no driver bundle nobody_at_all');
  });
});
