import { readFileSync } from 'node:fs';
import { signBody } from '@orghealth/alerts';
import { DeliveryListResponse, WebhookListResponse } from '../../apps/api/src/webhooks/webhooks.schemas.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { alertingOrg, FAST_ALERTS_ENV, importOrg } from '../support/alerting-org.js';
import { authHeaders } from '../support/credentials.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/test-app.js';
import { exampleVerifySignature, freePort, TestReceiver } from '../support/webhook-receiver.js';

const SECRET = 'a-secret-of-at-least-16-chars';
const importDemo = (api: TestApp, orgId: string) => importOrg(api.url, alertingOrg(orgId));

const deliveriesOf = async (api: TestApp, orgId: string, subscriptionId: string) =>
  (await getJson(`${api.url}/v1/orgs/${orgId}/webhooks/${subscriptionId}/deliveries?limit=5000`)).body;

/** Every lifecycle event recorded for the org, from the alerts' histories. */
async function transitions(api: TestApp, orgId: string): Promise<{ eventId: string; type: string; rule: string }[]> {
  const { body } = await getJson(`${api.url}/v1/orgs/${orgId}/alerts?limit=5000`);
  const details = await Promise.all(
    body.alerts.map(async (alert: { alertId: string }) => (await getJson(`${api.url}/v1/orgs/${orgId}/alerts/${alert.alertId}`)).body),
  );
  return details.flatMap((detail) =>
    detail.history.map((event: { eventId: string; type: string }) => ({ eventId: event.eventId, type: event.type, rule: detail.rule })),
  );
}

