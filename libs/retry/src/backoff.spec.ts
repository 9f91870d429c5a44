import { backoffMs, retry } from './backoff.js';

class LostRace extends Error {}

describe('backoffMs', () => {
  it('grows by its factor from the first wait and stops at the maximum', () => {
    const backoff = { firstMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, backoff))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3].map((n) => backoffMs(n, { firstMs: 10, maxMs: 1000, factor: 1.5 }))).toEqual([10, 15, 23]);
  });

  it('stays finite and capped however many retries', () => {
    expect(backoffMs(100_000, { firstMs: 250, maxMs: 30_000 })).toBe(30_000);
  });

  it('draws the jitter share of each wait at random, the rest fixed', () => {
    const half = { firstMs: 2000, maxMs: 900_000, jitter: 0.5 };
    expect(backoffMs(3, half, () => 0)).toBe(4000);
    expect(backoffMs(3, half, () => 1)).toBe(8000);
    expect(backoffMs(2, { firstMs: 100, maxMs: 1000, jitter: 1 }, () => 0.25)).toBe(50);
  });
});

describe('retry', () => {
  const fast = { firstMs: 1, maxMs: 4 };

  it('tries again after a retryable failure and returns the first success', async () => {
    const seen: number[] = [];
    const result = await retry(
      async (attempt) => {
        if (attempt < 3) throw new LostRace();
        return `done on ${attempt}`;
      },
      { backoff: fast, onRetry: (_error, attempt) => void seen.push(attempt) },
    );
    expect(result).toBe('done on 3');
    expect(seen).toEqual([1, 2]);
  });

  it('gives up with the last failure once the tries run out', async () => {
    let tries = 0;
    const failing = retry(
      async () => {
        tries++;
        throw new LostRace(`try ${tries}`);
      },
      { backoff: fast, maxAttempts: 4 },
    );
    await expect(failing).rejects.toThrow('try 4');
    expect(tries).toBe(4);
  });

  it('rethrows at once a failure that is not retryable', async () => {
    let tries = 0;
    const failing = retry(
      async () => {
        tries++;
        throw new TypeError('a bug, not a race');
      },
      { backoff: fast, retryable: (error) => error instanceof LostRace },
    );
    await expect(failing).rejects.toThrow(TypeError);
    expect(tries).toBe(1);
  });

  it('stops waiting when aborted and rejects with the failure it was waiting to retry', async () => {
    const stopping = new AbortController();
    const started = Date.now();
    const failing = retry(
      async () => {
        setTimeout(() => stopping.abort(), 20);
        throw new LostRace('unreachable');
      },
      { backoff: { firstMs: 60_000, maxMs: 60_000 }, signal: stopping.signal },
    );
    await expect(failing).rejects.toThrow('unreachable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs nothing once already aborted', async () => {
    const stopping = new AbortController();
    stopping.abort();
    let tries = 0;
    await expect(retry(async () => tries++, { backoff: fast, signal: stopping.signal })).rejects.toThrow();
    expect(tries).toBe(0);
  });
});
