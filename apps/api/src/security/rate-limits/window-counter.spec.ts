import { WindowCounter } from './window-counter.js';

describe('window counter', () => {
  it('counts per key within a window, and starts again from zero when the window has passed', () => {
    const counter = new WindowCounter(60_000);
    expect(counter.add('a', 0)).toEqual({ count: 1, resetAt: 60_000 });
    expect(counter.add('a', 59_999)).toEqual({ count: 2, resetAt: 60_000 });
    expect(counter.add('b', 30_000)).toEqual({ count: 1, resetAt: 90_000 });
    expect(counter.peek('a', 59_999).count).toBe(2);
    expect(counter.peek('a', 60_000).count).toBe(0);
    expect(counter.add('a', 60_000)).toEqual({ count: 1, resetAt: 120_000 });
  });

  it('forgets keys whose window ended once many keys are held', () => {
    const counter = new WindowCounter(1000);
    for (let i = 0; i < 10_000; i++) counter.add(`ip-${i}`, 0);
    counter.add('late', 5000);
    expect(counter.peek('ip-1', 500).count).toBe(0);
    expect(counter.peek('late', 5000).count).toBe(1);
  });
});
