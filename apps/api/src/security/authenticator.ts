import type { AuthConfig } from '@orghealth/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseKey, secretMatches } from './api-keys/api-key.js';
import { JwtVerifier } from './jwt-verifier.js';
import { operatorKey } from './operator-key.js';
import { ANY_ORG, type Principal } from './principal.js';
import type { SecurityStore } from './security-store.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Turns an `Authorization: Bearer …` header into a principal: the operator's key, an API key, or a JWT. */
export class Authenticator {
  private readonly operatorDigest: Buffer;
  /** One authentication per request, shared by the rate limiter (which runs first) and the guard. */
  private readonly byRequest = new WeakMap<object, Promise<Principal | undefined>>();
  readonly generatedKeyFile: string | undefined;

  constructor(
    auth: AuthConfig,
    private readonly store: SecurityStore,
    private readonly jwt = auth.jwt ? JwtVerifier.create(auth.jwt) : undefined,
  ) {
    const { key, generatedIn } = operatorKey(auth);
    // Only a digest stays in memory; compared in constant time.
    this.operatorDigest = digest(key);
    this.generatedKeyFile = generatedIn;
  }

  /** The principal of a request (keyed by its Node request object), authenticated once. */
  principalOf(request: { raw: object; headers: { authorization?: string | undefined } }): Promise<Principal | undefined> {
    let principal = this.byRequest.get(request.raw);
    if (!principal) this.byRequest.set(request.raw, (principal = this.authenticate(request.headers.authorization)));
    return principal;
  }

  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer ([\x21-\x7e]{1,8192})$/.exec(header ?? '')?.[1];
    if (!token) return undefined;
    if (timingSafeEqual(digest(token), this.operatorDigest)) return { subject: 'operator', orgId: ANY_ORG, role: 'admin' };
    const apiKey = parseKey(token);
    if (apiKey) {
      const stored = this.store.key(apiKey.id);
      if (!stored || stored.revokedAt !== null || !secretMatches(apiKey.secret, stored.hash)) return undefined;
      return { subject: `key:${stored.id}`, orgId: stored.orgId, role: stored.role, ...(stored.personId ? { personId: stored.personId } : {}) };
    }
    return this.jwt?.verify(token);
  }
}
