import { PLANTED_PATTERN_RULES, PLANTED_PATTERNS } from '@orghealth/demo';
import { AlertDetail, AlertListResponse, EvaluationResponse } from '../../apps/api/src/alerts/alerts.schemas.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { alertingOrg, FAST_ALERTS_ENV, importOrg, RECENT_END as END } from '../support/alerting-org.js';
import { authHeaders, keyParts } from '../support/credentials.js';
import { createKey } from '../support/security.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'alerts-e2e';
const demo = alertingOrg(ORG);
const { plan } = demo;
const PLANTED = PLANTED_PATTERNS.flatMap((pattern) =>
  plan.planted[pattern].map((subjectId) => `${PLANTED_PATTERN_RULES[pattern]} ${subjectId}`),
).sort();

async function put(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('alerts over HTTP on a generated org', () => {
  let api: TestApp;
  const org = (path: string) => `${api.url}/v1/orgs/${ORG}/${path}`;

  beforeAll(async () => {
    api = await startTestApp(FAST_ALERTS_ENV);
    await importOrg(api.url, demo);
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
  });
  afterAll(() => api.close());

  it('evaluates any instant without recording: exactly the planted managers at the end of the year, nobody before the org existed', async () => {
    const { status, body } = await getJson(org(`alerts/evaluate?asOf=${END}`));
    expect(status).toBe(200);
    expect(EvaluationResponse.strict().parse(body)).toEqual(body);
    expect(body.findings.map((finding: { rule: string; subjectId: string }) => `${finding.rule} ${finding.subjectId}`).sort()).toEqual(
      PLANTED,
    );
    expect(body.thresholds.BOTTLENECK).toEqual({ openApprovals: 10, approvalsResolved: 5, medianApprovalHours: 72 });
    expect((await getJson(org(`alerts/evaluate?asOf=${new Date(Date.parse(plan.start) - 1000).toISOString()}`))).body.findings).toEqual([]);
    expect((await getJson(`${api.url}/v1/orgs/nobody/alerts/evaluate`)).status).toBe(404);
    expect((await getJson(org('alerts/evaluate?asOf=yesterday'))).status).toBe(400);
  });

  it('opens the planted alerts on its own after projection, lists them by status, rule and subject, and shows one with its evidence and history', async () => {
    const { body } = await eventually(
      async () => {
        const listed = await getJson(org('alerts?status=open'));
        expect(listed.body.total).toBe(PLANTED.length);
        return listed;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(AlertListResponse.strict().parse(body)).toEqual(body);
    expect(body.alerts.map((alert: { rule: string; subjectId: string }) => `${alert.rule} ${alert.subjectId}`).sort()).toEqual(PLANTED);

    const [hoarder] = plan.planted.decisionHoarder;
    const { body: mine } = await getJson(org(`alerts?rule=POWER_CONCENTRATION&subject=${hoarder}`));
    expect(mine.alerts).toHaveLength(1);
    expect((await getJson(org('alerts?status=resolved'))).body.total).toBe(0);
    expect((await getJson(org('alerts?limit=2&offset=1'))).body).toMatchObject({
      total: PLANTED.length,
      limit: 2,
      offset: 1,
      alerts: [{}, {}],
    });

    const { status, body: detail } = await getJson(org(`alerts/${mine.alerts[0].alertId}`));
    expect(status).toBe(200);
    expect(AlertDetail.strict().parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ rule: 'POWER_CONCENTRATION', subjectId: hoarder, status: 'open', history: [{ type: 'AlertOpened' }] });
    expect(detail.evidence.signals).toEqual([
      {
        signal: 'powerConcentration',
        conditions: [
          { metric: 'peopleDecisions', value: expect.any(Number), op: '>=', threshold: 5, windowDays: 180 },
          { metric: 'unilateralShare', value: expect.any(Number), op: '>=', threshold: 0.8, windowDays: 180 },
        ],
      },
    ]);
    const metrics = await getJson(`${api.url}${detail.evidence.links.managerMetrics}`);
    expect(metrics.status).toBe(200);
    expect(metrics.body.peopleDecisions).toBe(detail.evidence.signals[0].conditions[0].value);
    expect(metrics.body.unilateralShare).toBe(detail.evidence.signals[0].conditions[1].value);
    expect((await getJson(`${api.url}${detail.evidence.links.evaluation}`)).status).toBe(200);
    expect((await getJson(org('alerts/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });

  it('acknowledges once, recording the authenticated caller and a note; never a "by" from the body, never by the subject; a second time is a conflict', async () => {
    const { body } = await eventually(async () => {
      const listed = await getJson(org('alerts?rule=BOTTLENECK&status=open'));
      expect(listed.body.total).toBeGreaterThan(0);
      return listed;
    });
    const { alertId, subjectId } = body.alerts[0];
    const claimed = await postJson(org(`alerts/${alertId}/acknowledge`), { by: 'hr-lead', note: 'on the agenda' });
    expect(claimed).toMatchObject({
      status: 400,
      body: { error: 'validation_failed', issues: [{ path: 'by', message: expect.stringContaining('authenticated caller') }] },
    });
    const subjectKey = await createKey(api.url, ORG, 'manager', subjectId);
    const bySubject = await postJson(org(`alerts/${alertId}/acknowledge`), { note: 'all fine here' }, subjectKey);
    expect(bySubject).toMatchObject({ status: 403, body: { error: 'forbidden', rule: 'ALERT.SUBJECT_CANNOT_ACKNOWLEDGE' } });
    const analystKey = await createKey(api.url, ORG, 'hr_analyst');
    const acknowledged = await postJson(org(`alerts/${alertId}/acknowledge`), { note: 'on the agenda' }, analystKey);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      acknowledged: { by: `key:${keyParts(analystKey).id}`, note: 'on the agenda' },
      history: [{ type: 'AlertOpened' }, { type: 'AlertAcknowledged' }],
    });
    expect((await getJson(org('alerts?status=acknowledged'))).body.alerts.map((alert: { alertId: string }) => alert.alertId)).toEqual([
      alertId,
    ]);
    const again = await postJson(org(`alerts/${alertId}/acknowledge`), {});
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict', rule: 'ALERT.ALREADY_ACKNOWLEDGED' } });
    expect((await postJson(org('alerts/00000000-0000-4000-8000-000000000000/acknowledge'), {})).status).toBe(404);
  });

  it('keeps per-org thresholds: defaults, a validated replacement, and evaluation against them', async () => {
    expect((await getJson(org('settings/alerts'))).body.thresholds.FEEDBACK_GAP).toEqual({
      directs: 3,
      feedbackCoverage: 0.34,
      oneOnOneCoverage: 0.5,
    });
    const bad = await put(org('settings/alerts'), { BOTTLENECK: { openApprovals: -3 }, TYPO: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['BOTTLENECK.openApprovals', 'TYPO']);
    const saved = await put(`${api.url}/v1/orgs/settings-only/settings/alerts`, { POWER_CONCENTRATION: { peopleDecisions: 1000 } });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        orgId: 'settings-only',
        thresholds: { POWER_CONCENTRATION: { peopleDecisions: 1000, unilateralShare: 0.8 }, BOTTLENECK: { openApprovals: 10 } },
      },
    });
    const hoarders = plan.planted.decisionHoarder.length;
    const powerAlerts = (status: string) => getJson(org(`alerts?rule=POWER_CONCENTRATION&status=${status}`));
    const before = (await powerAlerts('open')).body.alerts.map((alert: { alertId: string }) => alert.alertId);
    expect(before).toHaveLength(hoarders);

    await put(org('settings/alerts'), { POWER_CONCENTRATION: { peopleDecisions: 1000 } });
    const { body } = await getJson(org(`alerts/evaluate?asOf=${END}`));
    expect(body.findings.filter((finding: { rule: string }) => finding.rule === 'POWER_CONCENTRATION')).toEqual([]);
    expect(body.findings.length).toBe(PLANTED.length - hoarders);
    // The org is evaluated again under its new thresholds: the hoarders' alerts resolve without any new event…
    await eventually(async () => expect((await powerAlerts('resolved')).body.total).toBe(hoarders), { timeoutMs: 20_000, intervalMs: 100 });

    await put(org('settings/alerts'), {});
    expect((await getJson(org('settings/alerts'))).body.thresholds.POWER_CONCENTRATION.peopleDecisions).toBe(5);
    // … and back at the defaults, new alerts open for them: a resolved alert never reopens.
    const reopened = await eventually(
      async () => {
        const { body: open } = await powerAlerts('open');
        expect(open.total).toBe(hoarders);
        return open.alerts.map((alert: { alertId: string }) => alert.alertId);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(reopened.filter((alertId: string) => before.includes(alertId))).toEqual([]);
  });

  it('documents the alert and webhook endpoints, and the lifecycle events receivers get, in the OpenAPI document', async () => {
    const { body } = await getJson(`${api.url}/docs/json`);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orgs/{orgId}/alerts/evaluate',
        '/v1/orgs/{orgId}/alerts/{alertId}/acknowledge',
        '/v1/orgs/{orgId}/settings/alerts',
        '/v1/orgs/{orgId}/webhooks/{subscriptionId}/deliveries',
      ]),
    );
    expect(body.components.schemas.AlertOpened.properties.data.properties.signals).toBeDefined();
    expect(body.components.schemas.AlertThresholds.properties.BOTTLENECK.properties.openApprovals).toMatchObject({ default: 10 });
  });

  it('refuses alert lifecycle events from senders: the engine records them itself', async () => {
    const forged = {
      eventId: '0b7f5a4e-8a43-4b0e-9d7e-2f1c3a4b5c6d',
      type: 'AlertResolved',
      orgId: ORG,
      occurredAt: END,
      schemaVersion: 1,
      data: {},
    };
    const { status, body } = await postJson(org('events'), forged);
    expect(status).toBe(400);
    expect(body.issues).toEqual([expect.objectContaining({ path: 'type' })]);
  });
});
