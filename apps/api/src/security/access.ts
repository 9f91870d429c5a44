import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal.js';

/**
 * What a route needs, declared on every handler (or its controller): the
 * guard refuses a route that declares nothing. `audit` records each call in
 * the audit log.
 */
export interface AuditOptions {
  audit?: 'individual-read' | 'admin-action';
  /** A field of the JSON body that says what was asked (the SQL statement), recorded with the URL. */
  auditBodyField?: string;
}

export type AccessRule = { public: true } | ({ roles: readonly Role[]; operatorOnly?: boolean } & AuditOptions);

export const ACCESS_RULE = 'orghealth:access';

/** Anyone, without credentials: health probes only. */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/** The roles that may call the route; the org in its path must be the caller's own. */
export const Allow = (roles: readonly Role[], options: AuditOptions = {}) =>
  SetMetadata(ACCESS_RULE, { roles, ...options } satisfies AccessRule);

/** Only the operator's key (ORGHEALTH_ADMIN_KEY or the generated one): work across every org, such as a rebuild. */
export const OperatorOnly = () => SetMetadata(ACCESS_RULE, { roles: ['admin'], operatorOnly: true, audit: 'admin-action' } satisfies AccessRule);

/** The operator's key, not audited: a Prometheus scraper calls every few seconds and would bury the audit log. */
export const OperatorScrape = () => SetMetadata(ACCESS_RULE, { roles: ['admin'], operatorOnly: true } satisfies AccessRule);

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

/** The caller the guard authenticated, for handlers that scope what they return. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('Caller on a route without an authenticated principal');
  return principal;
});
