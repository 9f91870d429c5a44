import type { AuthConfig } from '@orghealth/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseKey, secretMatches } from './api-keys/api-key.js';
import { JwtVerifier } from './jwt-verifier.js';
import { operatorKey } from './operator-key.js';
import { ANY_ORG, type Principal } from './principal.js';
import type { SecurityStore, StoredSession } from './security-store.js';
import { sessionIdHash, sessionIdOf } from './session/session-cookie.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** A verified credential: who it is, and what a session signed in with it rests on (`StoredSession.source`). */
export interface Verified {
  principal: Principal;
  source: string;
}

interface Credentials {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

/**
 * Turns a request's credentials into a principal: `Authorization: Bearer` with the operator's key, an API
 * key or a JWT; without that header, the dashboard's session cookie.
 */
export class Authenticator {
  private readonly operatorDigest: Buffer;
  /** Names the operator's key in its sessions without storing it: a new key ends them. */
  private readonly operatorSource: string;
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
    this.operatorSource = `operator:${createHash('sha256').update(this.operatorDigest).digest('hex')}`;
    this.generatedKeyFile = generatedIn;
  }

  /** The principal of a request (keyed by its Node request object), authenticated once. */
  principalOf(request: { raw: object; headers: Credentials }): Promise<Principal | undefined> {
    let principal = this.byRequest.get(request.raw);
    if (!principal) this.byRequest.set(request.raw, (principal = this.authenticate(request.headers)));
    return principal;
  }

  private async authenticate({ authorization, cookie }: Credentials): Promise<Principal | undefined> {
    // A request that sends a header is judged by it alone: a bad key never falls back to a cookie.
    if (authorization !== undefined) {
      // The scheme is case-insensitive (RFC 9110 §11.1): `bearer …` is the same credential.
      const token = /^Bearer ([\x21-\x7e]{1,8192})$/i.exec(authorization)?.[1];
      return token ? (await this.verify(token))?.principal : undefined;
    }
    const session = this.sessionOf(cookie, new Date());
    if (!session) return undefined;
    const { subject, orgId, role, personId } = session;
    return { subject, orgId, role, ...(personId ? { personId } : {}) };
  }

  /** A credential itself (a key or a JWT), as sent in a header or pasted into the sign-in form. */
  async verify(token: string): Promise<Verified | undefined> {
    if (timingSafeEqual(digest(token), this.operatorDigest))
      return { principal: { subject: 'operator', orgId: ANY_ORG, role: 'admin' }, source: this.operatorSource };
    const apiKey = parseKey(token);
    if (apiKey) {
      const stored = this.store.key(apiKey.id);
      if (!stored || stored.revokedAt !== null || !secretMatches(apiKey.secret, stored.hash)) return undefined;
      const principal = {
        subject: `key:${stored.id}`,
        orgId: stored.orgId,
        role: stored.role,
        ...(stored.personId ? { personId: stored.personId } : {}),
      };
      return { principal, source: `key:${stored.id}` };
    }
    const principal = await this.jwt?.verify(token);
    return principal ? { principal, source: 'jwt' } : undefined;
  }

  /** The live session a Cookie header names; an expired one, or one whose key is gone, is dropped. */
  sessionOf(cookie: string | undefined, now: Date): StoredSession | undefined {
    const id = sessionIdOf(cookie);
    if (!id) return undefined;
    const idHash = sessionIdHash(id);
    const session = this.store.session(idHash);
    if (!session) return undefined;
    if (Date.parse(session.expiresAt) <= now.getTime() || !this.stillValid(session.source)) {
      this.store.deleteSession(idHash);
      return undefined;
    }
    return session;
  }

  /** Revoking a key deletes its sessions too; this also catches a changed operator key. */
  private stillValid(source: string): boolean {
    if (source === 'jwt') return true;
    if (source.startsWith('operator:')) return source === this.operatorSource;
    const key = this.store.key(source.slice('key:'.length));
    return key !== undefined && key.revokedAt === null;
  }
}
