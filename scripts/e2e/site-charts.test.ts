import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { signUp } from './site-helpers.ts';
import { useStack } from './stack-fixture.ts';

/**
 * The analyst's chart canon in real Chromium against the whole stack, on real races, with the builtin
 * planner: each chart kind renders with the right number of marks and an accessible title, and every chart
 * is saved at desktop and phone width as test-results/site/chart-<id>-<width>.png, to look at after a
 * change (`pnpm exec vitest run e2e/site-charts.test.ts` in scripts/).
 */
const { stack } = useStack('pitwall-site-charts');
const browser = useBrowserPage();
const { shots } = browser;
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(() => {
  page = browser.page();
}, 60_000);

/** Asks through the ask page and waits for the answer and its charts. */
async function ask(question: string): Promise<void> {
  // The ask page loads its models and suggestions after it renders; a question typed before then is reset.
  await page.goto(url('/'), { waitUntil: 'networkidle' });
  await page.locator('#model').selectOption('builtin');
  const box = page.getByRole('combobox', { name: 'Your question' });
  const button = page.getByRole('button', { name: 'Ask', exact: true });
  for (let attempt = 0; attempt < 5 && !(await button.isEnabled()); attempt++) {
    await box.fill(question);
    await page.waitForTimeout(200);
  }
  // Name completion may still be open over the button.
  await box.press('Escape');
  await button.click();
  await page.waitForURL(/\/analyses\/an_/);
  await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
  await page.locator('figure .plot svg').first().waitFor({ timeout: 30_000 });
}

/** The chart figure whose title starts with `title`, checked to name itself to assistive technology. */
async function figure(title: string): Promise<Locator> {
  const found = page.locator('figure.chart').filter({ has: page.getByRole('heading', { name: title }) });
  await found.locator('.plot svg').first().waitFor({ timeout: 30_000 });
  expect(await found.locator('.plot[role="img"]').getAttribute('aria-label')).toContain(title);
  return found;
}

