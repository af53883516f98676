import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { lapsCsvOf } from './data.ts';
import { shoot, signUp } from './site-helpers.ts';
import { useStack } from './stack-fixture.ts';

/**
 * One's own data as the data of a question, in real Chromium against the whole stack: a laps table of
 * 2023 Bahrain built from the staged F1 data is uploaded on the Upload page, "Ask about this file" opens
 * the ask page with it picked under "Use my data", and the race pace question is answered from that
 * file, whose name the answer's sources give.
 */
const { stack } = useStack('pitwall-site-uploads');
const browser = useBrowserPage();
const { shots } = browser;
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(() => {
  page = browser.page();
});

describe('my data on the ask page', () => {
  it('uploads a laps table, picks it on the ask page and answers race pace from it', async () => {
    await signUp(page, url(''), 'site_uploads');
    const question = page.getByRole('combobox', { name: 'Your question' });
    // No uploads yet: nothing to pick.
    expect(await page.getByLabel('Use my data').count()).toBe(0);

    const csv = lapsCsvOf(2023, 1, ['VER', 'ALO', 'HAM']);
    await page.goto(url('/upload'));
    await page
      .locator('#file')
      .setInputFiles({ name: 'bahrain-laps.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Type').selectOption('laps');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const stored = page.getByRole('region', { name: 'Stored' });
    await stored.waitFor();
    const uploadId = ((await stored.textContent()) ?? '').match(/up_[a-z0-9]{20}/)?.[0];
    expect(uploadId).toBeDefined();

    // A laps table can be asked about: the link opens the ask page with the file picked.
    await stored.getByRole('link', { name: 'Ask about this file' }).click();
    await page.waitForURL(new RegExp(`\\?upload=${uploadId}$`));
    const picker = page.getByLabel('Use my data');
    await picker.waitFor();
    expect(await picker.inputValue()).toBe(uploadId);
    const chosen = await picker.locator('option:checked').textContent();
    expect(chosen).toMatch(/^bahrain-laps\.csv \(laps, [\d.]+ KB\)$/);
    // None is offered too, and is the default without a link.
    expect((await picker.locator('option').allTextContents())[0]).toContain('None');
    await shoot(page, shots, 'ask-my-data');

    await question.fill('race pace comparison');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(/\/analyses\/an_/);
    const answer = page.getByRole('region', { name: 'Answer' });
    await answer.waitFor({ timeout: 60_000 });
    await page.getByText('Your upload “bahrain-laps.csv”').first().waitFor();
    expect(await page.getByText(uploadId as string).count()).toBeGreaterThan(0);
    expect(await page.locator('.badge.succeeded').count()).toBeGreaterThan(0);

    // Back on the ask page without a link, the picker offers the file but picks nothing.
    await page.goto(url('/'));
    await page.getByLabel('Use my data').waitFor();
    expect(await page.getByLabel('Use my data').inputValue()).toBe('');
  });

  it('offers no question for an upload an analysis cannot read', async () => {
    await page.goto(url('/upload'));
    await page.locator('#file').setInputFiles({
      name: 'weather.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('time,air_temp\n1,25\n'),
    });
    await page.getByLabel('Type').selectOption('weather');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const stored = page.getByRole('region', { name: 'Stored' });
    await stored.waitFor();
    expect(await stored.getByRole('link', { name: 'Ask about this file' }).count()).toBe(0);
    await page.goto(url('/'));
    const options = await page.getByLabel('Use my data').locator('option').allTextContents();
    expect(options.some((o) => o.includes('weather.csv'))).toBe(false);
  });
});
