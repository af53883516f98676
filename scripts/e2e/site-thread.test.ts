import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserPage } from './browser.ts';
import { shoot, signUp } from './site-helpers.ts';
import { useStack } from './stack-fixture.ts';

/**
 * A conversation on the analysis page, in real Chromium against the whole stack with the builtin planner:
 * a question and two follow-ups typed in the box under the answer, each page showing the thread before it;
 * a chip of the understood query changed and run again; the history grouping the thread; and the same
 * thread asked with the keyboard alone. Screenshots go to test-results/site/thread-*.png.
 */
const { stack } = useStack('pitwall-site-thread');
const browser = useBrowserPage();
const { shots } = browser;
let page: Page;
const url = (path: string) => `${stack().urls.api}${path}`;

beforeAll(() => {
  page = browser.page();
});

const ANSWER_WAIT = { timeout: 90_000 };
const answerOf = (p: Page): Locator => p.getByRole('region', { name: 'Answer' });
async function answerText(p: Page): Promise<string> {
  await answerOf(p).waitFor(ANSWER_WAIT);
  return ((await answerOf(p).textContent()) ?? '').trim();
}
/** Waits for the page of an analysis other than `previous`, and returns its id. */
async function nextAnalysis(p: Page, previous: string): Promise<string> {
  await p.waitForURL((u) => /\/analyses\/an_/.test(u.pathname) && !u.pathname.endsWith(previous));
  return new URL(p.url()).pathname.split('/').at(-1) ?? '';
}
const earlier = (p: Page) => p.getByRole('navigation', { name: 'Earlier in this thread' });
/** The questions a thread list links to, once it has loaded (it is read after the analysis). */
async function linksOf(list: Locator, count: number): Promise<string[]> {
  await list
    .getByRole('link')
    .nth(count - 1)
    .waitFor();
  return list.getByRole('link').allTextContents();
}
/** The element with focus: its tag, id, text and chip (run in the page, whose DOM this file has no types for). */
type Focus = { tag: string; id: string; text: string; chip: string };
const FOCUSED = `(() => {
  const el = document.activeElement;
  return {
    tag: el ? el.tagName.toLowerCase() : '',
    id: el ? el.id : '',
    text: el && el.textContent ? el.textContent.trim() : '',
    chip: (el && el.getAttribute('data-chip')) || '',
  };
})()`;
const focused = (p: Page) => p.evaluate(FOCUSED) as Promise<Focus>;

