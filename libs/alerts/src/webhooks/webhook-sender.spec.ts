import { retryDelayMs } from './webhook-sender.js';

describe('webhook retry backoff', () => {
  const options = (random: number) => ({ retryBaseMs: 2000, retryMaxMs: 900_000, random: () => random });

  it('doubles from the base per retry, each wait between half and all of its ceiling (jitter)', () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, options(1)))).toEqual([2000, 4000, 8000, 16_000]);
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, options(0)))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, options(0.5))).toBe(6000);
  });

  it('never waits longer than the maximum, however many retries', () => {
    expect(retryDelayMs(10, options(1))).toBe(900_000);
    expect(retryDelayMs(1000, options(1))).toBe(900_000);
    expect(retryDelayMs(1000, options(0))).toBe(450_000);
  });
});
