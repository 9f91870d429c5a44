import { Body, Controller, Inject, Req, Res } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { toFieldIssues } from '@orghealth/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONFIG } from '../../engine/engine.module.js';
import { ApiError } from '../../http/api-error.js';
import { Authenticator } from '../authenticator.js';
import { SecurityStore } from '../security-store.js';
import { clearedSessionCookie, CSRF_HEADER, newSessionId, sessionCookie, sessionIdHash, sessionIdOf } from './session-cookie.js';
import { SignInRequest, type SessionView } from './session.schemas.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

/**
 * The dashboard's sign-in: a pasted API key or SSO JWT is verified once and exchanged for a random session id
 * in an http-only cookie; the server keeps the id's hash with the principal and an expiry.
 */
@Controller()
export class SessionController {
  private readonly ttlMs: number;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly store: SecurityStore,
    @Inject(CONFIG) config: Config,
  ) {
    this.ttlMs = config.auth.sessionTtlMs;
  }

  @Route(API_ROUTES.signIn)
  async signIn(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    // The guard checks the header only where a cookie is sent; a cross-site form must not sign a browser in either.
    if (request.headers[CSRF_HEADER] !== '1') throw ApiError.forbidden(`signing in needs the header ${CSRF_HEADER}: 1`);
    const parsed = SignInRequest.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    const verified = await this.authenticator.verify(parsed.data.credential);
    if (!verified) throw ApiError.unauthorized('this API key or token is not valid');
    const { principal, source } = verified;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.ttlMs).toISOString();
    const id = newSessionId();
    const { subject, orgId, role } = principal;
    this.store.addSession(sessionIdHash(id), { subject, orgId, role, personId: principal.personId ?? null, source, expiresAt }, now);
    reply.header('set-cookie', sessionCookie(id, Math.floor(this.ttlMs / 1000), isHttps(request)));
    return { principal, expiresAt };
  }

  /** Who is calling: the principal of the session cookie or of an Authorization header; nobody is an answer too. */
  @Route(API_ROUTES.getSession)
  async whoAmI(@Req() request: FastifyRequest): Promise<SessionView> {
    const principal = (await this.authenticator.principalOf(request)) ?? null;
    const session =
      principal && request.headers.authorization === undefined
        ? this.authenticator.sessionOf(request.headers.cookie, new Date())
        : undefined;
    return { principal, expiresAt: session?.expiresAt ?? null };
  }

  @Route(API_ROUTES.signOut)
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const id = sessionIdOf(request.headers.cookie);
    if (id) this.store.deleteSession(sessionIdHash(id));
    reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
  }
}
