import type { Page } from 'playwright-core';
import { checkInHeld, personJoined } from '../../libs/domain/src/testing/builders.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { TEST_ADMIN_KEY } from '../support/credentials.js';
import { parseCsv } from '../support/csv.js';
import { signedInBrowser, waitForRanking, waitForView } from '../support/dashboard-page.js';
import { envelope } from '../support/envelopes.js';
import { getJson, getOk, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'dash-downloads';
const JOINED = '2026-01-01T00:00:00Z';
const AS_OF = '2026-06-30';
const AS_OF_INSTANT = '2026-06-30T23:59:59.999Z';

const events = [
  personJoined('CEO', null, JOINED),
  ...['VP1', 'VP2', 'VP3'].map((id) => personJoined(id, 'CEO', JOINED)),
  ...['A1', 'A2', 'A3', 'B1', 'B2', 'C1'].map((id) => personJoined(id, `VP${id.charCodeAt(0) - 64}`, JOINED)),
  checkInHeld({ leaderId: 'VP1', reportId: 'A1', at: '2026-06-10T10:00:00Z' }),
  checkInHeld({ leaderId: 'CEO', reportId: 'VP2', at: '2026-06-15T10:00:00Z' }),
];

describe("the dashboard's Download CSV links, in a real browser", () => {
  let api: TestApp;
  let page: Page;
  let closeBrowser: () => Promise<void>;

  /** Follows the view's Download CSV link with the page's own session cookie, and reads the CSV. */
  async function downloaded(): Promise<Record<string, unknown>[]> {
    const href = await page.getAttribute('a.download-csv', 'href');
    expect(href).toContain('format=csv');
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url!);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }, href);
    expect(answer).toMatchObject({ status: 200, type: 'text/csv' });
    return parseCsv(answer.text);
  }

  beforeAll(async () => {
    api = await startTestApp();
    const { body } = await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      events.map((event) => JSON.stringify(envelope(event, ORG))),
    );
    expect(body).toMatchObject({ accepted: events.length, rejected: 0 });
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    ({ page, close: closeBrowser } = await signedInBrowser(`${api.url}/?org=${ORG}`, TEST_ADMIN_KEY));
  }, 120_000);
  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
  });

  it('layers: the file is the API layers as of the shown date', async () => {
    await page.goto(`${api.url}/?org=${ORG}&view=layers&asOf=${AS_OF}`);
    await waitForView(page, 'layers', AS_OF_INSTANT);
    const { layers } = await getOk(`${api.url}/v1/orgs/${ORG}/metrics/layers?asOf=${AS_OF_INSTANT}`);
    expect(await downloaded()).toEqual(layers);
  });

  it("a unit's ranked managers: the file is every manager of the unit, in the shown order", async () => {
    await page.goto(`${api.url}/?org=${ORG}&view=tree&id=CEO&asOf=${AS_OF}`);
    await waitForRanking(page, AS_OF_INSTANT);
    const shown = await page.$$eval('.ranked-table tbody tr', (rows) => rows.map((row) => row.getAttribute('data-manager')));
    const rows = await downloaded();
    expect(rows.map((row) => row.personId)).toEqual(shown);
    const { managers } = await getOk(`${api.url}/v1/orgs/${ORG}/metrics/managers?asOf=${AS_OF_INSTANT}&unit=CEO&limit=5000`);
    expect(rows).toEqual(expect.arrayContaining(managers));
    expect(rows).toHaveLength(managers.length);
  });
});