describe('a thread of questions', () => {
  let first = '';

  it('asks a question and two follow-ups, each answered in the context of the one before', async () => {
    await signUp(page, url(''), 'thread_user');
    await page.locator('#model').selectOption('builtin');
    await page.getByRole('combobox', { name: 'Your question' }).fill('Who won the 2024 Monaco GP?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    first = await nextAnalysis(page, 'none');
    expect(await answerText(page)).toMatch(/^Charles Leclerc \(Ferrari\) won the 2024 Monaco Grand Prix/);
    expect(await earlier(page).count()).toBe(0);

    const box = page.getByRole('textbox', { name: 'Ask a follow-up' });
    await box.fill('and in 2023?');
    await box.press('Enter');
    const second = await nextAnalysis(page, first);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('and in 2023?');
    expect(await answerText(page)).toMatch(/^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix/);
    const before = earlier(page);
    expect(await linksOf(before, 1)).toEqual(['Who won the 2024 Monaco GP?']);
    expect(await before.textContent()).toContain('Charles Leclerc (Ferrari) won the 2024 Monaco Grand Prix.');
    const chips = await page.getByRole('list', { name: 'The question as understood' }).textContent();
    expect(chips).toMatch(/Season\s+2023/);
    expect(chips).toMatch(/Race\s+Monaco Grand Prix/);

    await page.getByRole('textbox', { name: 'Ask a follow-up' }).fill('what about Leclerc?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await nextAnalysis(page, second);
    // The race of the thread stays; the driver named is the new subject: where he finished.
    expect(await answerText(page)).toMatch(/^Charles Leclerc finished 6th .*at the 2023 Monaco Grand Prix/);
    expect(await linksOf(earlier(page), 2)).toEqual(['Who won the 2024 Monaco GP?', 'and in 2023?']);
    expect(await earlier(page).textContent()).toContain(
      'Max Verstappen (Red Bull) won the 2023 Monaco Grand Prix.',
    );
    await shoot(page, shots, 'thread');

    // An earlier question opens its own page, which lists what was asked after it.
    await earlier(page).getByRole('link', { name: 'and in 2023?' }).click();
    await page.waitForURL(new RegExp(`/analyses/${second}$`));
    const next = page.getByRole('navigation', { name: 'Asked next in this thread' });
    expect(await linksOf(next, 1)).toEqual(['what about Leclerc?']);
  }, 300_000);

  it('changes the season chip and runs the edited query as the next question of the thread', async () => {
    await page.goto(url(`/analyses/${first}`));
    expect(await answerText(page)).toMatch(/^Charles Leclerc/);
    const chips = page.getByRole('list', { name: 'The question as understood' });
    // The metric chip offers the published catalog, numbers and charts apart; Escape closes it.
    const metric = chips.getByRole('button', { name: /Metric\s+Wins/ });
    await metric.click();
    const metrics = page.getByLabel('Change metric');
    await page.locator('#chip-choice optgroup[label="Charts"] option', { hasText: 'Race pace' }).waitFor({
      state: 'attached',
    });
    expect(await metrics.locator('optgroup[label="Numbers"] option').allTextContents()).toContain('Podiums');
    await metrics.press('Escape');
    expect(await metrics.count()).toBe(0);
    expect((await focused(page)).chip).toBe('metric');

    await chips.getByRole('button', { name: /Season\s+2024/ }).click();
    const choice = page.getByLabel('Change season');
    expect((await focused(page)).id).toBe('chip-choice');
    await choice.selectOption('2023');
    await shoot(page, shots, 'thread-chip-edit');
    await page.getByRole('button', { name: 'Run again' }).click();
    await nextAnalysis(page, first);
    expect(await answerText(page)).toMatch(/^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix/);
    // The edited query ran as is: the same question about the other season, named by what was understood.
    const edited = await page.getByRole('list', { name: 'The question as understood' }).textContent();
    expect(edited).toMatch(/Season\s+2023/);
    expect(edited).toMatch(/Metric\s+Wins/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/2023/);
    expect((await linksOf(earlier(page), 1))[0]).toBe('Who won the 2024 Monaco GP?');
  }, 240_000);

  it('groups the history by thread, the first question heading its follow-ups', async () => {
    await page.goto(url('/history'));
    const threads = page.getByRole('list', { name: 'Your questions, by thread' });
    await threads.waitFor();
    const follow = threads.getByRole('list', { name: /Follow-ups of “Who won the 2024 Monaco GP\?”/ });
    const asked = await follow.locator('.query').allTextContents();
    expect(asked.slice(0, 2)).toEqual(['and in 2023?', 'what about Leclerc?']);
    expect(asked).toHaveLength(3);
    // One thread: its head is the only top-level row.
    expect(await threads.locator(':scope > li').count()).toBe(1);
    await shoot(page, shots, 'thread-history');
  }, 120_000);
});

describe('a thread by keyboard alone', () => {
  it('asks, follows up twice and walks back through the thread without a pointer', async () => {
    const context = page.context();
    const keyboardPage = await context.browser()?.newPage({ viewport: { width: 1280, height: 900 } });
    if (!keyboardPage) throw new Error('no browser');
    const p = keyboardPage;
    // The page the keys go to must be the one in front.
    await p.bringToFront();
    await signUp(p, url(''), 'thread_keys');
    await p.goto(url('/'));
    await p.getByRole('combobox', { name: 'Your question' }).waitFor();
    // Tab from the top of the page to the question box.
    for (let i = 0; i < 20 && (await focused(p)).id !== 'question'; i++) await p.keyboard.press('Tab');
    expect((await focused(p)).id).toBe('question');
    await p.keyboard.type('Who won the 2024 Monaco GP?');
    await p.keyboard.press('Enter');
    let id = await nextAnalysis(p, 'none');
    // Focus lands on the question of the new page.
    expect(await focused(p)).toMatchObject({ tag: 'h1', text: 'Who won the 2024 Monaco GP?' });
    expect(await answerText(p)).toMatch(/^Charles Leclerc/);

    for (const [question, answer] of [
      ['and in 2023?', /^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix/],
      ['what about Leclerc?', /^Charles Leclerc finished 6th/],
    ] as const) {
      // From the question, the next stop is the way to the follow-up box.
      await p.keyboard.press('Tab');
      expect(await focused(p)).toMatchObject({ tag: 'a', text: 'Ask a follow-up ↓' });
      await p.keyboard.press('Enter');
      expect((await focused(p)).id).toBe('follow-up');
      await p.keyboard.type(question);
      await p.keyboard.press('Enter');
      id = await nextAnalysis(p, id);
      expect(await focused(p)).toMatchObject({ tag: 'h1', text: question });
      expect(await answerText(p)).toMatch(answer);
    }

    // Back from the question, focus walks up the thread: the last earlier question first.
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toMatchObject({ tag: 'a', text: 'and in 2023?' });
    await p.keyboard.press('Enter');
    await p.waitForURL((u) => !u.pathname.endsWith(id));
    expect(await focused(p)).toMatchObject({ tag: 'h1', text: 'and in 2023?' });
    await shoot(p, shots, 'thread-keyboard');
    await p.close();
  }, 300_000);
});

describe('a question asked back', () => {
  it('runs the option picked as its query, named by its label', async () => {
    await page.goto(url('/'));
    await page.getByRole('combobox', { name: 'Your question' }).fill('How did Hamilton do at Monaco?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const asked = await nextAnalysis(page, 'none');
    await page.getByRole('heading', { name: /Which year.s Monaco Grand Prix\?/ }).waitFor(ANSWER_WAIT);
    const option = page.getByRole('button', { name: /Lewis Hamilton at the 2023 Monaco Grand Prix/ });
    const label = ((await option.textContent()) ?? '').trim();
    await option.click();
    await nextAnalysis(page, asked);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(label);
    expect(await answerText(page)).toMatch(
      /^Lewis Hamilton finished \d+\w\w .*at the 2023 Monaco Grand Prix/,
    );
  }, 240_000);
});
