import { setTimeout as delay } from 'node:timers/promises';

/** How long to wait between tries: growing by `factor` from `firstMs`, never past `maxMs`. */
export interface Backoff {
  /** The wait before the first retry. */
  firstMs: number;
  maxMs: number;
  /** Growth per retry; 2 when left out. */
  factor?: number;
  /**
   * The share of each wait drawn at random, so that many callers failing together do not retry
   * together: 0 (the default) waits exactly, 0.5 anywhere in the upper half, 1 anywhere up to the wait.
   */
  jitter?: number;
}

// Past this many doublings every wait is at its cap anyway; it keeps the power finite.
const MAX_EXPONENT = 60;

/** The wait before retry `retry` (1 for the first retry): firstMs × factor^(retry − 1), capped at maxMs, its jitter share drawn. */
export function backoffMs(retry: number, { firstMs, maxMs, factor = 2, jitter = 0 }: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, firstMs * factor ** Math.min(Math.max(retry - 1, 0), MAX_EXPONENT));
  return Math.round(ceiling * (1 - jitter) + random() * ceiling * jitter);
}

export interface RetryOptions {
  backoff: Backoff;
  /** Tries in all, the first included; unbounded when left out (then only `signal` ends the tries). */
  maxAttempts?: number;
  /** Whether a failure is worth another try; every failure is when left out. */
  retryable?: (error: unknown) => boolean;
  /** Told of each failure that will be retried, before the wait (to record it, or to clean up after it). */
  onRetry?: (error: unknown, attempt: number) => void | Promise<void>;
  /** Ends the tries, during a wait too: `retry` then rejects with the last failure. */
  signal?: AbortSignal;
  random?: () => number;
}

/**
 * Runs `work` until it succeeds. A failure that is not retryable, the last
 * allowed try's failure, or an abort (during the work or the wait) rejects
 * with that failure.
 */
export async function retry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { backoff, maxAttempts = Infinity, retryable = () => true, onRetry, signal, random } = options;
  signal?.throwIfAborted();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!retryable(error) || attempt >= maxAttempts || signal?.aborted) throw error;
      await onRetry?.(error, attempt);
      const aborted = await delay(backoffMs(attempt, backoff, random), false, signal ? { signal } : undefined).catch(() => true);
      if (aborted) throw error;
    }
  }
}
