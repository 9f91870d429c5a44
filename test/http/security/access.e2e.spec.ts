import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { checkInHeld, personJoined } from '../../../libs/domain/src/testing/builders.js';
import { API_ROUTES } from '../../../apps/api/src/routes/api-routes.js';
import type { RouteDeclaration } from '../../../apps/api/src/routes/route.js';
import { ACCESS_RULE, type AccessRule } from '../../../apps/api/src/security/access.js';
import type { Role } from '../../../apps/api/src/security/principal.js';
import { projected } from '../../support/analytics-snapshot.js';
import { TEST_ADMIN_KEY } from '../../support/credentials.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

/*
 * Who may call what is declared once, with each route (API_ROUTES): the table
 * below is derived from it. A handler registered without a declaration, or
 * with a rule other than its declaration's, fails the first two tests; every
 * declared rule is then tried over HTTP with every role. The policy tests
 * after them hold the rules no declaration may loosen.
 */
type Expected = 'public' | 'operator' | readonly Role[];
const expectedOf = (rule: AccessRule): Expected => ('public' in rule ? 'public' : rule.operatorOnly ? 'operator' : rule.roles);
const DECLARED = Object.values(API_ROUTES) as RouteDeclaration[];
const EXPECTED: Record<string, Expected> = Object.fromEntries(
  DECLARED.map((route) => [`${route.method} ${route.path}`, expectedOf(route.access)]),
);

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
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')]
          .map((part) => part.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
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
  ['CEO', null],
  ['VP1', 'CEO'],
  ['VP2', 'CEO'],
  ['M1', 'VP1'],
  ['M2', 'VP1'],
  ['M3', 'VP2'],
  ['R1', 'M1'],
  ['R2', 'M1'],
  ['R3', 'M1'],
  ['R4', 'M2'],
  ['R5', 'M2'],
  ['R6', 'M3'],
  ['R7', 'M3'],
  ['R8', 'M3'],
];

describe('access: authentication and default-deny authorization on every route', () => {
  let api: TestApp;
  const keys = {} as Record<Role, string>;
  let otherOrgAdmin: string;

  beforeAll(async () => {
    api = await startTestApp();
    const events = [
      ...PEOPLE.map(([person, manager]) => personJoined(person, manager, AT)),
      checkInHeld({ leaderId: 'M1', reportId: 'R1', at: '2026-02-01T10:00:00Z' }),
    ];
    expect(
      (
        await postNdjson(
          `${api.url}/v1/orgs/${ORG}/events/import`,
          events.map((event) => JSON.stringify(envelope(event, ORG))),
        )
      ).body.accepted,
    ).toBe(events.length);
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

  it('has a declared rule on every registered route, and the declarations list every route', () => {
    const routes = registeredRoutes(api);
    expect([...routes.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [route, rule] of routes) expect([route, rule]).toEqual([route, expect.anything()]);
  });

  it('keeps the policy no declaration may loosen', () => {
    const routesOf = (expected: (rule: Expected) => boolean) =>
      Object.keys(EXPECTED)
        .filter((route) => expected(EXPECTED[route]!))
        .sort();
    // Without credentials: the health report and the orchestrator's probes, signing in and out, nothing else.
    expect(routesOf((rule) => rule === 'public')).toEqual([
      'DELETE /v1/session',
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'GET /v1/session',
      'POST /v1/session',
    ]);
    // An ingest key writes events (directly or from a source's export) and reads nothing.
    expect(routesOf((rule) => Array.isArray(rule) && rule.includes('ingest'))).toEqual([
      'POST /v1/orgs/:orgId/events',
      'POST /v1/orgs/:orgId/events/import',
      'POST /v1/orgs/:orgId/sources/calendar',
      'POST /v1/orgs/:orgId/sources/csv/:kind',
      'POST /v1/orgs/:orgId/sources/hris/snapshots',
    ]);
    // Work across every org, and the metrics of every org, are the operator's alone.
    expect(routesOf((rule) => rule === 'operator')).toEqual(['GET /metrics', 'POST /v1/admin/rebuild']);
    // Keys, the audit log, erasure, webhooks and settings changes are admins' only.
    const adminOnly = routesOf((rule) => Array.isArray(rule) && rule.length === 1 && rule[0] === 'admin');
    for (const route of ['/api-keys', '/audit', '/personal-data', '/webhooks', 'PUT /v1/orgs/:orgId/settings']) {
      const matching = Object.keys(EXPECTED).filter((key) => key.includes(route));
      expect([route, matching.length > 0 && matching.every((key) => adminOnly.includes(key))]).toEqual([route, true]);
    }
    // Org-wide numbers and raw SQL are not for a manager, whose view is their own subtree.
    for (const route of [
      'GET /v1/orgs/:orgId/metrics/org',
      'GET /v1/orgs/:orgId/metrics/layers',
      'POST /v1/sql',
      'GET /v1/orgs/:orgId/settings',
    ]) {
      expect([route, EXPECTED[route]]).toEqual([route, expect.not.arrayContaining(['manager'])]);
    }
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

  it.each(Object.keys(EXPECTED).filter((route) => EXPECTED[route] !== 'public'))(
    '%s: 401 without credentials or with a bad key',
    async (route) => {
      const { method, path } = concrete(route);
      for (const key of [null, 'not-a-key', `ohk_0123456789abcdef_${'a'.repeat(43)}`, `${TEST_ADMIN_KEY}x`]) {
        const { status, body } = await call(api.url, method, path, key, method === 'GET' || method === 'DELETE' ? undefined : {});
        expect([key, status, body.error]).toEqual([key, 401, 'unauthorized']);
      }
    },
  );

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

  it.each(Object.keys(EXPECTED).filter((route) => EXPECTED[route] !== 'public'))(
    '%s: each role allowed or refused as the table says',
    async (route) => {
      const expected = EXPECTED[route]!;
      const { method, path } = concrete(route);
      for (const role of ['admin', 'hr_analyst', 'executive', 'manager', 'ingest'] as const) {
        const allowed = expected !== 'operator' && expected !== 'public' && expected.includes(role);
        const { status } = await call(api.url, method, path, keys[role], method === 'GET' || method === 'DELETE' ? undefined : {});
        // An allowed call may still fail validation (an empty body): what matters is that the guard let it through.
        expect([role, allowed ? status !== 401 && status !== 403 : status === 403]).toEqual([role, true]);
      }
    },
  );

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
