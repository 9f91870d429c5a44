import { checkInHeld, personJoined } from '../../libs/domain/src/testing/builders.js';
import { authHeaders } from '../support/credentials.js';
import { envelope } from '../support/envelopes.js';
import { parseExposition, sampleValue } from '../support/prometheus.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'down-e2e';

describe('ClickHouse unreachable (server mode, nothing listening)', () => {
  let api: TestApp;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: connections are refused at once.
    api = await startTestApp({ CLICKHOUSE_URL: 'http://127.0.0.1:9' });
  });
  afterAll(() => api.close());

  it('keeps recording events', async () => {
    for (const event of [
      personJoined('M', null, '2026-01-01T00:00:00Z'),
      personJoined('R', 'M', '2026-01-01T00:00:00Z'),
      checkInHeld({ leaderId: 'M', reportId: 'R', at: '2026-02-01T00:00:00Z' }),
    ]) {
      expect((await postJson(`${api.url}/v1/orgs/${ORG}/events`, envelope(event, ORG))).status).toBe(201);
    }
    expect((await getJson(`${api.url}/v1/orgs/${ORG}/org-chart`)).body.headcount).toBe(2);
  });

  it('answers reads of the analytics with 503 and the reason', async () => {
    for (const path of [`/v1/orgs/${ORG}/metrics/org`, `/v1/orgs/${ORG}/metrics/managers/M`, `/v1/orgs/${ORG}/metrics/layers`]) {
      const { status, body } = await getJson(`${api.url}${path}`);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        statusCode: 503,
        error: 'unavailable',
        message: expect.stringMatching(/^the analytics store is unavailable: .*(ECONNREFUSED|connect)/),
      });
    }
    expect((await postJson(`${api.url}/v1/sql`, { sql: 'SELECT 1' })).status).toBe(503);
  });

  it('is live but not ready (503) while the analytics are unreachable, and says which part it waits for', async () => {
    expect(await getJson(`${api.url}/health/live`)).toEqual({ status: 200, body: { live: true } });
    const { status, body } = await getJson(`${api.url}/health/ready`);
    expect(status).toBe(503);
    expect(body).toEqual({ ready: false, waitingFor: expect.arrayContaining(['analytics']) });
    expect(body.waitingFor).not.toContain('event-store');
  });

  it('counts the failed connections in the metrics, and shows the analytics down', async () => {
    const samples = parseExposition(await (await fetch(`${api.url}/metrics`, { headers: authHeaders() })).text());
    expect(sampleValue(samples, 'orghealth_analytics_errors_total', { kind: 'unreachable' })).toBeGreaterThan(0);
    expect(sampleValue(samples, 'orghealth_analytics_ready')).toBe(0);
    expect(sampleValue(samples, 'orghealth_projector_lag_events')).toBe(-1);
  });

  it('says so on /health while it keeps retrying', async () => {
    const { body } = await getJson(`${api.url}/health`);
    expect(body.analytics).toMatchObject({ mode: 'server', ready: false, lastError: expect.stringMatching(/ECONNREFUSED|connect/) });
    expect(body.projector).toMatchObject({ checkpoint: null, lag: null });
    expect(body.eventStore.headPosition).toBe(3);
  });
});
