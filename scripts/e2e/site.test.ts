import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/services.ts';
import { type Stack, startStack } from '../src/stack.ts';
import { launchChromium } from './browser.ts';

/** The dashboard in real Chromium against the whole running stack. Screenshots go to test-results/. */
let stack: Stack;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-site-'));
const shots = join(REPO_ROOT, 'test-results/site');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  stack = await startStack({ dataDir });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signUp(page: Page, username: string) {
  await page.goto(`${stack.urls.api}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('#question').waitFor();
}

describe('the site', () => {
  it('signs up, asks who won the 2023 Monaco GP and shows the answer, chart and source', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signUp(page, 'site_monaco');
    await page.screenshot({ path: join(shots, 'ask.png'), fullPage: true });

    await page.locator('#question').fill('Who won the 2023 Monaco Grand Prix?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/analyses\/an_/);

    const answer = page.getByRole('region', { name: 'Answer' });
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.textContent()).toContain('Max Verstappen');
    // The LayerChart bar chart draws one bar per timed finisher.
    const chart = page.locator('figure svg').first();
    await chart.waitFor();
    expect(await page.locator('figure svg rect, figure svg path').count()).toBeGreaterThan(5);
    expect(await page.getByText('Ergast/Jolpica-F1').count()).toBeGreaterThan(0);
    expect(await page.getByText('CC BY-NC-SA 4.0').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'analysis.png'), fullPage: true });

    await page.goto(`${stack.urls.api}/`);
    await page
      .getByRole('link', { name: /Monaco/ })
      .first()
      .waitFor();
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
    await page.close();
  });
});