/** The figure at desktop and phone width; the phone shot must not be wider than the phone. */
async function shootFigure(chart: Locator, id: string): Promise<void> {
  for (const [size, width] of [
    ['desktop', 1280],
    ['phone', 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await chart.scrollIntoViewIfNeeded();
    // The pointer left over a mark would leave its tooltip over the chart in the picture.
    await page.mouse.move(0, 0);
    await chart.screenshot({ path: join(shots, `chart-${id}-${size}.png`) });
    if (size === 'phone') {
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the chart canon', () => {
  it('compares two drivers’ race pace: a box each and both laps over the race, shaded under SC and red flag', async () => {
    await signUp(page, url(''), 'charts_user');
    await ask('Compare Verstappen and Norris race pace at the 2024 São Paulo GP');
    const spread = await figure('Clean-lap spread — 2024 São Paulo Grand Prix');
    expect(await spread.locator('.lc-boxplot-box').count()).toBe(2);
    // Norris's lap 35 (89.337 s) is beyond his upper fence; Verstappen has no outlier.
    expect(await spread.locator('.lc-boxplot-outlier').count()).toBe(1);
    await shootFigure(spread, 'race-pace-spread');

    const laps = await figure('Lap by lap — 2024 São Paulo Grand Prix');
    expect(await laps.locator('.series-line').count()).toBe(2);
    // Safety car 30–31, red flag 32, safety car 33–34, safety car 39–43.
    expect(await laps.locator('rect.band').count()).toBe(4);
    expect(await laps.locator('.legend').textContent()).toMatch(/Safety car.*Red flag/);
    await shootFigure(laps, 'race-pace-laps');
  });

  it('draws every driver’s positions in team shades with the neutralised laps shaded', async () => {
    await ask('Position changes at the 2024 São Paulo GP');
    const positions = await figure('Positions lap by lap — 2024 São Paulo Grand Prix');
    // A line for every car that ran: Albon and Stroll withdrew (results.csv raceId 1141: W, 0 laps).
    expect(await positions.locator('.series-line').count()).toBe(18);
    expect(await positions.locator('rect.band').count()).toBe(4);
    await shootFigure(positions, 'positions');
  });

  it('ranks team pace as a box per team', async () => {
    await ask('Which team was fastest at the 2024 Bahrain GP?');
    const teams = await figure('Spread of clean laps by team — 2024 Bahrain Grand Prix');
    expect(await teams.locator('.lc-boxplot-box').count()).toBe(10);
    await shootFigure(teams, 'team-pace-spread');
  });

  it('plots lap times coloured by compound', async () => {
    await ask('Lap times at the 2024 Bahrain GP');
    const laps = await figure('Lap times — 2024 Bahrain Grand Prix');
    expect(await laps.locator('.scatter-point').count()).toBeGreaterThan(100);
    expect(await laps.locator('.legend').textContent()).toMatch(/SOFT.*HARD/);
    await shootFigure(laps, 'lap-times');
  });

  it('maps a season’s points as a heatmap, driver by round', async () => {
    await ask('2023 points progression');
    const heatmap = await figure('2023 points by round');
    // A cell for each car entered: 20 at each of the 22 rounds (results.csv); rounds a driver missed are blank.
    expect(await heatmap.locator('.heat-cell').count()).toBe(22 * 20);
    expect(await heatmap.locator('.plot[role="img"]').getAttribute('aria-label')).toContain(
      'Points by driver and round',
    );
    await shootFigure(heatmap, 'points-heatmap');
  });

  it('compares best sectors of two drivers as bars, sector by sector', async () => {
    await ask('sector times verstappen leclerc monza 2024');
    const sectors = await figure('Best sectors compared — 2024 Italian Grand Prix');
    // Three sectors for each of the two drivers (OpenF1 session 9590: VER 26.877/27.614/27.177, LEC 27.189/28.259/27.592).
    expect(await sectors.locator('.lc-bar').count()).toBe(6);
    await shootFigure(sectors, 'sectors');
  });

  it('ranks the speed-trap tops of a race as bars', async () => {
    await ask('fastest speed trap at Monza 2024');
    const speeds = await figure('Top speed');
    expect(await speeds.locator('.lc-bar').count()).toBeGreaterThanOrEqual(10);
    await shootFigure(speeds, 'speed-trap');
  });

  it('plots lap time against tyre age with a fitted line per compound', async () => {
    await ask('tyre age vs lap time hungary 2024');
    const ages = await figure('Lap time against tyre age — 2024 Hungarian Grand Prix');
    // 34 soft, 399 medium and 821 hard clean laps with a tyre life (FastF1 2024 round 13).
    expect(await ages.locator('.scatter-point').count()).toBe(34 + 399 + 821);
    expect(await ages.locator('.legend').textContent()).toMatch(/SOFT.*MEDIUM.*HARD/);
    await shootFigure(ages, 'tyre-age');
  });

  it('draws every undercut and overcut attempt of a race', async () => {
    await ask('undercuts at the 2024 British GP');
    const attempts = await figure('Undercuts and overcuts — 2024 British Grand Prix');
    expect(await attempts.locator('.lc-bar').count()).toBe(12);
    await shootFigure(attempts, 'undercuts');
  });

  it('counts a season’s retirements by reason', async () => {
    await ask('retirements in 2023');
    const reasons = await figure('Retirements by reason — 2023');
    expect(await reasons.locator('.lc-bar').count()).toBeGreaterThan(3);
    await shootFigure(reasons, 'retirements');
  });

  it('shades the safety cars and red flag on the tyre stints', async () => {
    await ask('Tyre strategies at the 2024 São Paulo GP');
    const stints = await figure('Tyre strategy — 2024 São Paulo Grand Prix');
    expect(await stints.locator('rect.band').count()).toBe(4);
    await shootFigure(stints, 'stints');
  });
});
