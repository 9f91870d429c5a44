import { join } from 'node:path';
import { toNdjsonLines } from '@orghealth/demo';
import { personJoined } from '../../libs/domain/src/testing/builders.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { alertingOrg, FAST_ALERTS_ENV } from '../support/alerting-org.js';
import { TEST_ADMIN_KEY } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { envelope } from '../support/envelopes.js';
import { parseExposition, sampleValue, type Sample } from '../support/prometheus.js';
import { createKey } from '../support/security.js';
import { tempDir } from '../support/temp-dir.js';
import { getJson, postJson, postNdjson } from '../support/test-app.js';
import { TestReceiver } from '../support/webhook-receiver.js';

const ORG = 'observed-org';
const SECRET = 'observability-webhook-secret-0123';
const demo = alertingOrg(ORG);
const events = [...demo.events];
const lines = [...toNdjsonLines(events)].map((line) => line.trimEnd());
const names = events.flatMap((event) => (event.type === 'PersonJoined' && event.data.name ? [event.data.name] : []));

/*
 * The engine as an operator runs it (its own process, stdout piped as to a log collector), taken through an
 * import, the alerts it opens, a webhook delivery and analysts' queries; then what Prometheus would scrape,
 * and what the logs hold.
 */
describe('observability of the running engine', () => {
  const dir = tempDir();
  const receiver = new TestReceiver(SECRET);
  let engine: EngineProcess;
  let analystKey: string;
  let samples: Sample[];

  const scrape = async (key: string | null = TEST_ADMIN_KEY) =>
    fetch(`${engine.url}/metrics`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  beforeAll(async () => {
    const port = await receiver.listen();
    engine = await EngineProcess.start(join(dir.path, 'data'), { ...FAST_ALERTS_ENV, ORGHEALTH_WEBHOOK_ALLOW_PRIVATE: '1' });
    analystKey = await createKey(engine.url, ORG, 'hr_analyst');
    expect((await postJson(`${engine.url}/v1/orgs/${ORG}/webhooks`, { url: `http://127.0.0.1:${port}/`, secret: SECRET })).status).toBe(
      201,
    );
    const imported = await postNdjson(`${engine.url}/v1/orgs/${ORG}/events/import`, lines);
    expect(imported.body).toMatchObject({ accepted: lines.length, rejected: 0 });
    // Again: ten duplicates and a line that is not JSON.
    const again = await postNdjson(`${engine.url}/v1/orgs/${ORG}/events/import`, [...lines.slice(0, 10), '{not json']);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 10, rejected: 1 });
    // One event through the single-event endpoint, which names its source itself.
    expect(
      (
        await postJson(
          `${engine.url}/v1/orgs/observed-single/events`,
          envelope(personJoined('A', null, '2026-01-01T00:00:00Z'), 'observed-single'),
        )
      ).status,
    ).toBe(201);
    await eventually(async () => expect(receiver.deliveries.length).toBeGreaterThan(0), { timeoutMs: 60_000, intervalMs: 250 });
    // After the alerts: their lifecycle events join the store too, and the projector passes them before the scrape.
    await eventually(async () => expect((await getJson(`${engine.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    const sql = (statement: string) =>
      fetch(`${engine.url}/v1/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${analystKey}`, 'x-request-id': 'analyst-trace-1' },
        body: JSON.stringify({ sql: statement }),
      });
    const answered = await sql('SELECT count() FROM check_ins');
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-request-id')).toBe('analyst-trace-1');
    expect((await sql('SELEKT nothing')).status).toBe(400);
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    samples = parseExposition(await response.text());
  }, 300_000);

  afterAll(async () => {
    await engine.stop();
    await receiver.close();
    dir.remove();
  });

  it("serves /metrics to the operator's key only", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape(analystKey)).status).toBe(403);
  });

  it('counts HTTP requests by route pattern and status, with latency histograms', () => {
    const importRoute = { method: 'POST', route: '/v1/orgs/:orgId/events/import', status_code: '200' };
    expect(sampleValue(samples, 'orghealth_http_request_duration_seconds_count', importRoute)).toBe(2);
    expect(sampleValue(samples, 'orghealth_http_request_duration_seconds_bucket', { ...importRoute, le: '+Inf' })).toBe(2);
    expect(sampleValue(samples, 'orghealth_http_request_duration_seconds_sum', importRoute)).toBeGreaterThan(0);
    // The path held the org's id; the label holds the pattern only.
    expect(samples.some((sample) => Object.values(sample.labels).some((value) => value.includes(ORG)))).toBe(false);
  });

  it('counts events recorded by source and import lines by outcome', () => {
    // The generated org's lines name their source (demo); the single event was named by the endpoint.
    expect(sampleValue(samples, 'orghealth_events_recorded_total', { source: 'demo' })).toBeGreaterThanOrEqual(lines.length);
    expect(sampleValue(samples, 'orghealth_events_recorded_total', { source: 'api' })).toBe(1);
    expect(sampleValue(samples, 'orghealth_import_lines_total', { outcome: 'accepted' })).toBe(lines.length);
    expect(sampleValue(samples, 'orghealth_import_lines_total', { outcome: 'duplicates' })).toBe(10);
    expect(sampleValue(samples, 'orghealth_import_lines_total', { outcome: 'rejected' })).toBe(1);
  });

  it("shows the projector's lag and batch times", () => {
    expect(sampleValue(samples, 'orghealth_projector_lag_events')).toBe(0);
    expect(sampleValue(samples, 'orghealth_projector_batch_duration_seconds_count')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'orghealth_projector_events_projected_total')).toBeGreaterThanOrEqual(lines.length);
    expect(sampleValue(samples, 'orghealth_analytics_ready')).toBe(1);
  });

  it('counts alert evaluations and open alerts by rule, as the alerts API lists them', async () => {
    expect(sampleValue(samples, 'orghealth_alert_evaluations_total', { outcome: 'changed' })).toBeGreaterThan(0);
    const open = (await getJson(`${engine.url}/v1/orgs/${ORG}/alerts?status=open&limit=500`)).body.alerts as { rule: string }[];
    const metricsNow = parseExposition(await (await scrape()).text());
    for (const rule of ['MICROMANAGEMENT', 'POWER_CONCENTRATION', 'BOTTLENECK', 'FEEDBACK_GAP']) {
      expect([rule, sampleValue(metricsNow, 'orghealth_alerts_open', { rule })]).toEqual([
        rule,
        open.filter((alert) => alert.rule === rule).length,
      ]);
    }
    expect(sampleValue(metricsNow, 'orghealth_alerts_open')).toBeGreaterThan(0);
  });

  it('counts webhook deliveries by outcome', () => {
    expect(sampleValue(samples, 'orghealth_webhook_delivery_attempts_total', { outcome: 'delivered' })).toBeGreaterThan(0);
  });

  it('counts analyst queries by outcome with their time, and ClickHouse errors', () => {
    expect(sampleValue(samples, 'orghealth_analyst_query_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(samples, 'orghealth_analyst_query_duration_seconds_count', { outcome: 'refused' })).toBe(1);
    expect(sampleValue(samples, 'orghealth_analytics_errors_total', { operation: 'query', kind: 'clickhouse' })).toBeGreaterThanOrEqual(1);
  });

  it('shows the write model loaded and the memory in use', () => {
    expect(sampleValue(samples, 'orghealth_write_model_orgs_loaded')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('logs JSON lines with request ids, and no key, secret or name', async () => {
    const logged = engine.stdout().trimEnd().split('\n');
    const entries = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      entries.every((entry) => typeof entry.level === 'string' && typeof entry.time === 'string' && typeof entry.msg === 'string'),
    ).toBe(true);
    expect(entries).toContainEqual(
      expect.objectContaining({ context: 'http', route: '/v1/sql', statusCode: 200, requestId: 'analyst-trace-1' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        context: 'http',
        route: '/v1/orgs/:orgId/events/import',
        statusCode: 200,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    );
    const text = engine.stdout();
    expect(names.length).toBeGreaterThan(100);
    for (const secret of [TEST_ADMIN_KEY, analystKey, analystKey.slice(-43), SECRET, ...names])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });
});
