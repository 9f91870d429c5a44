import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `ohk_<id>_<secret>`: the id finds the stored row, the secret
 * (32 random bytes) is checked against its SHA-256. A fast hash is enough for
 * a 256-bit random secret (nothing to brute-force, unlike a password); only
 * the hash is stored, so a copy of the file grants nothing.
 */
const KEY_FORMAT = /^ohk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  id: string;
  key: string;
  hash: string;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function issueKey(): IssuedKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `ohk_${id}_${secret}`, hash: hashSecret(secret) };
}

export function parseKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_FORMAT.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, hash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
