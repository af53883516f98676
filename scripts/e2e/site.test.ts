import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/services.ts';
import { launchChromium } from './browser.ts';
import { columnText, shoot } from './site-helpers.ts';
import { useStack } from './stack-fixture.ts';

/**
 * The dashboard in real Chromium against the whole running stack (one stack for every site test; the
 * tests run in order and share one signed-in page). Screenshots of each page, desktop and phone, light
 * and dark, go to test-results/site/.
 */
const { stack } = useStack('pitwall-site');
let browser: Browser;
let context: BrowserContext;
let page: Page;
const shots = join(REPO_ROOT, 'test-results/site');
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
}, 240_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the site', () => {
  it('signs up and offers suggestions, name completion and a model picker', async () => {
    await page.goto(url('/'));
    await page.waitForURL(/\/login/);
    await shoot(page, shots, 'login');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.locator('#username').fill('site_user');
    await page.locator('#password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    const question = page.getByRole('combobox', { name: 'Your question' });
    await question.waitFor();

    expect(await page.locator('.suggestions li').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('#model option').allTextContents()).toContain('Built-in planner');

    // Keyboard completion: ↓ picks the first suggestion, Enter inserts it, Escape closes the list.
    await question.pressSequentially('Who won the 2023 Mona');
    await page.getByRole('option', { name: /Monaco Grand Prix/ }).waitFor();
    expect(await question.getAttribute('aria-expanded')).toBe('true');
    await shoot(page, shots, 'ask-autocomplete');
    await question.press('ArrowDown');
    expect(await question.getAttribute('aria-activedescendant')).toBe('question-suggestions-0');
    await question.press('Enter');
    expect(await question.inputValue()).toBe('Who won the 2023 Monaco Grand Prix ');
    await question.pressSequentially('ver');
    await page.getByRole('option').first().waitFor();
    await question.press('Escape');
    expect(await page.getByRole('listbox').count()).toBe(0);
    await question.fill('');
    await shoot(page, shots, 'ask');
  });

  it('asks with the chosen model, shows the plan, a finished step with its timing, and the answer', async () => {
    await page.locator('#model').selectOption('builtin');
    await page.getByRole('combobox', { name: 'Your question' }).fill('Who won the 2023 Monaco Grand Prix?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/analyses\/an_/);
    // Live or replayed, the steps are listed with their state; the plan step finishes first.
    await page
      .locator('[data-step="plan"][data-state="done"]')
      .first()
      .waitFor({ state: 'attached', timeout: 60_000 });

    const answer = page.getByRole('region', { name: 'Answer' });
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.textContent()).toContain('Max Verstappen');
    expect(await page.getByRole('list', { name: 'The question as understood' }).textContent()).toContain(
      '2023',
    );
    const timing = page.locator('[data-step="plan"] .time').first();
    expect(await timing.textContent()).toMatch(/\d+(\.\d+)? (ms|s)/);

    // Charts load after the page; the bar chart draws one bar per timed finisher.
    await page.locator('figure svg').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('figure svg rect, figure svg path').count()).toBeGreaterThan(5);
    expect(await page.getByText('Ergast/Jolpica-F1').count()).toBeGreaterThan(0);
    expect(await page.getByText('CC BY-NC-SA 4.0').count()).toBeGreaterThan(0);
    expect(await page.getByText('Model and cost').count()).toBe(1);
    // The page's address is the owner's; sharing makes a link of its own (site-shared.test.ts).
    await page.getByRole('button', { name: 'Create a share link' }).waitFor();
    await shoot(page, shots, 'analysis');
  });

  it('sorts a table by a numeric column and downloads it as CSV', async () => {
    const scope = 'section.data-table >> nth=0';
    const pos = page.locator(scope).locator('th').first();
    await pos.getByRole('button').click();
    expect(await pos.getAttribute('aria-sort')).toBe('ascending');
    await pos.getByRole('button').click();
    expect(await pos.getAttribute('aria-sort')).toBe('descending');
    const positions = (await columnText(page, scope, 0)).map(Number).filter((n) => !Number.isNaN(n));
    expect(positions.length).toBeGreaterThan(5);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: /as CSV$/ })
        .first()
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^Pos,Driver,Team/);
    // The download follows the table's current order: descending positions, so the winner is the last
    // classified row (retirements, "R", sort after every number in either direction).
    const classified = csv.slice(1).filter((line) => /^\d+,/.test(line));
    expect(classified.at(-1)).toContain('Max Verstappen');
    expect(classified[0]?.startsWith(`${Math.max(...positions)},`)).toBe(true);
    expect(csv.length).toBe((await page.locator(scope).locator('tbody tr').count()) + 1);
  });

  it('lists the history, filters it by search and by status', async () => {
    await page.goto(url('/history'));
    const items = page.locator('main ul.list li');
    await items.first().waitFor();
    await page.getByLabel('Search your questions').fill('monaco');
    expect(await items.count()).toBe(1);
    await page.getByLabel('Search your questions').fill('silverstone');
    await page.getByText('Nothing loaded matches your search.').waitFor();
    await page.getByLabel('Search your questions').fill('');
    await page.getByLabel('Status').selectOption('failed');
    await page.waitForURL(/status=failed/);
    await page.getByText('No failed analyses yet.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await items.first().waitFor();
    await shoot(page, shots, 'history');
  });

  it('submits a small batch and follows it to the end on its page', async () => {
    await page.goto(url('/'));
    await page.getByText('Ask several questions').click();
    await page
      .getByLabel('Questions, one per line')
      .fill('Who won the 2023 Monaco Grand Prix?\nWho won the 2023 British Grand Prix?');
    await page.getByRole('button', { name: 'Ask 2 questions' }).click();
    await page.waitForURL(/\/batches\//, { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Batch of 2 questions' }).waitFor();
    expect(await page.locator('ol.items li').count()).toBe(2);
    await page.getByText(/· finished/).waitFor({ timeout: 90_000 });
    expect(await page.locator('ol.items .badge.succeeded').count()).toBe(2);
    await shoot(page, shots, 'batch');
  });

  it('explores a race: picks 2023 Monaco and shows its lap times inline', async () => {
    await page.goto(url('/data?season=2023'));
    await page.getByRole('link', { name: /R6 Monaco GP/ }).click();
    await page.waitForURL(/round=6/);
    await page.getByRole('heading', { name: '2023 Monaco Grand Prix' }).waitFor();
    await page.getByRole('button', { name: 'Lap times' }).click();
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
    await page.locator('figure svg').first().waitFor({ timeout: 30_000 });
    await shoot(page, shots, 'data');
  });

  it('uploads a small CSV and shows what was stored', async () => {
    await page.goto(url('/upload'));
    const csv = 'driver,lap,time_ms\nVER,1,80123\nNOR,1,80456\n';
    await page
      .locator('#file')
      .setInputFiles({ name: 'laps.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText(`${csv.length} B`).waitFor();
    await page.getByLabel('Type').selectOption('laps');
    await page.getByLabel(/Metadata/).fill('{"season": 2023, "note": "browser test"}');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const stored = page.getByRole('region', { name: 'Stored' });
    await stored.waitFor();
    const text = (await stored.textContent()) ?? '';
    expect(text).toMatch(/up_[a-z0-9]{20}/);
    expect(text).toContain(`${csv.length} bytes`);
    expect(text).toContain(createHash('sha256').update(csv).digest('hex'));
    await shoot(page, shots, 'upload');
  });

  it('keeps one Idempotency-Key until the API answers: asking again after a lost answer makes no second analysis', async () => {
    await page.goto(url('/'));
    const keys: string[] = [];
    let dropped = false;
    // The first submission reaches the API, but its answer is lost on the way back (connection reset).
    await page.route('**/api/analyze', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    const query = 'Who won the 2023 Belgian Grand Prix?';
    try {
      await page.getByRole('combobox', { name: 'Your question' }).fill(query);
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page
        .getByRole('alert')
        .getByText(/Could not reach Pit Wall/)
        .waitFor();
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page.waitForURL(/\/analyses\/an_/);
    } finally {
      await page.unroute('**/api/analyze');
    }
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const mine = await page.evaluate(async (question) => {
      const token = localStorage.getItem('pitwall.token');
      const res = await fetch('/api/analyses?limit=100', { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { items: { id: string; query: string }[] };
      return body.items.filter((a) => a.query === question).map((a) => a.id);
    }, query);
    expect(mine).toEqual([page.url().split('/').at(-1)]);
  });

  it("shows today's quota on the usage page", async () => {
    await page.goto(url('/usage'));
    const quota = page.getByRole('list').filter({ hasText: 'Model tokens' });
    await quota.waitFor();
    // Asked one by one so far: Monaco, the race explorer's lap times, and Belgium once (the retry above).
    expect(await page.getByRole('progressbar', { name: 'Analyses' }).getAttribute('value')).toBe('3');
    expect(await quota.textContent()).toMatch(/3 of 100/);
    // The batch's two questions count against the batch quota.
    expect(await page.getByRole('progressbar', { name: 'Batch questions' }).getAttribute('value')).toBe('2');
    await shoot(page, shots, 'usage');
  });
});
