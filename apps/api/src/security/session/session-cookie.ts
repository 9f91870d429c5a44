import { createHash, randomBytes } from 'node:crypto';

/** The dashboard's session cookie: an opaque random id; the server keeps only its hash. */
export const SESSION_COOKIE = 'orghealth_session';

/**
 * The header every cookie-authenticated change must carry. A cross-site form cannot set a custom header,
 * and a cross-site script would need a CORS preflight the engine does not grant: SameSite=Strict is the
 * first wall, this the second (browsers that ignore SameSite, a sibling subdomain).
 */
export const CSRF_HEADER = 'x-orghealth-csrf';

const ID = /^[A-Za-z0-9_-]{43}$/;

export const newSessionId = (): string => randomBytes(32).toString('base64url');

export const sessionIdHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/** The session id in a Cookie header, when it has one of the right shape. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const [name, value] = pair.trim().split('=', 2);
    if (name === SESSION_COOKIE && value && ID.test(value)) return value;
  }
  return undefined;
}

/** `secure` when the request came over https: a plain-http loopback engine must still be able to sign in. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${id}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', 0, secure);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A state-changing request that relies on the cookie (no Authorization header) and lacks the CSRF header. */
export function isCrossSiteRisk(request: { method: string; headers: Record<string, string | string[] | undefined> }): boolean {
  if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) return false;
  return sessionIdOf(request.headers.cookie as string | undefined) !== undefined && request.headers[CSRF_HEADER] !== '1';
}