describe('webhooks against real local receivers', () => {
  let api: TestApp;
  const receivers: TestReceiver[] = [];
  const receiver = () => {
    const created = new TestReceiver(SECRET);
    receivers.push(created);
    return created;
  };

  beforeEach(async () => {
    // The receivers are on 127.0.0.1: an on-premises setup, where the operator allows private targets.
    api = await startTestApp({ ...FAST_ALERTS_ENV, ORGHEALTH_WEBHOOK_MAX_ATTEMPTS: '6', ORGHEALTH_WEBHOOK_ALLOW_PRIVATE: '1' });
  });
  afterEach(async () => {
    await api.close();
    for (const created of receivers.splice(0)) await created.close();
  });

  it('signs every transition over its raw body, delivers it once per subscription that wants its rule (from its creation on), and lists deliveries with their attempts', async () => {
    const all = receiver();
    const bottlenecks = receiver();
    const [allPort, bottleneckPort] = [await all.listen(), await bottlenecks.listen()];
    const org = 'webhooks-signed';
    const created = await postJson(`${api.url}/v1/orgs/${org}/webhooks`, { url: `http://127.0.0.1:${allPort}/hook`, secret: SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      subscriptionId: expect.any(String),
      orgId: org,
      url: `http://127.0.0.1:${allPort}/hook`,
      rules: ['MICROMANAGEMENT', 'POWER_CONCENTRATION', 'BOTTLENECK', 'FEEDBACK_GAP'],
      createdAt: expect.any(String),
    });
    const narrow = await postJson(`${api.url}/v1/orgs/${org}/webhooks`, {
      url: `http://127.0.0.1:${bottleneckPort}/`,
      secret: SECRET,
      rules: ['BOTTLENECK'],
    });
    expect(narrow.status).toBe(201);
    const listed = await getJson(`${api.url}/v1/orgs/${org}/webhooks`);
    expect(WebhookListResponse.strict().parse(listed.body)).toEqual(listed.body);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect(
      (await postJson(`${api.url}/v1/orgs/${org}/webhooks`, { url: 'ftp://x', secret: 'short' })).body.issues
        .map((issue: { path: string }) => issue.path)
        .sort(),
    ).toEqual(['secret', 'url']);

    await importDemo(api, org);
    const opened = await eventually(
      async () => {
        const recorded = await transitions(api, org);
        expect(recorded.length).toBeGreaterThanOrEqual(12);
        expect(all.deliveries.length).toBe(recorded.length);
        return recorded;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const bottleneck = opened.find((event) => event.rule === 'BOTTLENECK')!;
    const { body: list } = await getJson(`${api.url}/v1/orgs/${org}/alerts?rule=BOTTLENECK`);
    expect((await postJson(`${api.url}/v1/orgs/${org}/alerts/${list.alerts[0].alertId}/acknowledge`, {})).status).toBe(200);

    const recorded = await eventually(
      async () => {
        const now = await transitions(api, org);
        expect(all.deliveries.length).toBe(now.length);
        expect(bottlenecks.deliveries.length).toBe(now.filter((event) => event.rule === 'BOTTLENECK').length);
        return now;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(recorded.map((event) => event.type)).toContain('AlertAcknowledged');
    expect(new Set(all.deliveries.map((delivery) => delivery.body.event.eventId))).toEqual(new Set(recorded.map((event) => event.eventId)));
    expect(bottlenecks.deliveries.map((delivery) => delivery.body.event.data.rule)).toEqual(bottlenecks.deliveries.map(() => 'BOTTLENECK'));
    expect(bottlenecks.deliveries.map((delivery) => delivery.body.event.eventId)).toContain(bottleneck.eventId);
    // Every request carried a valid signature: the example receiver answers 401 otherwise.
    expect(all.rejected + bottlenecks.rejected).toBe(0);
    expect(all.deliveries[0]!.body).toMatchObject({
      orgId: org,
      subscriptionId: created.body.subscriptionId,
      sequence: expect.any(Number),
      event: { type: 'AlertOpened' },
    });

    const deliveries = await deliveriesOf(api, org, created.body.subscriptionId);
    expect(DeliveryListResponse.strict().parse(deliveries)).toEqual(deliveries);
    expect(deliveries.total).toBe(recorded.length);
    expect(
      deliveries.deliveries.every(
        (delivery: { status: string; attempts: number; attemptLog: { statusCode: number }[] }) =>
          delivery.status === 'delivered' && delivery.attempts === 1 && delivery.attemptLog[0]!.statusCode === 204,
      ),
    ).toBe(true);
    expect(new Set(deliveries.deliveries.map((delivery: { deliveryId: string }) => delivery.deliveryId))).toEqual(
      new Set(all.deliveries.map((delivery) => delivery.deliveryId)),
    );

    // A subscription created now receives what happens from now on, not the history.
    const late = receiver();
    const latePort = await late.listen();
    const lateSubscription = await postJson(`${api.url}/v1/orgs/${org}/webhooks`, { url: `http://127.0.0.1:${latePort}/`, secret: SECRET });
    const another = (await getJson(`${api.url}/v1/orgs/${org}/alerts?status=open&rule=FEEDBACK_GAP`)).body.alerts[0].alertId;
    expect((await postJson(`${api.url}/v1/orgs/${org}/alerts/${another}/acknowledge`, {})).status).toBe(200);
    await eventually(() => expect(late.deliveries.map((delivery) => delivery.body.event.type)).toEqual(['AlertAcknowledged']), {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    expect(late.deliveries[0]!.body.event.data.alertId).toBe(another);
    expect((await deliveriesOf(api, org, lateSubscription.body.subscriptionId)).total).toBe(1);

    expect(
      (await fetch(`${api.url}/v1/orgs/${org}/webhooks/${narrow.body.subscriptionId}`, { method: 'DELETE', headers: authHeaders() }))
        .status,
    ).toBe(204);
    expect(
      (await fetch(`${api.url}/v1/orgs/${org}/webhooks/${narrow.body.subscriptionId}`, { method: 'DELETE', headers: authHeaders() }))
        .status,
    ).toBe(404);
    expect(
      (await getJson(`${api.url}/v1/orgs/${org}/webhooks`)).body.webhooks.map((hook: { subscriptionId: string }) => hook.subscriptionId),
    ).toEqual([created.body.subscriptionId, lateSubscription.body.subscriptionId]);
  });

  it("verifies as the docs say: the engine's signature, the example receiver's check, and a tampered body fails both", () => {
    // The receiver the tests use is the one docs/alerts.md shows, character for character.
    expect(readFileSync('docs/alerts.md', 'utf8')).toContain(readFileSync('docs/examples/webhook-receiver.mjs', 'utf8'));
    const body = JSON.stringify({ deliveryId: 'd', event: { type: 'AlertOpened' } });
    const header = signBody(SECRET, body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(exampleVerifySignature(SECRET, Buffer.from(body), header)).toBe(true);
    expect(exampleVerifySignature(SECRET, Buffer.from(`${body} `), header)).toBe(false);
    expect(exampleVerifySignature('another-secret-entirely', Buffer.from(body), header)).toBe(false);
    expect(exampleVerifySignature(SECRET, Buffer.from(body), undefined)).toBe(false);
    expect(exampleVerifySignature(SECRET, Buffer.from(body), header.slice(0, -1))).toBe(false);
  });

  it('keeps deliveries while the receiver is down and delivers each once when it is back; gives up after the last attempt', async () => {
    const port = await freePort();
    const org = 'webhooks-down';
    const down = await postJson(`${api.url}/v1/orgs/${org}/webhooks`, { url: `http://127.0.0.1:${port}/`, secret: SECRET });
    const failing = receiver();
    const failingPort = await failing.listen();
    // A receiver that never accepts the signature: every attempt is answered 401.
    const broken = await postJson(`${api.url}/v1/orgs/${org}/webhooks`, {
      url: `http://127.0.0.1:${failingPort}/`,
      secret: 'not-the-receivers-secret',
      rules: ['FEEDBACK_GAP'],
    });
    await importDemo(api, org);

    const waiting = await eventually(
      async () => {
        const { deliveries } = await deliveriesOf(api, org, down.body.subscriptionId);
        expect(deliveries.length).toBeGreaterThanOrEqual(12);
        expect(
          deliveries.every((delivery: { status: string; attempts: number }) => delivery.status === 'pending' && delivery.attempts >= 2),
        ).toBe(true);
        return deliveries;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    // The record says only that the try failed: the reason (ECONNREFUSED here) is for the server log, not for whoever reads deliveries.
    expect(waiting[0].attemptLog[0]).toMatchObject({ statusCode: null, error: 'failed' });

    const back = receiver();
    await back.listen(port);
    const delivered = await eventually(
      async () => {
        const { deliveries } = await deliveriesOf(api, org, down.body.subscriptionId);
        expect(deliveries.every((delivery: { status: string }) => delivery.status === 'delivered')).toBe(true);
        return deliveries;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(back.deliveries.map((delivery) => delivery.deliveryId).sort()).toEqual(
      delivered.map((delivery: { deliveryId: string }) => delivery.deliveryId).sort(),
    );
    expect(new Set(back.deliveries.map((delivery) => delivery.body.event.eventId)).size).toBe(delivered.length);

    const failed = await eventually(
      async () => {
        const { deliveries } = await deliveriesOf(api, org, broken.body.subscriptionId);
        expect(deliveries.length).toBeGreaterThan(0);
        expect(deliveries.every((delivery: { status: string }) => delivery.status === 'failed')).toBe(true);
        return deliveries;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(failed[0]).toMatchObject({ attempts: 6, lastError: 'HTTP 401', nextAttemptAt: null });
    expect(failed[0].attemptLog.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(failing.deliveries).toEqual([]);
    expect((await getJson(`${api.url}/v1/orgs/${org}/webhooks/${broken.body.subscriptionId}/deliveries?status=failed`)).body.total).toBe(
      failed.length,
    );
  });
});
