/** Past this many keys, windows that have ended are dropped: addresses that came once do not stay in memory. */
const PRUNE_ABOVE = 10_000;

/** Counts per key over fixed windows of `windowMs`, in memory (one process serves the API). */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly windowMs: number) {}

  /** Counts one more for `key`: the count in the current window, this one included, and when the window ends. */
  add(key: string, now: number): { count: number; resetAt: number } {
    const window = this.current(key, now) ?? this.open(key, now);
    window.count += 1;
    return { count: window.count, resetAt: window.start + this.windowMs };
  }

  /** The count for `key` in the current window, and when it ends. */
  peek(key: string, now: number): { count: number; resetAt: number } {
    const window = this.current(key, now);
    return window ? { count: window.count, resetAt: window.start + this.windowMs } : { count: 0, resetAt: now + this.windowMs };
  }

  private current(key: string, now: number): { start: number; count: number } | undefined {
    const window = this.windows.get(key);
    return window && now < window.start + this.windowMs ? window : undefined;
  }

  private open(key: string, now: number): { start: number; count: number } {
    if (this.windows.size >= PRUNE_ABOVE) {
      for (const [other, window] of this.windows) if (now >= window.start + this.windowMs) this.windows.delete(other);
    }
    const window = { start: now, count: 0 };
    this.windows.set(key, window);
    return window;
  }
}
