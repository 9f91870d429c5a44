import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { checkInHeld, personJoined } from '../../../libs/domain/src/testing/builders.js';
import { ACCESS_RULE, type AccessRule } from '../../../apps/api/src/security/access.js';
import type { Role } from '../../../apps/api/src/security/principal.js';
import { projected } from '../../support/analytics-snapshot.js';
import { TEST_ADMIN_KEY } from '../../support/credentials.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

/*
 * Who may call what, written out here as the spec of the access rules: a
 * route added without an entry fails the first test, a rule that differs from
 * this table fails the second.
 */
type Expected = 'public' | 'operator' | readonly Role[];
const READERS = ['admin', 'hr_analyst', 'executive', 'manager'] as const;
const EXPECTED: Record<string, Expected> = {
  'GET /health': 'public',
  'POST /v1/session': 'public',
  'GET /v1/session': 'public',
  'DELETE /v1/session': 'public',
  'POST /v1/orgs/:orgId/events': ['admin', 'ingest'],
  'POST /v1/orgs/:orgId/events/import': ['admin', 'ingest'],
  'POST /v1/orgs/:orgId/sources/calendar': ['admin', 'ingest'],
  'POST /v1/orgs/:orgId/sources/csv/:kind': ['admin', 'ingest'],
  'GET /v1/orgs/:orgId/org-chart': READERS,
  'GET /v1/orgs/:orgId/people/:personId': READERS,
  'GET /v1/orgs/:orgId/metrics/org': ['admin', 'hr_analyst', 'executive'],
  'GET /v1/orgs/:orgId/metrics/layers': ['admin', 'hr_analyst', 'executive'],
  'GET /v1/orgs/:orgId/metrics/units/:personId': READERS,
  'GET /v1/orgs/:orgId/metrics/managers': READERS,
  'GET /v1/orgs/:orgId/metrics/managers/:personId': READERS,
  'GET /v1/orgs/:orgId/metrics/trend': READERS,
  'POST /v1/sql': ['admin', 'hr_analyst'],
  'POST /v1/admin/rebuild': 'operator',
  'POST /v1/orgs/:orgId/api-keys': ['admin'],
  'GET /v1/orgs/:orgId/api-keys': ['admin'],
  'DELETE /v1/orgs/:orgId/api-keys/:keyId': ['admin'],
  'GET /v1/orgs/:orgId/audit': ['admin'],
  'GET /v1/orgs/:orgId/settings': ['admin', 'hr_analyst'],
  'PUT /v1/orgs/:orgId/settings': ['admin'],
  'DELETE /v1/orgs/:orgId/people/:personId/personal-data': ['admin'],
  'GET /v1/orgs/:orgId/alerts/evaluate': READERS,
  'GET /v1/orgs/:orgId/alerts': READERS,
  'GET /v1/orgs/:orgId/alerts/:alertId': READERS,
  'POST /v1/orgs/:orgId/alerts/:alertId/acknowledge': READERS,
  'GET /v1/orgs/:orgId/settings/alerts': ['admin', 'hr_analyst'],
  'PUT /v1/orgs/:orgId/settings/alerts': ['admin'],
  'POST /v1/orgs/:orgId/webhooks': ['admin'],
  'GET /v1/orgs/:orgId/webhooks': ['admin'],
  'DELETE /v1/orgs/:orgId/webhooks/:subscriptionId': ['admin'],
  'GET /v1/orgs/:orgId/webhooks/:subscriptionId/deliveries': ['admin'],
};

/** Every route Nest registered, with the rule its handler (or controller) declares. */
function registeredRoutes(api: TestApp): Map<string, AccessRule | undefined> {
  const routes = new Map<string, AccessRule | undefined>();
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].map((part) => part.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
        routes.set(`${RequestMethod[method]} ${path}`, Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, type));
      }
    }
  }
  return routes;
}

const ORG = 'acme';
const OTHER = 'globex';
const AT = '2026-01-05T09:00:00Z';
// CEO ─ VP1 ─ M1 ─ R1..R3, VP1 ─ M2 ─ R4 R5, CEO ─ VP2 ─ M3 ─ R6..R8
const PEOPLE: [string, string | null][] = [
  ['CEO', null], ['VP1', 'CEO'], ['VP2', 'CEO'], ['M1', 'VP1'], ['M2', 'VP1'], ['M3', 'VP2'],
  ['R1', 'M1'], ['R2', 'M1'], ['R3', 'M1'], ['R4', 'M2'], ['R5', 'M2'], ['R6', 'M3'], ['R7', 'M3'], ['R8', 'M3'],
];

