import { authHeaders, TEST_ADMIN_KEY } from '../../support/credentials.js';
import { call, createKey } from '../../support/security.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'limited';
const OTHER = 'other-org';
const BAD_KEY = `ohk_${'0'.repeat(16)}_${'x'.repeat(43)}`;

async function statuses(count: number, request: () => Promise<Response>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await request()).status);
  return seen;
}

async function withApp(env: Record<string, string>, test: (api: TestApp) => Promise<void>): Promise<void> {
  const api = await startTestApp(env);
  try {
    await test(api);
  } finally {
    await api.close();
  }
}

describe('request limits, key caps and credentials', () => {
  it('accepts the Bearer scheme in any case', async () => {
    await withApp({}, async (api) => {
      const key = await createKey(api.url, ORG, 'admin');
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
        const response = await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: { authorization: `${scheme} ${key}` } });
        expect({ scheme, status: response.status }).toEqual({ scheme, status: 200 });
      }
      expect((await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: { authorization: `Basic ${key}` } })).status).toBe(401);
    });
  });

  it('caps the live API keys of an org (409 naming the setting); a revoked key frees its place; other orgs are not affected', async () => {
    await withApp({ ORGHEALTH_MAX_API_KEYS_PER_ORG: '3' }, async (api) => {
      const first = await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, TEST_ADMIN_KEY, { role: 'ingest' });
      expect(first.status).toBe(201);
      for (let i = 0; i < 2; i++) await createKey(api.url, ORG, 'ingest');
      const refused = await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, TEST_ADMIN_KEY, { role: 'ingest' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'conflict', message: expect.stringContaining('ORGHEALTH_MAX_API_KEYS_PER_ORG') });
      expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/api-keys`, TEST_ADMIN_KEY)).body.keys).toHaveLength(3);
      await createKey(api.url, OTHER, 'ingest');
      expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/api-keys/${first.body.id}`, TEST_ADMIN_KEY)).status).toBe(204);
      expect((await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, TEST_ADMIN_KEY, { role: 'ingest' })).status).toBe(201);
    });
  });

  it('never rate-limits health checks or the dashboard files, while the API is over budget', async () => {
    await withApp({ ORGHEALTH_RATE_LIMIT: '3', ORGHEALTH_AUTH_FAILURE_LIMIT: '3' }, async (api) => {
      expect((await statuses(5, () => fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders() }))).slice(-1)).toEqual([429]);
      expect((await statuses(5, () => fetch(`${api.url}/v1/orgs/${ORG}/api-keys`))).slice(-1)).toEqual([429]);
      for (const path of ['/health', '/', '/assets/app.js']) {
        const seen = await statuses(8, () => fetch(`${api.url}${path}`, { headers: authHeaders() }));
        expect({ path, limited: seen.includes(429) }).toEqual({ path, limited: false });
        const anonymous = await statuses(8, () => fetch(`${api.url}${path}`));
        expect({ path, limited: anonymous.includes(429) }).toEqual({ path, limited: false });
      }
    });
  });

  it('gives failed authentications a smaller budget per address; valid credentials from that address still get through', async () => {
    await withApp({ ORGHEALTH_AUTH_FAILURE_LIMIT: '3', ORGHEALTH_RATE_LIMIT: '1000' }, async (api) => {
      const guesses = await statuses(5, () => fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders(BAD_KEY) }));
      expect(guesses).toEqual([401, 401, 401, 429, 429]);
      const refused = await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      // Without ORGHEALTH_TRUSTED_PROXIES the header is the client's own claim: it buys no fresh budget.
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({
        error: 'too_many_requests',
        message: expect.stringContaining('failed authentications'),
      });
      expect((await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders() })).status).toBe(200);
    });
  });

  it('behind a trusted proxy, counts per X-Forwarded-For client and writes that address in the audit log', async () => {
    await withApp({ ORGHEALTH_AUTH_FAILURE_LIMIT: '2', ORGHEALTH_TRUSTED_PROXIES: '127.0.0.1,::1' }, async (api) => {
      const from = (client: string) => () =>
        fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: { ...authHeaders(BAD_KEY), 'x-forwarded-for': client } });
      expect(await statuses(3, from('203.0.113.1'))).toEqual([401, 401, 429]);
      expect(await statuses(2, from('203.0.113.2'))).toEqual([401, 401]);
      const created = await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, {
        method: 'POST',
        headers: { ...authHeaders(), 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
        body: JSON.stringify({ role: 'ingest' }),
      });
      expect(created.status).toBe(201);
      const audit = await call(api.url, 'GET', `/v1/orgs/${ORG}/audit`, TEST_ADMIN_KEY);
      expect(audit.body.entries.map((entry: { ip: string }) => entry.ip)).toContain('198.51.100.9');
    });
  });

  it("budgets an org's keys together: a second key is no way around it, another org and the operator are not affected", async () => {
    await withApp({ ORGHEALTH_RATE_LIMIT_PER_ORG: '4', ORGHEALTH_RATE_LIMIT: '1000' }, async (api) => {
      const [one, two, elsewhere] = [
        await createKey(api.url, ORG, 'admin'),
        await createKey(api.url, ORG, 'admin'),
        await createKey(api.url, OTHER, 'admin'),
      ];
      const list =
        (key: string, org = ORG) =>
        () =>
          fetch(`${api.url}/v1/orgs/${org}/api-keys`, { headers: authHeaders(key) });
      expect(await statuses(2, list(one))).toEqual([200, 200]);
      expect(await statuses(3, list(two))).toEqual([200, 200, 429]);
      expect((await list(one)()).status).toBe(429);
      // Counted by the caller's org: this org's key calling the other org's URL spends its own (spent) budget, not the other's.
      expect((await list(one, OTHER)()).status).toBe(429);
      expect(await statuses(4, list(elsewhere, OTHER))).toEqual([200, 200, 200, 200]);
      expect((await fetch(`${api.url}/v1/orgs/${ORG}/api-keys`, { headers: authHeaders() })).status).toBe(200);
    });
  });
});
