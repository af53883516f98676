import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { shoot, signUp } from './site-helpers.ts';
import { useStack } from './stack-fixture.ts';

/**
 * "What I understood" on the analysis page, in real Chromium against the whole stack with the builtin
 * planner: a metric question shows the query in words above the plan's chips, the metric chip names the
 * metric, and the answer is a sentence. Screenshots go to test-results/site/understood-*.png.
 */
const { stack } = useStack('pitwall-site-understood');
const browser = useBrowserPage();
const { shots } = browser;
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(() => {
  page = browser.page();
});

describe('what I understood', () => {
  it('shows a metric question as understood, its metric chip, and the answer’s sentence', async () => {
    await signUp(page, url(''), 'understood_user');
    await page.locator('#model').selectOption('builtin');
    await page.getByRole('combobox', { name: 'Your question' }).fill('VER wins 2023');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/analyses\/an_/);

    const answer = page.getByRole('region', { name: 'Answer' });
    await answer.waitFor({ timeout: 60_000 });
    expect((await answer.textContent())?.trim()).toMatch(/^Max Verstappen won 19 races/);

    const understood = page.getByRole('region', { name: 'What I understood' });
    const sentence = (await understood.locator('.sentence').textContent()) ?? '';
    expect(sentence).toContain('wins');
    expect(sentence).toContain('2023');
    const chips = await page.getByRole('list', { name: 'The question as understood' }).textContent();
    expect(chips).toMatch(/Metric\s+Wins/);
    expect(chips).toContain('Max Verstappen');
    await shoot(page, shots, 'understood');
  });

  it('lists what the question said that was not used as notes, above the chips', async () => {
    await page.goto(url('/'));
    await page.locator('#model').selectOption('builtin');
    await page.getByRole('combobox', { name: 'Your question' }).fill('VER wins 2023 in the rain');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/analyses\/an_/);
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 60_000 });

    const notes = page.getByRole('list', { name: 'Notes on the question' });
    expect(await notes.textContent()).toMatch(/Note\s+not used: .*rain/);
    await shoot(page, shots, 'understood-notes');
  });
});
