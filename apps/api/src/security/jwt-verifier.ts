import type { JwtConfig } from '@orghealth/config';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ANY_ORG, Principal } from './principal.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * SSO: a JWT signed by the configured JWKS (or public key), for the
 * configured issuer and audience, unexpired, whose claims `org`, `role` and
 * (for managers and executives) `personId` make a valid principal.
 * Symmetric algorithms are refused: a shared secret would let anyone who
 * verifies also sign.
 */
export class JwtVerifier {
  private constructor(
    private readonly config: JwtConfig,
    private readonly key: JWTVerifyGetKey | KeyObject,
  ) {}

  static create(config: JwtConfig): JwtVerifier {
    return new JwtVerifier(
      config,
      'jwksUrl' in config ? createRemoteJWKSet(new URL(config.jwksUrl)) : createPublicKey(config.publicKeyPem),
    );
  }

  /** The principal of a valid token, or undefined for any failure (the caller answers 401, without the reason). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      };
      // jose's overloads take a key or a key-set function, not their union: the same call twice.
      const { payload } =
        typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      const parsed = Principal.safeParse({
        subject: `jwt:${payload.sub}`,
        orgId: payload.org,
        role: payload.role,
        personId: payload.personId,
      });
      // A token may never claim the operator's reach across orgs.
      return parsed.success && parsed.data.orgId !== ANY_ORG ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
