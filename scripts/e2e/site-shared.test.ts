import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/services.ts';
import { launchChromium } from './browser.ts';
import { shoot, signUp } from './site-helpers.ts';
import { publishSeason, useStack } from './stack-fixture.ts';

/**
 * Open browsing in real Chromium against the whole stack: an owner shares an answer, a visitor with no
 * account opens the link in a fresh browser (answer and chart), the owner revokes it and the link is gone;
 * the data explorer and a driver page (the 2023 bundles published) read signed out, and asking there tells
 * the visitor to sign in. Screenshots at desktop and phone width go to test-results/site/.
 */
const { stack } = useStack('pitwall-site-shared');
const shots = join(REPO_ROOT, 'test-results/site');
const url = (path: string) => `${stack().urls.api}${path}`;
let browser: Browser;
let owner: Page;
/** A visitor without an account: its own browser context, so no token, no storage shared with the owner. */
let visitor: BrowserContext;
let guest: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  owner = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
  visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  guest = await visitor.newPage();
  await publishSeason(stack(), 2023);
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it stands, light and dark. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(150);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    for (const v of results.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      found.push(
        `${colorScheme}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
      );
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** What the visitor's browser holds of a session: nothing, or the test would prove little. */
const guestToken = () => guest.evaluate(() => localStorage.getItem('pitwall.token'));

async function createLink(): Promise<string> {
  const link = owner.locator('#share-url');
  await link.waitFor();
  return link.inputValue();
}

describe('a shared link', () => {
  it('is made by the owner and opens read-only, signed out, with the answer and its chart', async () => {
    await signUp(owner, url(''), 'sharer');
    await owner.getByRole('combobox', { name: 'Your question' }).fill('Who won the 2023 Monaco Grand Prix?');
    await owner.getByRole('button', { name: 'Ask', exact: true }).click();
    await owner.waitForURL(/\/analyses\/an_/);
    await owner.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });

    const control = owner.getByRole('region', { name: 'Share this analysis' });
    await control.getByText('Only you can see it.').waitFor();
    await control.getByRole('button', { name: 'Create a share link' }).click();
    const link = await createLink();
    expect(link).toMatch(new RegExp(`^${url('/shared/')}[A-Za-z0-9_-]{32}$`));
    await owner.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url('') });
    await control.getByRole('button', { name: 'Copy link' }).click();
    await control.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await owner.evaluate('navigator.clipboard.readText()')).toBe(link);
    await owner.locator('figure svg').first().waitFor({ timeout: 30_000 });
    await shoot(owner, shots, 'share-control');
    expect(await accessibilityProblems(owner)).toEqual([]);

    await guest.goto(link);
    const answer = guest.getByRole('region', { name: 'Answer' });
    await answer.waitFor({ timeout: 30_000 });
    expect(guest.url()).toBe(link);
    expect(await guestToken()).toBeNull();
    expect(await answer.textContent()).toContain('Max Verstappen');
    expect(await guest.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Who won the 2023 Monaco Grand Prix?',
    );
    await guest.getByText('Shared analysis · read-only').waitFor();
    // The chart draws in the visitor's browser, one bar per timed finisher.
    await guest.locator('figure svg').first().waitFor({ timeout: 30_000 });
    expect(await guest.locator('figure svg rect, figure svg path').count()).toBeGreaterThan(5);
    // Read-only: nothing to ask, share or cancel here, and no account.
    for (const name of ['Create a share link', 'Stop sharing', 'Cancel analysis', 'Sign out']) {
      expect(await guest.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await guest.getByRole('combobox').count()).toBe(0);
    await guest.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    // The chart's files come through the link too.
    const svgButton = guest.getByRole('button', { name: /as SVG$/ }).first();
    const [download] = await Promise.all([guest.waitForEvent('download'), svgButton.click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('<svg');
    await shoot(guest, shots, 'shared');
    expect(await accessibilityProblems(guest)).toEqual([]);
  });

  it('says it is shared after a reload, replaces the link when a new one is made, and dies when revoked', async () => {
    const first = await createLink();
    await owner.reload();
    const control = owner.getByRole('region', { name: 'Share this analysis' });
    await control.getByText(/Shared by link since/).waitFor();
    await control.getByRole('button', { name: 'Make a new link' }).click();
    const second = await createLink();
    expect(second).not.toBe(first);

    // A fresh load of the old link (the visitor's tab still shows it from before).
    await guest.goto('about:blank');
    await guest.goto(first);
    await guest.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await guest.getByRole('alert').textContent()).toContain('This link does not open anything');
    await guest.goto(second);
    await guest.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 30_000 });

    await control.getByRole('button', { name: 'Stop sharing' }).click();
    await control.getByText('Not shared: the link no longer works.').waitFor();
    await guest.reload();
    await guest.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await guest.getByRole('alert').textContent()).toContain('This link does not open anything');
    expect(await guest.getByRole('region', { name: 'Answer' }).count()).toBe(0);
    await shoot(guest, shots, 'shared-revoked');
    expect(await accessibilityProblems(guest)).toEqual([]);
    await control.getByRole('button', { name: 'Create a share link' }).waitFor();
    expect(await accessibilityProblems(owner)).toEqual([]);
  });
});

describe('open browsing', () => {
  it('shows the data explorer signed out; asking there says to sign in', async () => {
    await guest.goto(url('/data?season=2023&round=6'));
    await guest.getByRole('heading', { name: '2023 Monaco Grand Prix' }).waitFor();
    expect(new URL(guest.url()).pathname).toBe('/data');
    const result = guest.getByRole('region', { name: 'Race result' });
    await result.waitFor();
    expect(await result.locator('li').count()).toBe(10);
    await guest.getByRole('button', { name: 'Lap times' }).click();
    const notice = guest.getByRole('status').filter({ hasText: 'needs an account' });
    await notice.waitFor();
    const signIn = notice.getByRole('link', { name: 'sign in or create one' });
    expect(await signIn.getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent('/data?season=2023&round=6')}`,
    );
    // Nothing was asked: no analysis shown, and the visitor still has no account.
    expect(await guest.getByRole('region', { name: 'Answer' }).count()).toBe(0);
    expect(await guestToken()).toBeNull();
    await shoot(guest, shots, 'data-signed-out');
    expect(await accessibilityProblems(guest)).toEqual([]);
  });

  it('shows a driver page signed out, reached from the race result', async () => {
    await guest
      .getByRole('region', { name: 'Race result' })
      .getByRole('link', { name: 'Max Verstappen' })
      .first()
      .click();
    await guest.waitForURL(/\/drivers\/max_verstappen$/);
    await guest.getByRole('heading', { name: /Max Verstappen/ }).waitFor();
    expect(await guest.locator('table.seasons tbody tr').count()).toBeGreaterThanOrEqual(11);
    await guest.locator('figure svg').first().waitFor({ timeout: 30_000 });
    await shoot(guest, shots, 'driver-signed-out');
  });

  it('still sends a visitor who wants to ask, or to see history, to sign in', async () => {
    for (const path of ['/', '/history', '/upload']) {
      await guest.goto(url(path));
      await guest.waitForURL(/\/login\?next=/);
      expect(new URL(guest.url()).searchParams.get('next')).toBe(path);
    }
    // Signing in from the explorer's prompt comes back to the race.
    await guest.goto(url('/data?season=2023&round=6'));
    await guest.getByRole('button', { name: 'Lap times' }).click();
    await guest.getByRole('link', { name: 'sign in or create one' }).click();
    await guest.getByRole('button', { name: 'Create an account' }).click();
    await guest.locator('#username').fill('visitor');
    await guest.locator('#password').fill('a long enough password');
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.waitForURL(/\/data\?season=2023&round=6$/);
    await guest.getByRole('button', { name: 'Sign out' }).waitFor();
  });
});
