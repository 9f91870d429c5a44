import type { AccessRule } from './access.js';
import { decideAccess } from './access-decision.js';
import type { Principal } from './principal.js';

const operator: Principal = { subject: 'operator', orgId: '*', role: 'admin' };
const acmeAdmin: Principal = { subject: 'key:a', orgId: 'acme', role: 'admin' };
const acmeManager: Principal = { subject: 'key:m', orgId: 'acme', role: 'manager', personId: 'M1' };
const acmeIngest: Principal = { subject: 'key:i', orgId: 'acme', role: 'ingest' };
const readers: AccessRule = { roles: ['admin', 'hr_analyst', 'executive', 'manager'] };

describe('decideAccess: default deny', () => {
  it.each<[string, AccessRule | undefined, Principal | undefined, string | undefined, number | 'allowed']>([
    ['a route without a rule, even for the operator', undefined, operator, 'acme', 403],
    ['a public route without credentials', { public: true }, undefined, undefined, 'allowed'],
    ['a guarded route without credentials', readers, undefined, 'acme', 401],
    ['a reader on its own org', readers, acmeManager, 'acme', 'allowed'],
    ['a reader on another org', readers, acmeManager, 'globex', 403],
    ["an org's admin on another org", readers, acmeAdmin, 'globex', 403],
    ['an ingest key on a read route', readers, acmeIngest, 'acme', 403],
    ['an ingest key on the write route', { roles: ['admin', 'ingest'] }, acmeIngest, 'acme', 'allowed'],
    ['the operator on any org', readers, operator, 'globex', 'allowed'],
    ["an org's admin on an operator-only route", { roles: ['admin'], operatorOnly: true }, acmeAdmin, undefined, 403],
    ['the operator on an operator-only route', { roles: ['admin'], operatorOnly: true }, operator, undefined, 'allowed'],
    ['the operator on a route admins may not call', { roles: ['ingest'] }, operator, 'acme', 403],
  ])('%s', (_case, rule, principal, pathOrgId, expected) => {
    const decision = decideAccess(rule, principal, pathOrgId);
    expect(decision.allowed ? 'allowed' : decision.status).toBe(expected);
  });

  it('refuses another org in the same words whether that org exists or not', () => {
    expect(decideAccess(readers, acmeManager, 'globex')).toEqual({ allowed: false, status: 403, message: 'no access to org globex' });
  });
});
