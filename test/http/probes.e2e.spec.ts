import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@orghealth/config';
import { createApp } from '../../apps/api/src/app.factory.js';
import { Readiness } from '../../apps/api/src/health/readiness.js';
import { MetricsServer } from '../../apps/api/src/observability/metrics-server.js';
import { requestIdOf } from '../../apps/api/src/observability/request-id.js';
import { SecurityStore } from '../../apps/api/src/security/security-store.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { TEST_ENGINE_ENV } from '../support/credentials.js';
import { parseExposition, sampleValue } from '../support/prometheus.js';
import { tempDir } from '../support/temp-dir.js';
import { getJson } from '../support/test-app.js';

/*
 * The app as main.ts builds it, before main.ts has marked its start-up work done: the readiness probe must
 * hold traffic off until then. Its metrics are on a port of their own (ORGHEALTH_METRICS_PORT).
 */
describe('probes and the metrics port', () => {
  const dir = tempDir();
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig({
      ORGHEALTH_DATA_DIR: dir.path,
      PORT: '0',
      ORGHEALTH_DEMO: '0',
      LOG_LEVEL: 'error',
      ORGHEALTH_METRICS_PORT: '0',
      ...TEST_ENGINE_ENV,
    });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('is live at once, and not ready (503) until start-up work is done, then ready once all parts are', async () => {
    expect(await getJson(`${url}/health/live`)).toEqual({ status: 200, body: { live: true } });
    const early = await getJson(`${url}/health/ready`);
    expect(early.status).toBe(503);
    expect(early.body).toMatchObject({ ready: false, waitingFor: expect.arrayContaining(['start-up']) });
    // Everything else may be ready already: only start-up is held back.
    await eventually(async () => expect((await getJson(`${url}/health/ready`)).body.waitingFor).toEqual(['start-up']), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    expect((await getJson(`${url}/health/ready`)).status).toBe(503);
    app.get(Readiness).ready = true;
    expect(await getJson(`${url}/health/ready`)).toEqual({ status: 200, body: { ready: true, waitingFor: [] } });
    // The detailed report stays where it was.
    expect((await getJson(`${url}/health`)).body).toMatchObject({ ready: true, analytics: { ready: true } });
  });

  it('serves the metrics on their own port without credentials, and not on the API port', async () => {
    const metricsUrl = app.get(MetricsServer).url!;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    const samples = parseExposition(await response.text());
    expect(
      sampleValue(samples, 'orghealth_http_request_duration_seconds_count', { route: '/health/ready', status_code: '503' }),
    ).toBeGreaterThan(0);
    expect((await getJson(`${url}/metrics`)).status).toBe(404);
    // The operator's scrapes pass the guard without an audit entry: a scraper every few seconds would bury the log.
    expect(
      app
        .get(SecurityStore)
        .auditOf('*', 0, 1000)
        .filter((entry) => entry.action.includes('/metrics')),
    ).toEqual([]);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  });
});

describe('request ids', () => {
  const withHeader = (value: string | undefined) => requestIdOf({ headers: value === undefined ? {} : { 'x-request-id': value } } as never);

  it("keeps a caller's plain X-Request-Id and replaces anything else with a new UUID", () => {
    expect(withHeader('trace-1:abc.DEF_2')).toBe('trace-1:abc.DEF_2');
    for (const value of [undefined, '', 'has space', 'x'.repeat(65), 'line\nbreak', '{"json":1}']) {
      expect(withHeader(value)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
