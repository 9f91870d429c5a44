import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** The page's globals as the callbacks below see them: they run in the browser, not here. */
declare const document: {
  documentElement: { dataset: Record<string, string | undefined>; scrollWidth: number };
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): { click(): void } | null;
};

/** The performance mark a view sets when its own numbers are on screen (apps/web ready-mark.ts). */
const READY_MARK = 'orghealth:ready:';

/** Screenshots of every page the browser tests visit, for a person to look at (git-ignored). */
export const ARTIFACTS = resolve('test-artifacts/dashboard');

export interface ShownValue {
  metric: string;
  /** The API's number as the page received it, `null` for a dash; undefined when suppressed. */
  value: string | undefined;
  suppressed: boolean;
  text: string;
}

/**
 * Signs the browser in through the dashboard's own form, as a person would; the session cookie then
 * stays with the browser context, for its every page.
 */
export async function signIn(page: Page, url: string, credential: string): Promise<void> {
  await page.goto(url);
  await page.fill('#credential', credential);
  await page.click('form.sign-in button[type="submit"]');
  await page.waitForSelector('[data-signed-in]', { timeout: 30_000 });
}

/** A fresh headless browser with a laptop-sized page, signed in at `url` with `credential`. */
export async function signedInBrowser(
  url: string,
  credential: string,
): Promise<{ browser: BrowserContext; page: Page; close: () => Promise<void> }> {
  const { context: browser, close } = await launchChromium();
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, url, credential);
  return { browser, page, close };
}

/** Waits until a view has its own numbers on screen (the page's `data-ready` mark). */
export function waitForView(page: Page, view: string, keyPart = ''): Promise<void> {
  return waitForMark(page, 'ready', `${view}:`, keyPart);
}

/** Waits until a unit's ranked managers, which fill in after its numbers, are on screen (`data-ranking`). */
export function waitForRanking(page: Page, keyPart = ''): Promise<void> {
  return waitForMark(page, 'ranking', '', keyPart);
}

async function waitForMark(page: Page, attribute: string, prefix: string, keyPart: string): Promise<void> {
  await page.waitForFunction(
    ([name, start, part]) => {
      const mark = document.documentElement.dataset[name!] ?? '';
      return mark.startsWith(start!) && mark.includes(part!);
    },
    [attribute, prefix, keyPart] as const,
    { timeout: 30_000 },
  );
}

/** Every metric value shown inside `scope`, by metric name. */
export async function shownValues(page: Page, scope: string): Promise<Map<string, ShownValue>> {
  const values = await page.$$eval(`${scope} [data-metric]`, (elements) =>
    elements.map((element) => ({
      metric: element.getAttribute('data-metric')!,
      value: element.getAttribute('data-value') ?? undefined,
      suppressed: element.getAttribute('data-suppressed') === 'true',
      text: element.textContent!.trim(),
    })),
  );
  return new Map(values.map((value) => [value.metric, value]));
}

export async function waitForCount(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(([within, wanted]) => document.querySelectorAll(within!).length === wanted, [selector, count] as const, {
    timeout: 30_000,
  });
}

/** How wide the page is laid out, scrolling included. */
export function layoutWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** How long a benchmark waits for a view before it calls the run failed (a view that never paints must not hang it). */
const PAINT_TIMEOUT_MS = 60_000;

/** A fresh page load: milliseconds from navigation start to the view's numbers on screen. */
export async function firstPaint(page: Page, url: string, view: string): Promise<number> {
  await page.goto(url);
  return page.evaluate(
    ([name, timeoutMs]) =>
      new Promise<number>((done, fail) => {
        const poll = () => {
          const mark = performance.getEntriesByName(name!).at(-1);
          if (mark) done(Math.round(mark.startTime));
          else if (performance.now() > timeoutMs!) fail(new Error(`${name} not painted ${timeoutMs} ms after navigation`));
          else setTimeout(poll, 5);
        };
        poll();
      }),
    [`${READY_MARK}${view}`, PAINT_TIMEOUT_MS] as const,
  );
}

/**
 * One step inside the page: milliseconds from clicking `selector` to each of `marks` (the next view's
 * numbers, `orghealth:ready:VIEW`, and any part that fills in after them, such as `ranking`).
 */
export async function clickToPaint(page: Page, selector: string, ...marks: string[]): Promise<number[]> {
  return page.evaluate(
    ([target, names, timeoutMs]) =>
      new Promise<number[]>((done, fail) => {
        const before = (names as string[]).map((name) => performance.getEntriesByName(name).length);
        const link = document.querySelector(target as string);
        if (!link) return fail(new Error(`nothing to click at ${target}`));
        const clicked = performance.now();
        link.click();
        const poll = () => {
          const latest = (names as string[]).map((name, i) => performance.getEntriesByName(name).slice(before[i]).at(-1));
          if (latest.every(Boolean)) done(latest.map((mark) => Math.round(mark!.startTime - clicked)));
          else if (performance.now() - clicked > (timeoutMs as number))
            fail(new Error(`${names} not all painted ${timeoutMs} ms after clicking ${target}`));
          else setTimeout(poll, 5);
        };
        poll();
      }),
    [selector, marks.map((mark) => `${READY_MARK}${mark}`), PAINT_TIMEOUT_MS] as const,
  );
}
