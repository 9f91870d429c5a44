import type { HttpConfig } from '@orghealth/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../authenticator.js';
import { ANY_ORG } from '../principal.js';
import { WindowCounter } from './window-counter.js';

const MINUTE_MS = 60_000;

/**
 * Health checks (load balancers, orchestrators) and the dashboard's static files cost nothing to serve and
 * must answer when a client is over its budget: only the API and its documentation are budgeted.
 */
export function isBudgeted(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return !(path === '/' || path === '/health' || path.startsWith('/health/') || path.startsWith('/assets/'));
}

function tooMany(reply: FastifyReply, resetAt: number, message: string): FastifyReply {
  const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  return reply
    .code(429)
    .header('retry-after', String(retryAfter))
    .send({ statusCode: 429, error: 'too_many_requests', message: `${message}: retry in ${retryAfter} seconds` });
}

/**
 * The budgets on top of the per-key one (@fastify/rate-limit, in app.factory.ts):
 * - per org: all the keys and sessions of an org together, so minting keys buys no extra requests. Counted
 *   by the caller's org, not the org in the URL: a key of one org must not spend another org's budget.
 * - per address for failed authentications (answered 401): past it, requests from that address without
 *   valid credentials are answered 429, so guessing keys is slow; callers with valid credentials go on.
 */
export function registerRequestBudgets(fastify: FastifyInstance, authenticator: Authenticator, http: HttpConfig): void {
  const orgs = new WindowCounter(MINUTE_MS);
  const failures = new WindowCounter(MINUTE_MS);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isBudgeted(request.url)) return;
    const principal = await authenticator.principalOf(request);
    const now = Date.now();
    if (!principal) {
      const { count, resetAt } = failures.peek(request.ip, now);
      if (count >= http.authFailuresPerMinute)
        return tooMany(reply, resetAt, `more than ${http.authFailuresPerMinute} failed authentications a minute from this address`);
      return;
    }
    if (principal.orgId === ANY_ORG) return;
    const { count, resetAt } = orgs.add(principal.orgId, now);
    if (count > http.orgRateLimitPerMinute)
      return tooMany(reply, resetAt, `more than ${http.orgRateLimitPerMinute} requests a minute for this org`);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.statusCode === 401) failures.add(request.ip, Date.now());
  });
}
