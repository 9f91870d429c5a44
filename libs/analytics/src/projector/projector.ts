import { channel } from 'node:diagnostics_channel';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, StoredEvent, Subscription } from '@orghealth/event-store';
import { retry, type RetryOptions } from '@orghealth/retry';
import type { AnalyticsClient } from '../analytics-client.js';
import { projectEvents } from './project-events.js';
import { ProjectionTarget, type TableName } from './projection-target.js';

export interface ProjectorOptions {
  /** Key of the checkpoint: one per projector writing the tables. */
  name: string;
  /** Events written together at most; a full buffer is written at once. */
  batchSize: number;
  /** Longest an event waits in a partial buffer, so a quiet stream still lands (and small inserts are grouped). */
  maxBatchDelayMs: number;
  /** Backoff between tries of a failed write or subscription: doubles from initial up to max. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  now: () => Date;
  /**
   * While this answers true (the write side is busy, e.g. a bulk import), a batch waits before it is
   * written, up to `maxYieldMs`: on two cores, recording events comes first and the projector catches up
   * after, its lag visible on /health.
   */
  yieldTo: () => boolean;
  maxYieldMs: number;
  /** Told of each batch once its effects and checkpoint are stored: readers may now see it (the alert evaluation). */
  onProjected: (events: readonly StoredEvent[]) => void;
  /** The tables written, checkpoint included: the live ones, or a rebuild's copies. */
  tableName: TableName;
}

/** One batch stored with its checkpoint: how many events and how long from mapping them to the checkpoint (retries included). */
export interface StoredBatch {
  projector: string;
  events: number;
  seconds: number;
}

/** For the operator's metrics: a projector in any process publishes here, whoever subscribes. */
export const projectedBatchChannel = channel('orghealth.projector.batch');

export interface ProjectorStatus {
  running: boolean;
  /** Global position of the last event whose effects are stored. */
  checkpoint: number;
  /** null when ClickHouse cannot be asked (lastError says why). */
  deadLetters: number | null;
  /** The last failure of a write, a checkpoint load or the subscription; null once a write succeeds again. */
  lastError: string | null;
}

const DEFAULTS: ProjectorOptions = {
  name: 'analytics',
  // 20,000 events project about a quarter faster than 5,000 (fewer, larger parts); a batch holds a few tens of MB.
  batchSize: 20_000,
  maxBatchDelayMs: 1000,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 30_000,
  now: () => new Date(),
  yieldTo: () => false,
  maxYieldMs: 10_000,
  onProjected: () => undefined,
  tableName: (table) => table,
};

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Projects the event store's global stream into the analytics tables, from
 * its checkpoint, in batches. Exactly-once effect: rows are written first
 * and the checkpoint after them, never ahead; a crash in between replays
 * events whose rows are stored already, and the tables' event-id keys fold
 * the copies (see README). It never crash-loops: a failed write is retried
 * with backoff until it succeeds or the projector is closed, a failed
 * subscription is resumed from the checkpoint, and an event it cannot map is
 * dead-lettered.
 */
export class Projector {
  private readonly options: ProjectorOptions;
  private readonly target: ProjectionTarget;
  private readonly stopping = new AbortController();
  private checkpoint = 0;
  private lastError: string | null = null;
  private buffer: StoredEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** The running and queued writes, one at a time in stream order. */
  private flushing: Promise<void> = Promise.resolve();
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    client: AnalyticsClient,
    options: Partial<ProjectorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.target = new ProjectionTarget(client, this.options.name, this.options.tableName);
  }

  /** Starts projecting in the background; `status()` tells how far it got. */
  start(): void {
    if (this.loop) throw new Error('the projector was started already');
    this.loop = this.run();
  }

  async status(): Promise<ProjectorStatus> {
    let deadLetters: number | null = null;
    try {
      deadLetters = await this.target.deadLetterCount();
    } catch (error) {
      this.lastError = describe(error);
    }
    const running = this.loop !== undefined && !this.stopping.signal.aborted;
    return { running, checkpoint: this.checkpoint, deadLetters, lastError: this.lastError };
  }

  /**
   * Stops reading, lets a running write finish and drops what is buffered:
   * those events are after the checkpoint, so the next start projects them.
   */
  async close(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.flushTimer);
    await this.subscription?.close();
    await this.loop;
    await this.flushing;
  }

  private async run(): Promise<void> {
    let checkpointLoaded = false;
    await retry(
      async () => {
        if (!checkpointLoaded) {
          this.checkpoint = await this.target.loadCheckpoint();
          checkpointLoaded = true;
        }
        if (this.stopping.signal.aborted) return;
        this.subscription = this.store.subscribeToAll({ after: this.checkpoint, batchSize: this.options.batchSize }, (events) =>
          this.receive(events),
        );
        await this.subscription.done;
      },
      this.retrying(async () => {
        // Resume from the checkpoint: what was buffered after it is read again.
        await this.flushing;
        clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        this.buffer = [];
      }),
    ).catch(() => undefined);
  }

  private async receive(events: StoredEvent[]): Promise<void> {
    for (const event of events) this.buffer.push(event);
    if (this.buffer.length >= this.options.batchSize) {
      // The next page is read from the store while this one is stored; awaiting the write before it holds the
      // subscription back, so at most two batches are in memory.
      const previous = this.flushing;
      void this.flush();
      await previous;
    } else this.flushTimer ??= setTimeout(() => void this.flush(), this.options.maxBatchDelayMs);
  }

  /** Queues a write of the buffer; settles once it is stored, or dropped because the projector closed. */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBuffer());
    return this.flushing;
  }

  private async writeBuffer(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffer.length === 0) return;
    const yieldingSince = Date.now();
    while (this.options.yieldTo() && Date.now() - yieldingSince < this.options.maxYieldMs && !this.stopping.signal.aborted) {
      await delay(25);
    }
    const events = this.buffer;
    this.buffer = [];
    const started = performance.now();
    const batch = projectEvents(events, this.options.now());
    try {
      await retry(async () => {
        await this.target.write(batch);
        await this.target.saveCheckpoint(batch.lastPosition, this.options.now());
        this.checkpoint = batch.lastPosition;
        this.lastError = null;
      }, this.retrying());
    } catch {
      // Only a close ends the tries: the batch is after the checkpoint, and the next start writes it.
      return;
    }
    if (projectedBatchChannel.hasSubscribers) {
      projectedBatchChannel.publish({
        projector: this.options.name,
        events: events.length,
        seconds: (performance.now() - started) / 1000,
      } satisfies StoredBatch);
    }
    // Outside the retry: the batch is stored, and a listener's failure must not write it again; /health shows it.
    try {
      this.options.onProjected(events);
    } catch (error) {
      this.lastError = describe(error);
    }
  }

  /** Tries until they succeed or the projector closes, the last failure on /health meanwhile. */
  private retrying(cleanUp?: () => Promise<void>): RetryOptions {
    return {
      backoff: { firstMs: this.options.retryInitialDelayMs, maxMs: this.options.retryMaxDelayMs },
      signal: this.stopping.signal,
      onRetry: async (error) => {
        this.lastError = describe(error);
        await cleanUp?.();
      },
    };
  }
}
