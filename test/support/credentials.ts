/**
 * The operator's key every test engine starts with (ORGHEALTH_ADMIN_KEY), so
 * tests written before authentication call the API as its operator; tests of
 * roles create their own keys with it.
 */
export const TEST_ADMIN_KEY = 'ohk_admin_test-key-for-the-test-engines-only-0123456789';

export const authHeaders = (key: string = TEST_ADMIN_KEY): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** What every test engine runs with: the operator's key, and no rate limit worth the name. */
export const TEST_ENGINE_ENV: Record<string, string> = {
  ORGHEALTH_ADMIN_KEY: TEST_ADMIN_KEY,
  ORGHEALTH_RATE_LIMIT: '1000000',
  ORGHEALTH_RATE_LIMIT_PER_ORG: '10000000',
  ORGHEALTH_AUTH_FAILURE_LIMIT: '1000000',
};

/**
 * An API key's id and secret (`ohk_<16 hex>_<43 base64url>`). The secret has '_' of its own: splitting the
 * key on every '_' gives a piece of it, or nothing when it starts with one.
 */
export function keyParts(key: string): { id: string; secret: string } {
  const match = /^ohk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match) throw new Error(`not an API key: ${key}`);
  return { id: match[1]!, secret: match[2]! };
}