describe('access: authentication and default-deny authorization on every route', () => {
  let api: TestApp;
  const keys = {} as Record<Role, string>;
  let otherOrgAdmin: string;

  beforeAll(async () => {
    api = await startTestApp();
    const events = [...PEOPLE.map(([person, manager]) => personJoined(person, manager, AT)), checkInHeld({ leaderId: 'M1', reportId: 'R1', at: '2026-02-01T10:00:00Z' })];
    expect((await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, events.map((event) => JSON.stringify(envelope(event, ORG))))).body.accepted).toBe(events.length);
    await postNdjson(`${api.url}/v1/orgs/${OTHER}/events/import`, [JSON.stringify(envelope(personJoined('G1', null, AT), OTHER))]);
    await projected(api.url);
    keys.admin = await createKey(api.url, ORG, 'admin');
    keys.hr_analyst = await createKey(api.url, ORG, 'hr_analyst');
    keys.executive = await createKey(api.url, ORG, 'executive', 'VP1');
    keys.manager = await createKey(api.url, ORG, 'manager', 'M1');
    keys.ingest = await createKey(api.url, ORG, 'ingest');
    otherOrgAdmin = await createKey(api.url, OTHER, 'admin');
  });
  afterAll(() => api.close());

  it('has a declared rule on every registered route, and the table above lists every route', () => {
    const routes = registeredRoutes(api);
    expect([...routes.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [route, rule] of routes) expect([route, rule]).toEqual([route, expect.anything()]);
  });

  it('declares exactly the rule of the table on each route', () => {
    for (const [route, rule] of registeredRoutes(api)) {
      const declared = !rule ? undefined : 'public' in rule ? 'public' : rule.operatorOnly ? 'operator' : [...rule.roles].sort();
      const expected = EXPECTED[route];
      expect([route, declared]).toEqual([route, Array.isArray(expected) ? [...expected].sort() : expected]);
    }
  });

  /** The route with its parameters filled in: M1's unit and R1, inside the manager's and the executive's subtrees. */
  const concrete = (route: string, orgId = ORG) => {
    const [method, path] = route.split(' ') as [string, string];
    return { method, path: path.replace(':orgId', orgId).replace(':personId', 'M1').replace(':keyId', '0123456789abcdef') };
  };

  it.each(Object.keys(EXPECTED).filter((route) => EXPECTED[route] !== 'public'))('%s: 401 without credentials or with a bad key', async (route) => {
    const { method, path } = concrete(route);
    for (const key of [null, 'not-a-key', `ohk_0123456789abcdef_${'a'.repeat(43)}`, `${TEST_ADMIN_KEY}x`]) {
      const { status, body } = await call(api.url, method, path, key, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect([key, status, body.error]).toEqual([key, 401, 'unauthorized']);
    }
  });

  it.each(Object.keys(EXPECTED).filter((route) => route.includes(':orgId')))(
    "%s: 403 with another org's key, the same answer for an org that exists and one that does not",
    async (route) => {
      const answers = [];
      for (const orgId of [ORG, 'no-such-org']) {
        const { method, path } = concrete(route, orgId);
        const { status, body } = await call(api.url, method, path, otherOrgAdmin, method === 'GET' || method === 'DELETE' ? undefined : {});
        answers.push({ status, body: { ...body, message: body.message.replace(orgId, 'ORG') } });
      }
      expect(answers[0]).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden' }) });
      expect(answers[1]).toEqual(answers[0]);
    },
  );

  it.each(Object.keys(EXPECTED).filter((route) => EXPECTED[route] !== 'public'))('%s: each role allowed or refused as the table says', async (route) => {
    const expected = EXPECTED[route]!;
    const { method, path } = concrete(route);
    for (const role of ['admin', 'hr_analyst', 'executive', 'manager', 'ingest'] as const) {
      const allowed = expected !== 'operator' && expected !== 'public' && expected.includes(role);
      const { status } = await call(api.url, method, path, keys[role], method === 'GET' || method === 'DELETE' ? undefined : {});
      // An allowed call may still fail validation (an empty body): what matters is that the guard let it through.
      expect([role, allowed ? status !== 401 && status !== 403 : status === 403]).toEqual([role, true]);
    }
  });

  it('creates, lists and revokes keys; a revoked key is refused at once; listings never show a secret', async () => {
    const key = await createKey(api.url, ORG, 'hr_analyst', undefined, keys.admin);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, key)).status).toBe(200);
    const listed = await call(api.url, 'GET', `/v1/orgs/${ORG}/api-keys`, keys.admin);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(-43));
    const id = key.split('_')[1]!;
    expect(listed.body.keys.find((stored: { id: string }) => stored.id === id)).toMatchObject({ role: 'hr_analyst', revokedAt: null });
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/api-keys/${id}`, keys.admin)).status).toBe(204);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, key)).status).toBe(401);
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/api-keys/${id}`, keys.admin)).status).toBe(404);
  });

  it("lets an org's admin manage its own org's keys only, and binds managers and executives to a person", async () => {
    expect((await call(api.url, 'POST', `/v1/orgs/${OTHER}/api-keys`, keys.admin, { role: 'admin' })).status).toBe(403);
    const unbound = await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, keys.admin, { role: 'manager' });
    expect(unbound).toMatchObject({ status: 400, body: { issues: [expect.objectContaining({ path: 'personId' })] } });
    expect((await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, keys.admin, { role: 'operator' })).status).toBe(400);
  });

  it('lets an ingest key write events and read nothing', async () => {
    const event = envelope(personJoined('R9', 'M3', AT), ORG);
    expect((await call(api.url, 'POST', `/v1/orgs/${ORG}/events`, keys.ingest, event)).status).toBe(201);
    for (const path of [`/v1/orgs/${ORG}/org-chart`, `/v1/orgs/${ORG}/people/R9`, `/v1/orgs/${ORG}/metrics/managers`]) {
      expect((await call(api.url, 'GET', path, keys.ingest)).status).toBe(403);
    }
  });
});
