import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT } from '../src/services.ts';

/** Debian's Chromium, driven headless (Playwright gives each launch a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A Chromium page for a test file: launched before its tests (after hooks registered earlier, such as the
 * stack's), closed after them. Screenshots go to `shots`.
 */
export function useBrowserPage() {
  const shots = join(REPO_ROOT, 'test-results/site');
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    shots,
    page: () => {
      if (!page) throw new Error('the browser has not started');
      return page;
    },
  };
}
