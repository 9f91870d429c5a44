import { hashSecret, issueKey, parseKey, secretMatches } from './api-key.js';

describe('API keys', () => {
  it('issues a key whose secret only its hash can check', () => {
    const { id, key, hash } = issueKey();
    const parsed = parseKey(key);
    expect(parsed?.id).toBe(id);
    expect(key).not.toContain(hash);
    expect(hash).toBe(hashSecret(parsed!.secret));
    expect(secretMatches(parsed!.secret, hash)).toBe(true);
    expect(secretMatches(`${parsed!.secret.slice(0, -1)}x`, hash)).toBe(false);
  });

  it('never issues the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => issueKey().key));
    expect(keys.size).toBe(1000);
  });

  it('reads nothing from a string that is not a key', () => {
    for (const text of ['', 'ohk_', 'Bearer x', `ohk_${'0'.repeat(16)}_short`, `ohk_${'g'.repeat(16)}_${'a'.repeat(43)}`])
      expect(parseKey(text)).toBeUndefined();
  });
});
