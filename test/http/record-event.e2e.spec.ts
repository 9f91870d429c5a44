import { checkInHeld, personJoined, skipLevelDone } from '../../libs/domain/src/testing/builders.js';
import { envelope } from '../support/envelopes.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { getJson, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'acme-e2e';

/** No stack trace, no file path, whatever went wrong. */
function expectNoInternals(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\s+at\s+\S+\s+\(|\/work\/|node_modules|\.ts:\d+|\.js:\d+/);
}

describe('POST /v1/orgs/{orgId}/events against a listening server', () => {
  let api: TestApp;
  let events: string;

  beforeAll(async () => {
    api = await startTestApp();
    events = `${api.url}/v1/orgs/${ORG}/events`;
    for (const event of [
      personJoined('E1', null, '2026-01-05T09:00:00Z'),
      personJoined('E2', 'E1', '2026-01-05T09:00:00Z'),
      personJoined('E3', 'E2', '2026-01-05T09:00:00Z'),
      personJoined('E4', 'E3', '2026-01-05T09:00:00Z'),
    ]) {
      expect((await postJson(events, envelope(event, ORG))).status).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('records a valid event: 201 with its position', async () => {
    const event = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-02T10:00:00+02:00' }), ORG);
    const { status, body } = await postJson(events, event);
    expect(status).toBe(201);
    expect(body).toEqual({ eventId: event.eventId, duplicate: false, position: expect.any(Number) });
    expect(body.position).toBeGreaterThan(0);
  });

  it('records a duplicate once: 200 with duplicate: true, and the store head does not move', async () => {
    const event = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-09T10:00:00Z' }), ORG);
    const first = await postJson(events, event);
    const head = (await getJson(`${api.url}/health`)).body.eventStore.headPosition;
    const second = await postJson(events, event);
    expect(first.status).toBe(201);
    expect(second).toEqual({ status: 200, body: { eventId: event.eventId, duplicate: true, position: first.body.position } });
    expect((await getJson(`${api.url}/health`)).body.eventStore.headPosition).toBe(head);
  });

  it('answers 409 when an eventId is reused with a different body', async () => {
    const event = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-16T10:00:00Z' }), ORG);
    expect((await postJson(events, event)).status).toBe(201);
    const { status, body } = await postJson(events, { ...event, data: { ...event.data, durationMinutes: 45 } });
    expect(status).toBe(409);
    expect(body).toMatchObject({ statusCode: 409, error: 'conflict', field: 'eventId' });
    expect(body.message).toContain(event.eventId);
  });

  it('answers 400 with the field path for a schema violation', async () => {
    const event = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-02T10:00:00Z' }), ORG);
    const { status, body } = await postJson(events, { ...event, data: { ...event.data, durationMinutes: 0 } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
    expect(body.issues).toEqual([expect.objectContaining({ path: 'data.durationMinutes' })]);
    expect(body.message).toMatch(/^data\.durationMinutes: /);
    expectNoInternals(body);
  });

  it('answers 400 for an unknown type, a missing field and an engine-only field, naming each', async () => {
    const base = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-02T10:00:00Z' }), ORG);
    const unknownType = await postJson(events, { ...base, type: 'CoffeeHad' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.issues[0].path).toBe('type');
    const { leaderId: _dropped, ...withoutLeader } = base.data as Record<string, unknown>;
    const missing = await postJson(events, { ...base, data: withoutLeader });
    expect(missing.status).toBe(400);
    expect(missing.body.issues.map((issue: { path: string }) => issue.path)).toContain('data.leaderId');
    const recordedAt = await postJson(events, { ...base, recordedAt: '2026-03-02T10:00:00Z' });
    expect(recordedAt.status).toBe(400);
    expect(recordedAt.body.issues[0]).toMatchObject({ path: 'recordedAt', message: expect.stringMatching(/set by the engine/) });
  });

  it('answers 400 for malformed JSON, in the API error shape', async () => {
    const { status, body } = await postJson(events, '{"eventId": "x", ');
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'bad_request' });
    expect(body.message).toMatch(/JSON/i);
    expectNoInternals(body);
  });

  it('answers 400 when the body names another org than the URL', async () => {
    const event = envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: '2026-03-02T10:00:00Z' }), 'other-org');
    const { status, body } = await postJson(events, event);
    expect(status).toBe(400);
    expect(body.issues[0].path).toBe('orgId');
  });

  it('answers 422 naming the rule when the org at occurredAt breaks it', async () => {
    const event = envelope(skipLevelDone({ leaderId: 'E3', reportId: 'E4', at: '2026-05-02T09:00:00Z' }), ORG);
    const { status, body } = await postJson(events, event);
    expect(status).toBe(422);
    expect(body).toEqual({
      statusCode: 422,
      error: 'rule_violated',
      rule: 'SKIP_LEVEL.NOT_TWO_LEVELS_BELOW',
      field: 'data.reportId',
      message: 'reportId E4 is not two levels below E3 at 2026-05-02T09:00:00Z',
    });
  });

  it('answers 404 for reads of an unknown org, and for an unknown route', async () => {
    const chart = await getJson(`${api.url}/v1/orgs/no-such-org/org-chart`);
    expect(chart.status).toBe(404);
    expect(chart.body).toMatchObject({ error: 'not_found' });
    const person = await getJson(`${api.url}/v1/orgs/no-such-org/people/E1`);
    expect(person.status).toBe(404);
    expect((await getJson(`${api.url}/v2/nothing`)).status).toBe(404);
  });

  it('retries concurrency inside: 50 simultaneous commands on one org all succeed, none is a 5xx', async () => {
    const sent = Array.from({ length: 50 }, (_, i) =>
      envelope(checkInHeld({ leaderId: 'E2', reportId: 'E3', at: `2026-04-01T10:${String(i).padStart(2, '0')}:00Z` }), ORG),
    );
    const answers = await Promise.all(sent.map((event) => postJson(events, event)));
    expect(answers.map((answer) => answer.status)).toEqual(sent.map(() => 201));
    const again = await Promise.all(sent.map((event) => postJson(events, event)));
    expect(again.every((answer) => answer.status === 200 && answer.body.duplicate === true)).toBe(true);
  });

  it('serves the OpenAPI document generated from the zod schemas, and its UI at /docs', async () => {
    const { status, body } = await getJson(`${api.url}/docs/json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/orgs/{orgId}/events', '/v1/orgs/{orgId}/events/import', '/v1/orgs/{orgId}/org-chart', '/health']),
    );
    expect(body.components.schemas.CheckInHeld.properties.data.properties.durationMinutes).toMatchObject({ minimum: 1, maximum: 480 });
    const ui = await fetch(`${api.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('reports readiness, the event store head, and the projector catching up to it on /health', async () => {
    const { status, body } = await getJson(`${api.url}/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ready: true,
      eventStore: { kind: 'sqlite', headPosition: expect.any(Number) },
      analytics: { mode: 'embedded' },
    });
    expect(body.eventStore.headPosition).toBeGreaterThan(4);
    const caughtUp = await eventually(
      async () => {
        const { body: health } = await getJson(`${api.url}/health`);
        expect(health.projector).toEqual({ mode: 'inline', checkpoint: health.eventStore.headPosition, lag: 0, deadLetters: 0 });
        return health;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(caughtUp.analytics).toEqual({ mode: 'embedded', ready: true, lastError: null });
  });
});
