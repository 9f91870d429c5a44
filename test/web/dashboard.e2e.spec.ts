import type { BrowserContext, Page } from 'playwright-core';
import { LayerMetricsResponse, ManagerMetricsSchema, UnitMetricsResponse } from '../../apps/api/src/metrics/metrics.schemas.js';
import { formatChange, formatValue } from '../../apps/web/src/format.js';
import { METRICS, type MetricKey } from '../../apps/web/src/metrics.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { personJoined } from '../../libs/domain/src/testing/builders.js';
import { createKey } from '../support/security.js';
import { TEST_ADMIN_KEY } from '../support/credentials.js';
import { envelope } from '../support/envelopes.js';
import { demoLines } from '../support/demo-lines.js';
import { getJson, getOk, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';
import {
  layoutWidth,
  screenshot,
  shownValues,
  signedInBrowser,
  signIn,
  waitForCount,
  waitForRanking,
  waitForView,
  type ShownValue,
} from '../support/dashboard-page.js';

const ORG = 'dash-e2e';
/** The generated year ends on 31 Oct 2026; the page asks about the end of the chosen day. */
const AS_OF = '2026-10-30';
const AS_OF_INSTANT = '2026-10-30T23:59:59.999Z';
const EARLIER_INSTANT = new Date(Date.parse(AS_OF_INSTANT) - 90 * 86_400_000).toISOString();
const PAST = '2026-05-15';
const SMALL_LEAD = 'SMALL-LEAD';
const JOINED = '2026-10-20T09:00:00Z';
const PAST_INSTANT = '2026-05-15T23:59:59.999Z';

/** The overview: these ten, each with a sparkline and its change against 90 days earlier. */
const OVERVIEW: MetricKey[] = [
  'headcount',
  'layers',
  'avgSpanOfControl',
  'oneOnOneCoverage',
  'feedbackCoverage',
  'skipLevelCoverage',
  'delegationRate',
  'reclaimRate',
  'unilateralShare',
  'decisionConcentration',
];
const metricsOf = (shape: object, notMetrics: string[]) => Object.keys(shape).filter((key) => !notMetrics.includes(key)) as MetricKey[];
/** Every metric the API serves for a unit, a layer and a manager: the page shows each one. */
const UNIT = metricsOf(UnitMetricsResponse.shape, ['orgId', 'asOf', 'windowDays', 'minGroupSize', 'unitId', 'suppressed']);
const LAYER = metricsOf(LayerMetricsResponse.shape.layers.element.shape, ['layer', 'suppressed']);
const MANAGER = metricsOf(ManagerMetricsSchema.shape, ['personId', 'layer']);

type Numbers = Record<string, unknown> & { suppressed?: boolean; minGroupSize?: number };

/** What a person reads on screen is the API's number, formatted; a suppressed group says so instead. */
function expectShownAsApi(shown: Map<string, ShownValue>, api: Numbers, metrics: MetricKey[]): void {
  for (const metric of metrics) {
    const value = shown.get(metric);
    if (api.suppressed) {
      expect({ metric, ...value }).toMatchObject({ metric, suppressed: true, text: `fewer than ${api.minGroupSize} people` });
      continue;
    }
    const number = api[metric] as number | null;
    expect({ metric, value: value?.value, text: value?.text }).toEqual({
      metric,
      value: String(number),
      text: formatValue(METRICS[metric].kind, number),
    });
  }
}

describe('the dashboard in a real browser, against a running engine', () => {
  let api: TestApp;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const apiGet = (path: string) => getOk(`${api.url}/v1/orgs/${ORG}/${path}`);
  const open = (query: string) => page.goto(`${api.url}/?org=${ORG}&${query}`);

  beforeAll(async () => {
    api = await startTestApp();
    const { lines, events } = demoLines({ orgId: ORG, totalEvents: 9000, seed: 5 });
    const ceo = (events.find((event) => event.type === 'PersonJoined' && event.data.managerId === null)!.data as { personId: string })
      .personId;
    // The generated teams are all large enough to be shown: one small team joins at the end.
    const smallTeam = [
      personJoined(SMALL_LEAD, ceo, JOINED),
      personJoined('SMALL-A', SMALL_LEAD, JOINED),
      personJoined('SMALL-B', SMALL_LEAD, JOINED),
    ];
    const { body } = await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, [
      ...lines,
      ...smallTeam.map((event) => JSON.stringify(envelope(event, ORG))),
    ]);
    expect(body).toMatchObject({ accepted: lines.length + smallTeam.length, rejected: 0 });
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    ({ browser, page, close: closeBrowser } = await signedInBrowser(`${api.url}/?org=${ORG}`, TEST_ADMIN_KEY));
  }, 120_000);
  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
  });

  it('overview: every tile shows the API number, its change against 90 days earlier and a 12-month sparkline', async () => {
    await open(`asOf=${AS_OF}`);
    await waitForView(page, 'overview', AS_OF_INSTANT);
    const [now, before] = [await apiGet(`metrics/org?asOf=${AS_OF_INSTANT}`), await apiGet(`metrics/org?asOf=${EARLIER_INSTANT}`)];
    expect(now.suppressed).toBe(false);
    expectShownAsApi(await shownValues(page, '.tiles'), now, OVERVIEW);
    for (const metric of OVERVIEW) {
      const change = await page.textContent(`[data-change="${metric}"] .change-text`);
      expect({ metric, change }).toEqual({ metric, change: formatChange(METRICS[metric].kind, now[metric], before[metric]) });
    }
    await waitForCount(page, '.tiles .sparkline[data-points]', OVERVIEW.length);
    const trend = await apiGet(
      `metrics/trend?metric=oneOnOneCoverage&group=org&from=${new Date(Date.parse(AS_OF_INSTANT) - 364 * 86_400_000).toISOString()}&to=${AS_OF_INSTANT}`,
    );
    expect(await page.getAttribute('[data-tile="oneOnOneCoverage"] .sparkline', 'data-points')).toBe(String(trend.points.length));
    expect(trend.points.length).toBe(53);
    await screenshot(page, '1-overview');
  });

  it('layers: reached by keyboard; each layer column is the API layer, suppressed layers say so', async () => {
    await page.focus('nav[aria-label="Sections"] a[href*="view=layers"]');
    await page.keyboard.press('Enter');
    await waitForView(page, 'layers', AS_OF_INSTANT);
    const { layers, minGroupSize } = await apiGet(`metrics/layers?asOf=${AS_OF_INSTANT}`);
    expect(layers.length).toBeGreaterThanOrEqual(3);
    for (const layer of layers)
      expectShownAsApi(await shownValues(page, `tbody td[data-layer="${layer.layer}"]`), { ...layer, minGroupSize }, LAYER);
    expect(await page.textContent('.insight')).toMatch(/^Feedback reaches the fewest reports from managers in layer \d/);
    await screenshot(page, '2-layers');
  });

  it('org tree: drills down three levels, each unit the API unit with its change, its managers ranked as the API ranks them', async () => {
    const chart = await apiGet(`org-chart?asOf=${AS_OF_INSTANT}&limit=5000`);
    const people = new Map<string, { personId: string; managerId: string | null; directs: string[] }>(
      chart.people.map((person: { personId: string }) => [person.personId, person]),
    );
    const top = chart.people.filter((person: { managerId: string | null }) => person.managerId === null);
    expect(top).toHaveLength(1);
    await page.click('nav[aria-label="Sections"] a[href*="view=tree"]');
    let unitId: string = top[0].personId;
    let unitsCompared = 0;
    for (let level = 1; level <= 3; level++) {
      await waitForView(page, 'tree', `${AS_OF_INSTANT}:${level === 1 ? '' : unitId}`);
      const unit = await apiGet(`metrics/units/${unitId}?asOf=${AS_OF_INSTANT}`);
      expectShownAsApi(await shownValues(page, '.tiles'), unit, UNIT);
      const earlier = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/units/${unitId}?asOf=${EARLIER_INSTANT}`);
      if (earlier.status === 200 && !earlier.body.suppressed && !unit.suppressed) {
        await waitForCount(page, '.tiles [data-change]', UNIT.length);
        for (const metric of UNIT) {
          const change = await page.textContent(`[data-change="${metric}"] .change-text`);
          expect({ level, metric, change }).toEqual({
            level,
            metric,
            change: formatChange(METRICS[metric].kind, unit[metric], earlier.body[metric]),
          });
        }
        unitsCompared++;
      }
      const crumbs = await page.$$eval('.breadcrumbs li', (items) => items.length);
      expect(crumbs).toBe(level);
      await screenshot(page, `3-tree-level-${level}`);
      if (level === 3) break;
      const next = (await page.getAttribute('.unit-list [data-unit] a', 'href'))!;
      const parentId = unitId;
      unitId = new URLSearchParams(next.slice(next.indexOf('?'))).get('id')!;
      expect(people.get(unitId)?.managerId).toBe(parentId);
      await page.click('.unit-list [data-unit] a');
    }
    expect(new URL(page.url()).searchParams.get('id')).toBe(unitId);
    expect(unitsCompared).toBeGreaterThanOrEqual(1);

    await page.selectOption('select[name="rank"]', 'feedbackCoverage');
    await page.selectOption('select[name="order"]', 'desc');
    await waitForRanking(page, `${AS_OF_INSTANT}:${unitId}:feedbackCoverage:desc`);
    const members = new Set<string>();
    for (const queue = [unitId]; queue.length > 0; ) {
      const id = queue.pop()!;
      members.add(id);
      queue.push(...people.get(id)!.directs);
    }
    const { managers } = await apiGet(`metrics/managers?asOf=${AS_OF_INSTANT}&sort=feedbackCoverage&order=desc&limit=5000`);
    const expected = managers.filter((manager: { personId: string }) => members.has(manager.personId)).slice(0, 25);
    expect(expected.length).toBeGreaterThan(0);
    const rows = await page.$$eval('.ranked-table tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-manager'), tr.querySelector('[data-metric="feedbackCoverage"]')?.getAttribute('data-value')]),
    );
    expect(rows).toEqual(
      expected.map((manager: { personId: string; feedbackCoverage: number | null }) => [
        manager.personId,
        String(manager.feedbackCoverage),
      ]),
    );
    await screenshot(page, '4-tree-ranked');
  });

  it('a unit below the privacy threshold says "fewer than 5 people" instead of numbers', async () => {
    const unit = await apiGet(`metrics/units/${SMALL_LEAD}?asOf=${AS_OF_INSTANT}`);
    expect(unit.suppressed).toBe(true);
    await open(`view=tree&id=${SMALL_LEAD}&asOf=${AS_OF}`);
    await waitForView(page, 'tree', SMALL_LEAD);
    expectShownAsApi(await shownValues(page, '.tiles'), unit, UNIT);
    expect(await page.textContent('[data-suppressed-unit]')).toContain('fewer than 5 people');
    await screenshot(page, '5-tree-suppressed');
  });

  it('manager page: every per-manager metric is the API number, with the directs of the org chart', async () => {
    await open(`view=tree&asOf=${AS_OF}`);
    await waitForRanking(page, AS_OF_INSTANT);
    const href = (await page.getAttribute('.ranked-table tbody tr:nth-child(2) a', 'href'))!;
    const managerId = new URLSearchParams(href.slice(href.indexOf('?'))).get('id')!;
    await page.click('.ranked-table tbody tr:nth-child(2) a');
    await waitForView(page, 'manager', managerId);
    const metrics = await apiGet(`metrics/managers/${managerId}?asOf=${AS_OF_INSTANT}`);
    expectShownAsApi(await shownValues(page, '.manager-table tbody td:nth-child(2)'), metrics, MANAGER);
    const earlier = await apiGet(`metrics/managers/${managerId}?asOf=${EARLIER_INSTANT}`);
    await waitForCount(page, '.manager-table tbody td:nth-child(3) [data-metric]', MANAGER.length);
    expectShownAsApi(await shownValues(page, '.manager-table tbody td:nth-child(3)'), earlier, MANAGER);
    for (const metric of MANAGER) {
      const change = (await page.textContent(`td[data-change="${metric}"]`))!.trim();
      expect({ metric, change }).toEqual({ metric, change: formatChange(METRICS[metric].kind, metrics[metric], earlier[metric]) });
    }
    const person = await apiGet(`people/${managerId}?asOf=${AS_OF_INSTANT}`);
    expect(await page.$$eval('[data-direct]', (items) => items.map((item) => item.getAttribute('data-direct')))).toEqual(person.directs);
    await waitForCount(page, '.trend-list .sparkline[data-points]', 4);
    await screenshot(page, '6-manager');
  });

  it('as of: a past date moves the overview to the API numbers of that date, and stays in the address', async () => {
    await open(`asOf=${AS_OF}`);
    await waitForView(page, 'overview', AS_OF_INSTANT);
    const later = await shownValues(page, '.tiles');
    await page.fill('#as-of', PAST);
    await waitForView(page, 'overview', PAST_INSTANT);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(PAST);
    const past = await apiGet(`metrics/org?asOf=${PAST_INSTANT}`);
    const shown = await shownValues(page, '.tiles');
    expectShownAsApi(shown, past, OVERVIEW);
    expect(OVERVIEW.filter((metric) => shown.get(metric)!.value !== later.get(metric)!.value).length).toBeGreaterThan(0);
    await screenshot(page, '7-overview-past');
    await page.reload();
    await waitForView(page, 'overview', PAST_INSTANT);
    expectShownAsApi(await shownValues(page, '.tiles'), past, OVERVIEW);
  });

  it('fits a tablet held upright without sideways scrolling', async () => {
    const tablet = await browser.newPage();
    await tablet.setViewportSize({ width: 768, height: 1024 });
    try {
      await tablet.goto(`${api.url}/?org=${ORG}&view=tree&asOf=${AS_OF}`);
      await waitForView(tablet, 'tree', AS_OF_INSTANT);
      expect(await layoutWidth(tablet)).toBeLessThanOrEqual(768);
      await screenshot(tablet, '8-tablet-tree');
    } finally {
      await tablet.close();
    }
  });

  it('an unknown org says so and what to do', async () => {
    await page.goto(`${api.url}/?org=no-such-org`);
    await page.waitForSelector('[data-problem="not-found"]');
    expect(await page.textContent('[data-problem="not-found"]')).toContain('org no-such-org has no events');
    await screenshot(page, '9-unknown-org');
  });

  it('signs out; a manager signs in and sees only their own subtree, their unit as their overview', async () => {
    const chart = await apiGet('org-chart?limit=5000');
    const people = new Map<string, { personId: string; managerId: string | null; directs: string[] }>(
      chart.people.map((person: { personId: string }) => [person.personId, person]),
    );
    const ceo = chart.people.find((person: { managerId: string | null }) => person.managerId === null);
    const subtreeOf = (head: string) => {
      const members = new Set<string>();
      for (const queue = [head]; queue.length > 0; ) {
        const id = queue.pop()!;
        members.add(id);
        queue.push(...people.get(id)!.directs);
      }
      return members;
    };
    // The largest unit one level under the top: a real part of the org, big enough to show its numbers.
    const managerId: string = [...ceo.directs].sort((a: string, b: string) => subtreeOf(b).size - subtreeOf(a).size)[0];
    const subtree = subtreeOf(managerId);
    expect(people.get(managerId)!.directs.some((direct) => people.get(direct)!.directs.length > 0)).toBe(true);
    const key = await createKey(api.url, ORG, 'manager', managerId);

    await page.click('.signed-in button');
    await page.waitForSelector('form.sign-in');
    await page.fill('#credential', `${key}x`);
    await page.click('form.sign-in button[type="submit"]');
    expect(await (await page.waitForSelector('[data-problem="sign-in"]')).textContent()).toContain('not valid');
    await screenshot(page, '11-sign-in-refused');

    await signIn(page, `${api.url}/?org=${ORG}&asOf=${AS_OF}`, key);
    await waitForRanking(page, `${ORG}@${AS_OF_INSTANT}:${managerId}:`);
    expect(await page.getAttribute('[data-signed-in]', 'data-signed-in')).toBe('manager');
    expect(await page.$$eval('nav[aria-label="Sections"] a', (links) => links.map((link) => link.textContent))).toEqual([
      'My unit',
      'Alerts',
    ]);
    expect(await page.$$('#org')).toHaveLength(0);
    expect(await page.$$eval('.breadcrumbs li', (items) => items.length)).toBe(1);
    const unit = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/units/${managerId}?asOf=${AS_OF_INSTANT}`, key);
    expect(unit).toMatchObject({ status: 200, body: { suppressed: false } });
    expectShownAsApi(await shownValues(page, '.tiles'), unit.body, UNIT);
    const shownPeople = await page.$$eval('[data-unit], [data-manager]', (rows) =>
      rows.map((row) => row.getAttribute('data-unit') ?? row.getAttribute('data-manager')),
    );
    expect(shownPeople.length).toBeGreaterThan(1);
    expect(shownPeople.filter((id) => !subtree.has(id!))).toEqual([]);
    await screenshot(page, '12-manager-own-unit');

    // Addresses a manager may not open show their own unit instead of a refusal: the org's layers, another org.
    for (const query of [`org=${ORG}&view=layers&asOf=${AS_OF}`, `org=other-org&asOf=${AS_OF}`]) {
      await page.goto(`${api.url}/?${query}`);
      await waitForRanking(page, `${ORG}@${AS_OF_INSTANT}:${managerId}:`);
      expect({ query, problems: await page.$$('[data-problem]') }).toEqual({ query, problems: [] });
    }
  });
});
