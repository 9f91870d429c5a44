import type { BrowserContext } from 'playwright-core';
import { personJoined } from '../../libs/domain/src/testing/builders.js';
import { launchChromium } from '../support/chromium.js';
import { TEST_ADMIN_KEY } from '../support/credentials.js';
import { screenshot, signIn } from '../support/dashboard-page.js';
import { envelope } from '../support/envelopes.js';
import { postJson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'dash-not-ready';

describe('the dashboard while the analytics cannot be reached', () => {
  let api: TestApp;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    // Port 9 (discard) on loopback: every analytics read is refused at once and answered 503.
    api = await startTestApp({ CLICKHOUSE_URL: 'http://127.0.0.1:9' });
    for (const event of [personJoined('M', null, '2026-01-01T00:00:00Z'), personJoined('R', 'M', '2026-01-01T00:00:00Z')]) {
      expect((await postJson(`${api.url}/v1/orgs/${ORG}/events`, envelope(event, ORG))).status).toBe(201);
    }
    ({ context: browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
  });

  it('says the analytics are not ready, and keeps asking by itself', async () => {
    const page = await browser.newPage();
    await signIn(page, `${api.url}/?org=${ORG}`, TEST_ADMIN_KEY);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/metrics/org')) asked.push(request.url());
    });
    await page.goto(`${api.url}/?org=${ORG}`);
    await page.waitForSelector('[data-problem="not-ready"]');
    expect(await page.textContent('[data-problem="not-ready"] h2')).toBe('The analytics are not ready yet');
    expect(await page.textContent('[data-problem="not-ready"]')).toContain('asks again every 5 seconds');
    const first = asked.length;
    await page.waitForRequest((request) => request.url().includes('/metrics/org'), { timeout: 8000 });
    expect(asked.length).toBeGreaterThan(first);
    await screenshot(page, '10-not-ready');
  });
});
