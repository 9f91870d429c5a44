import type { Position, ResolvedEvent, START } from '@eventstore/db-client';
import { backoffMs } from '@orghealth/retry';
import type { StoredEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import { nextTurnOfEventLoop } from '../next-turn.js';
import { assertPositiveInteger } from '../positive-integer.js';
import { subscriptionPromises } from '../subscription/subscription-promises.js';

/** A `$all` subscription as the client gives it: a readable stream of events that says when it has caught up. */
export interface ServerSubscription extends NodeJS.ReadableStream {
  unsubscribe(): Promise<void>;
}

/** Where a `$all` subscription starts: after a log position, or at the start. */
export type ResumePoint = Position | typeof START;

export interface AllSubscriptionSource {
  /** Where to subscribe to see everything after a port position (the caller's `after`). */
  resumeFrom(after: number): ResumePoint;
  /** Subscribes to `$all` (server-side filtered) after `from`. */
  open(from: ResumePoint, bufferedEvents: number): ServerSubscription;
  /** Whether a delivered event belongs to the engine (and this store's prefix); mapped when it does. */
  accept(resolved: ResolvedEvent): StoredEvent | undefined;
}

export interface ResubscribePolicy {
  /** Consecutive failed attempts, without an event delivered in between, before `done` rejects. */
  maxAttempts: number;
  /** First wait before resubscribing; doubled per failed attempt, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_BATCH_SIZE = 500;
/** How long a partial batch waits for more during catch-up, for servers that never say they caught up (before 23.10). */
const CATCH_UP_LINGER_MS = 50;

class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('subscription handler failed');
  }
}

/**
 * The global stream for the port: a catch-up subscription to `$all`, read in
 * batches of at most `batchSize`, the next read only once the handler has
 * settled. The client buffers at most `batchSize` events; past that gRPC flow
 * control holds the server back, so a slow handler costs no memory. The
 * checkpoint is the position of the last event the handler settled; when the
 * server ends the subscription (a dropped connection, a leader change, a
 * node going down) the adapter subscribes again after it, and drops what
 * comes back at or before it, so the handler sees no gap and no duplicate.
 */
export class AllSubscription implements Subscription {
  readonly done: Promise<void>;
  readonly stopped: Promise<void>;
  private closing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: AllSubscriptionSource,
    options: SubscribeOptions,
    private readonly handler: (events: StoredEvent[]) => Promise<void>,
    private readonly policy: ResubscribePolicy,
  ) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    assertPositiveInteger('batchSize', batchSize);
    ({ done: this.done, stopped: this.stopped } = subscriptionPromises(this.run(options.after, batchSize)));
  }

  close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    return this.stopped;
  }

  private async run(after: number, batchSize: number): Promise<void> {
    let checkpoint = after;
    // Resubscriptions start at the last delivered event's own (commit, prepare): exact, whatever the server's positions.
    let resumeAt = this.source.resumeFrom(after);
    for (let failures = 0; !this.closing; ) {
      const subscription = this.source.open(resumeAt, batchSize);
      try {
        for await (const batch of this.batches(subscription, batchSize)) {
          const delivered = batch.flatMap((resolved) => {
            const stored = this.source.accept(resolved);
            return stored && stored.position > checkpoint ? [{ stored, at: resolved.event!.position! }] : [];
          });
          if (delivered.length === 0) continue;
          try {
            await this.handler(delivered.map(({ stored }) => stored));
          } catch (error) {
            throw new HandlerFailure(error);
          }
          const last = delivered[delivered.length - 1]!;
          checkpoint = last.stored.position;
          resumeAt = last.at;
          failures = 0;
          if (this.closing) return;
          await nextTurnOfEventLoop();
        }
      } catch (error) {
        if (error instanceof HandlerFailure) throw error.failure;
        if (this.closing) return;
        if (++failures > this.policy.maxAttempts) throw error;
        await this.sleep(backoffMs(failures, { firstMs: this.policy.firstDelayMs, maxMs: this.policy.maxDelayMs }));
      } finally {
        await subscription.unsubscribe();
      }
    }
  }

  /**
   * Batches of what the client has buffered. While catching up, a batch waits
   * to be full (or for the server's "caught up"); live, it goes as it is.
   * Ends when the store closes; throws when the server ends the subscription.
   */
  private async *batches(subscription: ServerSubscription, batchSize: number): AsyncGenerator<ResolvedEvent[]> {
    let caughtUp = false;
    let ended = false;
    let failure: unknown;
    const notify = () => this.wake?.();
    subscription.on('readable', notify);
    subscription.on('caughtUp', () => {
      caughtUp = true;
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });
    subscription.on('error', (error: unknown) => {
      failure = error;
      notify();
    });
    while (!this.closing) {
      const batch: ResolvedEvent[] = [];
      let lingered = false;
      while (batch.length < batchSize && !this.closing) {
        const resolved = subscription.read() as ResolvedEvent | null;
        if (resolved !== null) {
          batch.push(resolved);
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) throw new Error('the server ended the $all subscription');
        if (batch.length > 0 && (caughtUp || lingered)) break;
        lingered = await this.sleep(batch.length > 0 ? CATCH_UP_LINGER_MS : undefined);
      }
      if (batch.length > 0 && !this.closing) yield batch;
    }
  }

  /** Waits for a notification, or `ms` (then resolves true); close() ends it early. */
  private sleep(ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => finish(true), ms);
      const finish = (timedOut: boolean) => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(timedOut);
      };
      this.wake = () => finish(false);
    });
  }
}
