/**
 * The operator's key every test engine starts with (ORGHEALTH_ADMIN_KEY), so
 * tests written before authentication call the API as its operator; tests of
 * roles create their own keys with it.
 */
export const TEST_ADMIN_KEY = 'ohk_admin_test-key-for-the-test-engines-only-0123456789';

export const authHeaders = (key: string = TEST_ADMIN_KEY): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** What every test engine runs with: the operator's key, and no rate limit worth the name. */
export const TEST_ENGINE_ENV: Record<string, string> = { ORGHEALTH_ADMIN_KEY: TEST_ADMIN_KEY, ORGHEALTH_RATE_LIMIT: '1000000' };
