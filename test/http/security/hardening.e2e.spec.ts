import fc from 'fast-check';
import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { authHeaders } from '../../support/credentials.js';
import { envelope } from '../../support/envelopes.js';
import { createKey } from '../../support/security.js';
import { inspectEventFile } from '../../support/sqlite-file.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'hardened';
const AT = '2026-01-05T09:00:00Z';
/** What an error body must never hold: a stack frame (a line starting `at …`, or a `(file:line:column)`), a source path, a module's internals. */
const LEAK = /(?:\n|\\n)\s*at \S|\((?:\/|node:|file:)[^)]*:\d+:\d+\)|node_modules|\/work\/|\/dist\/|\/apps\/|\/libs\//;

const validEvent = () => envelope(personJoined(`P-${Math.random().toString(36).slice(2)}`, null, AT), ORG);

/** Malformed and hostile request bodies, as sent: any JSON, envelopes with a field replaced by anything, deep nesting, broken text. */
const hostileText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record({
      key: fc.constantFrom('eventId', 'type', 'orgId', 'occurredAt', 'schemaVersion', 'data', '__proto__', 'constructor'),
      value: fc.jsonValue(),
    })
    .map(({ key, value }) => JSON.stringify({ ...validEvent(), [key]: value })),
  fc
    .record({ field: fc.constantFrom('personId', 'managerId', 'name', 'title', 'extra'), value: fc.jsonValue() })
    .map(({ field, value }) => {
      const event = validEvent();
      return JSON.stringify({ ...event, data: { ...event.data, [field]: value } });
    }),
  fc.nat({ max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{"a":', 'null', '', '[]', '{"__proto__":{"polluted":1}}', '\u0000', '"\\ud800"', '{"orgId":"other-org"}'),
);

describe('hardening: headers, CORS, rate limits, body limits, and hostile input never breaks anything', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ ORGHEALTH_MAX_BODY_BYTES: '65536' });
    await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, [JSON.stringify(validEvent())]);
    await projected(api.url);
  });
  afterAll(() => api.close());

  it('sends security headers and no CORS grant to an unknown origin', async () => {
    const response = await fetch(`${api.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${api.url}/v1/sql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 413 for a JSON body over the limit, without reading it into an event', async () => {
    const event = { ...validEvent(), data: { personId: 'BIG', managerId: null, name: 'x'.repeat(70_000) } };
    const response = await fetch(`${api.url}/v1/orgs/${ORG}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(413);
    expect(JSON.stringify(await response.json())).not.toMatch(LEAK);
  });

  it('never answers 5xx, never leaks internals and never writes part of a request: hostile JSON to the write endpoint', async () => {
    const before = inspectEventFile(api.config.sqlite.file).events;
    let recorded = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, async (body) => {
        const response = await fetch(`${api.url}/v1/orgs/${ORG}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authHeaders() },
          body,
        });
        const text = await response.text();
        if (response.status === 201) recorded++;
        expect(response.status).toBeLessThan(500);
        expect(text).not.toMatch(LEAK);
      }),
      { numRuns: 150 },
    );
    expect(inspectEventFile(api.config.sqlite.file).events - before).toBe(recorded);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never answers 5xx and stores exactly the lines it reports accepted: hostile NDJSON to the import', async () => {
    const line = fc.oneof(hostileText, fc.constant(JSON.stringify(validEvent())));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), async (lines) => {
        const before = inspectEventFile(api.config.sqlite.file).events;
        const response = await fetch(`${api.url}/v1/orgs/${ORG}/events/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', ...authHeaders() },
          body: lines.join('\n'),
        });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        expect(text).not.toMatch(LEAK);
        if (response.status === 200)
          expect(inspectEventFile(api.config.sqlite.file).events - before).toBe((JSON.parse(text) as { accepted: number }).accepted);
      }),
      { numRuns: 60 },
    );
  });

  it('never answers 5xx nor leaks internals: hostile path parameters and query strings on every read endpoint', async () => {
    const paths = [
      '/org-chart',
      '/people/{x}',
      '/metrics/org',
      '/metrics/layers',
      '/metrics/units/{x}',
      '/metrics/managers',
      '/metrics/managers/{x}',
      '/metrics/trend',
    ];
    const queryValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('2026-13-45', '-1', '1e309', 'NaN', 'unit:', 'layer:0', 'layer:-1', "'; DROP TABLE x; --", '%00', '../../etc/passwd'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.dictionary(
          fc.constantFrom('asOf', 'limit', 'offset', 'windowDays', 'sort', 'order', 'metric', 'group', 'from', 'to', 'step', 'x'),
          queryValue,
          { maxKeys: 5 },
        ),
        async (path, id, query) => {
          const url = `${api.url}/v1/orgs/${ORG}${path.replace('{x}', encodeURIComponent(id))}?${new URLSearchParams(query)}`;
          const response = await fetch(url, { headers: authHeaders() });
          const text = await response.text();
          expect([url, response.status < 500]).toEqual([url, true]);
          expect(text).not.toMatch(LEAK);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('limits requests per key: a key over its budget gets 429 while another key still gets through', async () => {
    const limited = await startTestApp({ ORGHEALTH_RATE_LIMIT: '5' });
    try {
      const other = await createKey(limited.url, ORG, 'admin');
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${limited.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders() })).status);
      expect(statuses.slice(-2)).toEqual([429, 429]);
      const refused = await (await fetch(`${limited.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders() })).json();
      expect(refused).toMatchObject({ statusCode: 429, error: 'too_many_requests' });
      expect((await fetch(`${limited.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders(other) })).status).toBe(200);
      // Made-up keys are no way around it: without valid credentials, calls share the address's budget.
      const madeUp = [];
      for (let i = 0; i < 7; i++)
        madeUp.push(
          (
            await fetch(`${limited.url}/v1/orgs/${ORG}/api-keys`, {
              headers: authHeaders(`ohk_${'0'.repeat(16)}_${String(i).padEnd(43, 'x')}`),
            })
          ).status,
        );
      expect(madeUp.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(madeUp.slice(-2)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('grants CORS to the configured origins only', async () => {
    const cors = await startTestApp({ ORGHEALTH_CORS_ORIGINS: 'https://dash.example' });
    try {
      const preflight = (origin: string) =>
        fetch(`${cors.url}/v1/sql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect((await preflight('https://dash.example')).headers.get('access-control-allow-origin')).toBe('https://dash.example');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.close();
    }
  });
});
