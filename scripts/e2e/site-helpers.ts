import { join } from 'node:path';
import type { Page } from 'playwright-core';

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

/**
 * Saves the page as it looks on a desktop and a phone, in light and dark, as `<name>-<width>-<scheme>.png`,
 * then puts the page back to desktop light.
 */
export async function shoot(page: Page, dir: string, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // Lets layout and LayerChart's resize observers settle at the new size.
      await page.waitForTimeout(250);
      await page.screenshot({ path: join(dir, `${name}-${size}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The text of every cell in one column of the table inside `scope`. */
export async function columnText(page: Page, scope: string, column: number): Promise<string[]> {
  return page
    .locator(scope)
    .locator(`tbody tr td:nth-child(${column + 1})`)
    .allTextContents();
}

/** Creates an account on the login page at `base` and waits for the ask page it lands on. */
export async function signUp(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('combobox', { name: 'Your question' }).waitFor();
}
