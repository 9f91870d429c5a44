import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { keyParts, TEST_ADMIN_KEY } from '../../support/credentials.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'session-org';
const AT = '2026-01-05T09:00:00Z';
const CSRF = { 'x-orghealth-csrf': '1' };

/** A browser's request: credentials only from the cookie, never an Authorization header. */
async function browserCall(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, setCookie: response.headers.get('set-cookie') };
}

async function signIn(url: string, credential: string): Promise<{ cookie: string; setCookie: string; body: any }> {
  const { status, body, setCookie } = await browserCall(url, 'POST', '/v1/session', CSRF, { credential });
  expect({ status, body }).toEqual({ status: 201, body: expect.objectContaining({ principal: expect.anything() }) });
  return { cookie: setCookie!.split(';')[0]!, setCookie: setCookie!, body };
}

describe('dashboard sessions: sign in with a key, use the http-only cookie, sign out', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    const people: [string, string | null][] = [
      ['CEO', null],
      ['M1', 'CEO'],
      ['R1', 'M1'],
      ['R2', 'M1'],
      ['R3', 'M1'],
    ];
    await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      people.map(([person, manager]) => JSON.stringify(envelope(personJoined(person, manager, AT), ORG))),
    );
    await projected(api.url);
  });
  afterAll(() => api.close());

  it('sets an opaque HttpOnly, SameSite=Strict cookie on Path=/ (not Secure over plain http), never the key', async () => {
    const key = await createKey(api.url, ORG, 'manager', 'M1');
    const { cookie, setCookie, body } = await signIn(api.url, key);
    const attributes = setCookie.split(';').map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']));
    expect(attributes).not.toContain('Secure');
    expect(cookie).toMatch(/^orghealth_session=[A-Za-z0-9_-]{43}$/);
    expect(setCookie).not.toContain(keyParts(key).secret);
    expect(body).toEqual({
      principal: { subject: `key:${key.split('_')[1]}`, orgId: ORG, role: 'manager', personId: 'M1' },
      expiresAt: expect.any(String),
    });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(12 * 3600_000 - 60_000);
  });

  it('answers who is signed in, lets the cookie read as the key would, and signs out', async () => {
    const key = await createKey(api.url, ORG, 'manager', 'M1');
    const { cookie } = await signIn(api.url, key);
    expect((await browserCall(api.url, 'GET', '/v1/session', { cookie })).body).toMatchObject({
      principal: { role: 'manager', orgId: ORG, personId: 'M1' },
      expiresAt: expect.any(String),
    });
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/M1`, { cookie })).status).toBe(200);
    // The server still scopes a session to the key's subtree and role.
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/CEO`, { cookie })).status).toBe(404);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, { cookie })).status).toBe(403);
    const out = await browserCall(api.url, 'DELETE', '/v1/session', { cookie, ...CSRF });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^orghealth_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/M1`, { cookie })).status).toBe(401);
    expect((await browserCall(api.url, 'GET', '/v1/session', { cookie })).body).toEqual({ principal: null, expiresAt: null });
  });

  it('refuses a wrong credential, and a sign-in without the CSRF header', async () => {
    for (const credential of ['not-a-key', `${TEST_ADMIN_KEY}x`, `ohk_0123456789abcdef_${'a'.repeat(43)}`]) {
      const { status, setCookie } = await browserCall(api.url, 'POST', '/v1/session', CSRF, { credential });
      expect({ credential, status, setCookie }).toEqual({ credential, status: 401, setCookie: null });
    }
    expect((await browserCall(api.url, 'POST', '/v1/session', {}, { credential: TEST_ADMIN_KEY })).status).toBe(403);
    expect((await browserCall(api.url, 'POST', '/v1/session', CSRF, {})).status).toBe(400);
  });

  it('refuses a change sent with the cookie but without the CSRF header; the same change with it passes', async () => {
    const { cookie } = await signIn(api.url, TEST_ADMIN_KEY);
    const settings = { minGroupSize: 4 };
    const refused = await browserCall(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, { cookie }, settings);
    expect(refused).toMatchObject({ status: 403, body: { message: expect.stringContaining('x-orghealth-csrf') } });
    expect((await browserCall(api.url, 'DELETE', '/v1/session', { cookie })).status).toBe(403);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/settings`, { cookie })).body).not.toMatchObject(settings);
    expect((await browserCall(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, { cookie, ...CSRF }, settings)).status).toBe(200);
    // A key in the header needs no CSRF header: a script elsewhere cannot send it.
    expect((await call(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, TEST_ADMIN_KEY, { minGroupSize: 5 })).status).toBe(200);
  });

  it('ends the sessions of a key when the key is revoked', async () => {
    const key = await createKey(api.url, ORG, 'hr_analyst');
    const { cookie } = await signIn(api.url, key);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, { cookie })).status).toBe(200);
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/api-keys/${key.split('_')[1]}`, TEST_ADMIN_KEY)).status).toBe(204);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, { cookie })).status).toBe(401);
    expect((await browserCall(api.url, 'POST', '/v1/session', CSRF, { credential: key })).status).toBe(401);
  });

  it('judges a request with an Authorization header by that header alone, not the cookie', async () => {
    const { cookie } = await signIn(api.url, TEST_ADMIN_KEY);
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, { cookie, authorization: 'Bearer not-a-key' })).status).toBe(
      401,
    );
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, { cookie: 'orghealth_session=forged' })).status).toBe(401);
  });
});

describe('dashboard sessions expire', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ ORGHEALTH_SESSION_SECONDS: '1' });
  });
  afterAll(() => api.close());

  it('refuses the cookie once the configured session length has passed', async () => {
    const { cookie, setCookie } = await signIn(api.url, TEST_ADMIN_KEY);
    expect(setCookie).toContain('Max-Age=1');
    expect((await browserCall(api.url, 'GET', '/v1/session', { cookie })).body.principal).toMatchObject({ subject: 'operator' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await browserCall(api.url, 'GET', '/v1/session', { cookie })).body).toEqual({ principal: null, expiresAt: null });
    expect((await browserCall(api.url, 'GET', `/v1/orgs/${ORG}/org-chart`, { cookie })).status).toBe(401);
  });
});
