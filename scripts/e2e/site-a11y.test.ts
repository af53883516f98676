import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { signUp } from './site-helpers.ts';
import { publishSeason, useStack } from './stack-fixture.ts';

/**
 * Every page of the site checked by axe-core in real Chromium against the whole stack, in light and dark:
 * no serious or critical violation of WCAG 2.1 A and AA. Signed out: sign-in, the data explorer and a
 * driver page; signed in: the ask page, an answered analysis with its thread and chips, one asked back,
 * the history, usage, upload, the explorer with a view open, a driver page, the chart catalogue (every
 * chart kind), a batch and the API docs.
 * The 2023 bundles are published, so the explorer and the driver pages show their data.
 */
const { stack } = useStack('pitwall-site-a11y');
const browser = useBrowserPage();
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(async () => {
  page = browser.page();
  await publishSeason(stack(), 2023);
}, 240_000);

type Finding = {
  page: string;
  scheme: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
};

/** The serious and critical violations on the page as it stands, in light and in dark. */
async function violations(name: string): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(150);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    for (const v of results.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      found.push({
        page: name,
        scheme: colorScheme,
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

async function ask(question: string): Promise<string> {
  await page.goto(url('/'));
  await page.locator('#model').selectOption('builtin');
  await page.getByRole('combobox', { name: 'Your question' }).fill(question);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.waitForURL(/\/analyses\/an_/);
  return new URL(page.url()).pathname;
}

describe('accessibility of every page', () => {
  it('has no serious or critical violations signed out', async () => {
    const findings: Finding[] = [];
    await page.goto(url('/login'));
    await page.getByRole('button', { name: 'Create an account' }).waitFor();
    findings.push(...(await violations('sign-in')));

    await page.goto(url('/data?season=2023&round=6'));
    await page.getByRole('region', { name: 'Race result' }).waitFor();
    findings.push(...(await violations('data explorer, signed out')));

    await page.goto(url('/drivers/max_verstappen'));
    await page.getByRole('heading', { name: /Max Verstappen/ }).waitFor();
    findings.push(...(await violations('driver page, signed out')));
    expect(findings).toEqual([]);
  }, 120_000);

  it('has no serious or critical violations signed in', async () => {
    const findings: Finding[] = [];
    await signUp(page, url(''), 'a11y_user');
    findings.push(...(await violations('ask')));

    const answered = await ask('Who won the 2023 Monaco Grand Prix?');
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
    const box = page.getByRole('textbox', { name: 'Ask a follow-up' });
    await box.fill('what about Alonso?');
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname !== answered);
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
    await page.getByRole('navigation', { name: 'Earlier in this thread' }).waitFor();
    await page.getByRole('list', { name: 'The question as understood' }).getByRole('button').first().click();
    findings.push(...(await violations('analysis with thread and chip editor')));

    await ask('How did Hamilton do at Monaco?');
    await page.locator('.clarify').waitFor({ timeout: 90_000 });
    findings.push(...(await violations('analysis asked back')));

    await page.goto(url('/history'));
    await page.getByRole('list', { name: 'Your questions, by thread' }).waitFor();
    findings.push(...(await violations('history')));

    await page.goto(url('/usage'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    findings.push(...(await violations('usage')));

    await page.goto(url('/upload'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    findings.push(...(await violations('upload')));

    await page.goto(url('/data?season=2023&round=6'));
    await page.getByRole('region', { name: 'Race result' }).waitFor();
    await page.getByRole('button', { name: 'Results' }).click();
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
    findings.push(...(await violations('data explorer with a view')));

    await page.goto(url('/drivers/max_verstappen'));
    await page.getByRole('heading', { name: /Max Verstappen/ }).waitFor();
    findings.push(...(await violations('driver page')));

    // Not linked from the app, but every chart kind is on it.
    await page.goto(url('/dev/charts'));
    await page.getByRole('heading', { name: 'Chart catalogue' }).waitFor();
    await page.locator('section[data-kind] svg').first().waitFor();
    findings.push(...(await violations('chart catalogue')));

    await page.goto(url('/'));
    await page.getByText('Ask several questions').click();
    await page
      .getByLabel('Questions, one per line')
      .fill('Who won the 2023 Monaco Grand Prix?\nWho won the 2023 British Grand Prix?');
    await page.getByRole('button', { name: 'Ask 2 questions' }).click();
    await page.waitForURL(/\/batches\//, { timeout: 15_000 });
    await page.getByText(/· finished/).waitFor({ timeout: 90_000 });
    findings.push(...(await violations('batch')));

    await page.goto(url('/api/docs'));
    findings.push(...(await violations('API docs')));

    expect(findings).toEqual([]);
  }, 900_000);
});
