import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal.js';

/**
 * What a route needs, declared with the route (routes/api-routes.ts): the
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

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

/** The caller the guard authenticated, for handlers that scope what they return. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('Caller on a route without an authenticated principal');
  return principal;
});
