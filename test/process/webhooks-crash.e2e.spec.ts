import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../docs/examples/webhook-receiver.mjs';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { rebuild } from '../support/analytics-snapshot.js';
import { EngineProcess } from '../support/engine-process.js';
import { alertingOrg, FAST_ALERTS_ENV, importOrg } from '../support/alerting-org.js';
import { getJson, postJson } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

const ORG = 'webhooks-crash';
const SECRET = 'crash-test-secret-0123456789';
const ENV = {
  ...FAST_ALERTS_ENV,
  ORGHEALTH_ALERTS_EVERY_MS: '1000',
  ORGHEALTH_WEBHOOK_MAX_ATTEMPTS: '50',
  // Long enough that the held requests are still in flight when the engine is killed.
  ORGHEALTH_WEBHOOK_TIMEOUT_MS: '120000',
  // The receiver is on 127.0.0.1: an on-premises setup, where the operator allows private targets.
  ORGHEALTH_WEBHOOK_ALLOW_PRIVATE: '1',
};

/** A receiver that can hold requests unanswered (as a slow receiver would), and records each verified delivery id. */
function holdingReceiver() {
  const state = {
    hold: true,
    held: [] as ServerResponse[],
    heldIds: new Set<string>(),
    ids: new Set<string>(),
    eventIds: new Set<string>(),
    requests: 0,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.requests++;
      const raw = Buffer.concat(chunks);
      if (!verifySignature(SECRET, raw, request.headers['x-orghealth-signature'])) {
        response.writeHead(401).end();
        return;
      }
      const id = String(request.headers['x-orghealth-delivery']);
      if (state.hold) {
        state.heldIds.add(id);
        state.held.push(response);
        return;
      }
      state.ids.add(id);
      state.eventIds.add(JSON.parse(raw.toString('utf8')).event.eventId);
      response.writeHead(204).end();
    });
  });
  return { server, state };
}

describe('webhooks when the API is killed mid-delivery', () => {
  const dir = tempDir();
  const { server, state } = holdingReceiver();
  let engine: EngineProcess | undefined;

  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(async () => {
    await engine?.kill();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    dir.remove();
  });

  it('loses nothing: after a restart every delivery arrives, interrupted ones again under the same id, and a rebuild re-sends no history', async () => {
    engine = await EngineProcess.start(dir.path, ENV);
    const port = (server.address() as AddressInfo).port;
    const { body: subscription } = await postJson(`${engine.url}/v1/orgs/${ORG}/webhooks`, {
      url: `http://127.0.0.1:${port}/hooks`,
      secret: SECRET,
    });
    await importOrg(engine.url, alertingOrg(ORG));

    // Deliveries are in flight, held unanswered by the receiver: kill the engine under them.
    await eventually(() => expect(state.heldIds.size).toBeGreaterThanOrEqual(4), { timeoutMs: 60_000, intervalMs: 20 });
    await engine.kill();
    const interrupted = new Set(state.heldIds);
    for (const response of state.held) response.destroy();
    state.hold = false;

    engine = await EngineProcess.start(dir.path, ENV);
    const url = engine.url;
    const deliveries = async () =>
      (await getJson(`${url}/v1/orgs/${ORG}/webhooks/${subscription.subscriptionId}/deliveries?limit=5000`)).body;
    const delivered = await eventually(
      async () => {
        const listed = await deliveries();
        expect(listed.total).toBeGreaterThanOrEqual(12);
        expect(listed.deliveries.filter((delivery: { status: string }) => delivery.status !== 'delivered')).toEqual([]);
        return listed;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    const ids = delivered.deliveries.map((delivery: { deliveryId: string }) => delivery.deliveryId);
    expect([...state.ids].sort()).toEqual([...ids].sort());
    for (const id of interrupted) expect(state.ids).toContain(id);

    // Every recorded transition reached the receiver.
    const { body: alerts } = await getJson(`${url}/v1/orgs/${ORG}/alerts?limit=5000`);
    const histories = await Promise.all(
      alerts.alerts.map(
        async (alert: { alertId: string }) => (await getJson(`${url}/v1/orgs/${ORG}/alerts/${alert.alertId}`)).body.history,
      ),
    );
    const recorded = new Set(histories.flat().map((event: { eventId: string }) => event.eventId));
    expect(state.eventIds).toEqual(recorded);

    const requestsBefore = state.requests;
    expect(await rebuild(url)).toMatchObject({ type: 'done' });
    // A few scheduled evaluations after the rebuild: the same alerts hold, nothing is recorded or sent again.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect((await deliveries()).total).toBe(delivered.total);
    expect(state.requests).toBe(requestsBefore);
    expect((await getJson(`${url}/v1/orgs/${ORG}/alerts?status=resolved`)).body.total).toBe(0);
  }, 180_000);
});
