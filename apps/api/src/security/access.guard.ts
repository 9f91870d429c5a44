import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { decideAccess } from './access-decision.js';
import { ACCESS_RULE, type AccessRule, type AuthenticatedRequest } from './access.js';
import { Authenticator } from './authenticator.js';
import { SecurityStore } from './security-store.js';
import { CSRF_HEADER, isCrossSiteRisk } from './session/session-cookie.js';

/**
 * The one global guard: authenticates the caller (header or session cookie), refuses cookie-authenticated
 * changes without the CSRF header, then applies the route's
 * declared rule (default deny), and appends audited calls to the audit log
 * once answered, refusals included.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly store: SecurityStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = rule && !('public' in rule) ? await this.authenticator.principalOf(request) : undefined;
    const pathOrgId = (request.params as Record<string, string> | undefined)?.orgId;
    if (rule && 'audit' in rule && rule.audit) {
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      reply.raw.once('finish', () =>
        this.store.audit({
          at: new Date().toISOString(),
          subject: principal?.subject ?? 'anonymous',
          orgId: pathOrgId ?? principal?.orgId ?? '*',
          role: principal?.role ?? 'none',
          action: `${rule.audit} ${request.method} ${request.routeOptions.url ?? request.url}`,
          target: rule.auditBodyField
            ? `${request.url} ${String((request.body as Record<string, unknown> | undefined)?.[rule.auditBodyField] ?? '').slice(0, 4000)}`
            : request.url,
          ip: request.ip,
          status: reply.raw.statusCode,
        }),
      );
    }
    // Public routes too: signing out with the cookie is a change as well.
    if (isCrossSiteRisk(request)) throw ApiError.forbidden(`a change sent with the session cookie needs the header ${CSRF_HEADER}: 1`);
    const decision = decideAccess(rule, principal, pathOrgId);
    if (!decision.allowed) {
      throw decision.status === 401 ? ApiError.unauthorized(decision.message) : ApiError.forbidden(decision.message);
    }
    if (principal) request.principal = principal;
    return true;
  }
}
