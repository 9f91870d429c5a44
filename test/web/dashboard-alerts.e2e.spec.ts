import type { Page } from 'playwright-core';
import { PLANTED_PATTERN_RULES, PLANTED_PATTERNS } from '@orghealth/demo';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { alertingOrg, FAST_ALERTS_ENV, importOrg, RECENT_END } from '../support/alerting-org.js';
import { TEST_ADMIN_KEY } from '../support/credentials.js';
import { screenshot, signedInBrowser, waitForCount, waitForView } from '../support/dashboard-page.js';
import { getOk, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'dash-alerts';
const demo = alertingOrg(ORG);
const PLANTED = PLANTED_PATTERNS.flatMap((pattern) =>
  demo.plan.planted[pattern].map((subjectId) => `${PLANTED_PATTERN_RULES[pattern]} ${subjectId}`),
);
const RULES = ['MICROMANAGEMENT', 'POWER_CONCENTRATION', 'BOTTLENECK', 'FEEDBACK_GAP'];
/** Thirty days before the generated year ends: a past instant the evaluation answers afresh. */
const PAST = new Date(Date.parse(RECENT_END) - 30 * 86_400_000).toISOString().slice(0, 10);
const PAST_INSTANT = `${PAST}T23:59:59.999Z`;

interface Condition {
  metric: string;
  value: number;
  threshold: number;
}
interface Alert {
  alertId: string;
  rule: string;
  subjectId: string;
  status: string;
  signals: { signal: string; conditions: Condition[] }[];
  acknowledged: { by: string; note: string | null } | null;
}

/** The evidence a card shows, condition by condition, as the page received it. */
const shownEvidence = (page: Page, card: string) =>
  page.$$eval(`${card} [data-condition]`, (rows) =>
    rows.map((row) => [
      row.getAttribute('data-condition'),
      Number(row.getAttribute('data-value')),
      Number(row.getAttribute('data-threshold')),
    ]),
  );
const evidenceOf = (alert: Pick<Alert, 'signals'>) =>
  alert.signals.flatMap((signal) => signal.conditions.map((condition) => [condition.metric, condition.value, condition.threshold]));

describe('alerts in the dashboard, on a generated org with planted patterns', () => {
  let api: TestApp;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const apiGet = (path: string) => getOk(`${api.url}/v1/orgs/${ORG}/${path}`);
  const active = async (): Promise<Alert[]> =>
    (await apiGet('alerts?limit=5000')).alerts.filter((alert: Alert) => alert.status !== 'resolved');

  beforeAll(async () => {
    api = await startTestApp(FAST_ALERTS_ENV);
    await importOrg(api.url, demo);
    await eventually(async () => expect((await apiGet('alerts?status=open')).total).toBe(PLANTED.length), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    ({ page, close: closeBrowser } = await signedInBrowser(`${api.url}/?org=${ORG}`, TEST_ADMIN_KEY));
  }, 120_000);
  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
  });

  it('overview: open alerts by rule are the API counts, each a link to the rule in Alerts', async () => {
    await waitForView(page, 'overview', ORG);
    await waitForCount(page, '[data-alert-rule] [data-count]', RULES.length);
    const alerts = await active();
    for (const rule of RULES) {
      const shown = await page.getAttribute(`[data-alert-rule="${rule}"] [data-count]`, 'data-count');
      expect({ rule, shown }).toEqual({ rule, shown: String(alerts.filter((alert) => alert.rule === rule).length) });
    }
    await screenshot(page, '13-overview-alerts');
  });

  it('alerts view: every open alert with its evidence (measured values and thresholds), filtered by rule', async () => {
    await page.click('nav[aria-label="Sections"] a[href*="view=alerts"]');
    await waitForView(page, 'alerts', `${ORG}@now::active:`);
    const alerts = await active();
    await waitForCount(page, '.alert-card', alerts.length);
    for (const alert of alerts) {
      const card = `.alert-card[data-alert="${alert.alertId}"]`;
      expect({ alert: alert.alertId, evidence: await shownEvidence(page, card) }).toEqual({
        alert: alert.alertId,
        evidence: evidenceOf(alert),
      });
    }
    await screenshot(page, '14-alerts');
    await page.selectOption('select[name="rule"]', 'BOTTLENECK');
    await waitForView(page, 'alerts', ':BOTTLENECK:active:');
    const bottlenecks = alerts
      .filter((alert) => alert.rule === 'BOTTLENECK')
      .map((alert) => alert.alertId)
      .sort();
    expect(bottlenecks.length).toBeGreaterThan(0);
    expect((await page.$$eval('.alert-card', (cards) => cards.map((card) => card.getAttribute('data-alert')))).sort()).toEqual(bottlenecks);
    expect(new URL(page.url()).searchParams.get('rule')).toBe('BOTTLENECK');
  });

  it('acknowledges an alert with a note: the list shows it acknowledged, and the API recorded it', async () => {
    await page.goto(`${api.url}/?org=${ORG}&view=alerts`);
    await waitForView(page, 'alerts', `${ORG}@now::active:`);
    const alertId = (await page.getAttribute('.alert-card[data-status="open"]', 'data-alert'))!;
    const card = `.alert-card[data-alert="${alertId}"]`;
    const note = 'Talked to them on Monday; pairing on approvals this week.';
    await page.fill(`${card} textarea[name="note"]`, note);
    await page.click(`${card} .acknowledge button[type="submit"]`);
    await page.waitForSelector(`${card}[data-status="acknowledged"]`, { timeout: 30_000 });
    expect(await page.textContent(`${card} [data-note]`)).toBe(note);
    expect(await page.$$(`${card} .acknowledge`)).toHaveLength(0);
    const recorded = await apiGet(`alerts/${alertId}`);
    expect(recorded).toMatchObject({ status: 'acknowledged', acknowledged: { by: 'operator', note } });
    await screenshot(page, '15-alert-acknowledged');

    await page.selectOption('select[name="status"]', 'acknowledged');
    await waitForView(page, 'alerts', ':acknowledged:');
    expect(
      await page.$$eval('.alert-card', (cards) => cards.map((item) => [item.getAttribute('data-alert'), item.getAttribute('data-status')])),
    ).toEqual([[alertId, 'acknowledged']]);
  });

  it("the unit page lists its unit's alerts, the manager page a manager's alerts with their evidence", async () => {
    const alerts = await active();
    await page.goto(`${api.url}/?org=${ORG}&view=tree`);
    await waitForView(page, 'tree', ORG);
    await page.waitForSelector('[data-alerts-about]');
    expect(await page.getAttribute('[data-alerts-about]', 'data-alerts-about')).toBe(String(alerts.length));
    await screenshot(page, '16-tree-alerts');

    const [alert] = alerts;
    await page.goto(`${api.url}/?org=${ORG}&view=manager&id=${alert!.subjectId}`);
    await waitForView(page, 'manager', alert!.subjectId);
    const card = `.alerts-about .alert-card[data-alert="${alert!.alertId}"]`;
    await page.waitForSelector(card);
    expect(await page.$$eval('.alerts-about .alert-card', (cards) => cards.map((item) => item.getAttribute('data-subject')))).toEqual(
      alerts.filter((other) => other.subjectId === alert!.subjectId).map(() => alert!.subjectId),
    );
    expect(await shownEvidence(page, card)).toEqual(evidenceOf(alert!));
    await screenshot(page, '17-manager-alerts');
  });

  it('time travel: at a past date the Alerts view shows what the evaluation held then, with nothing to acknowledge', async () => {
    const { findings } = await apiGet(`alerts/evaluate?asOf=${PAST_INSTANT}`);
    expect(findings.length).toBeGreaterThan(0);
    await page.goto(`${api.url}/?org=${ORG}&view=alerts&asOf=${PAST}`);
    await waitForView(page, 'alerts', `${ORG}@${PAST}:`);
    await waitForCount(page, '.alert-card', findings.length);
    for (const finding of findings) {
      const card = `.alert-card[data-alert="${finding.rule}:${finding.subjectId}"]`;
      expect(await page.getAttribute(card, 'data-status')).toBe('held');
      expect(await shownEvidence(page, card)).toEqual(evidenceOf(finding));
    }
    expect(await page.$$('.acknowledge')).toHaveLength(0);
    await screenshot(page, '18-alerts-past');
  });
});
