import type { StoredEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import { nextTurnOfEventLoop } from '../next-turn.js';
import { assertPositiveInteger } from '../positive-integer.js';
import { subscriptionPromises } from './subscription-promises.js';

export type ReadAll = (after: number, limit: number) => Promise<StoredEvent[]>;
export type Handler = (events: StoredEvent[]) => Promise<void>;

const DEFAULT_BATCH_SIZE = 500;

/**
 * Reads the global stream page by page and hands each page to the handler,
 * reading the next one only once the handler has settled. At the head it
 * sleeps until `notifyAppended()` (an append through the same store) or, when
 * `pollIntervalMs` is set, until the interval passes (appends by other processes).
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  /** Settles, never rejecting, once the subscription has ended. */
  readonly stopped: Promise<void>;
  private closing = false;
  private appendedSinceRead = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly readAll: ReadAll,
    options: SubscribeOptions,
    private readonly handler: Handler,
    private readonly pollIntervalMs?: number,
  ) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    assertPositiveInteger('batchSize', batchSize);
    ({ done: this.done, stopped: this.stopped } = subscriptionPromises(this.run(options.after, batchSize)));
  }

  notifyAppended(): void {
    this.appendedSinceRead = true;
    this.wake?.();
  }

  close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    return this.stopped;
  }

  private async run(after: number, batchSize: number): Promise<void> {
    let position = after;
    while (!this.closing) {
      this.appendedSinceRead = false;
      const events = await this.readAll(position, batchSize);
      if (this.closing) return;
      if (events.length === 0) {
        // An append that landed while the page was read must not be slept through.
        if (!this.appendedSinceRead) await this.sleep();
        continue;
      }
      await this.handler(events);
      position = events[events.length - 1]!.position;
      await nextTurnOfEventLoop();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.pollIntervalMs === undefined ? undefined : setTimeout(() => this.wake?.(), this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
