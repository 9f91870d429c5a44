/**
 * The event store port. The SQLite adapter (embedded default), the in-memory
 * adapter (unit tests) and the EventStoreDB adapter (scale-out) implement it
 * and pass the same contract suite (`event-store.contract.ts`).
 *
 * The store never looks inside `data` or `metadata`: it keeps envelopes in
 * streams, in one global order, and guarantees an `eventId` is stored once.
 */
export interface NewEvent {
  eventId: string;
  type: string;
  orgId: string;
  occurredAt: string;
  recordedAt: string;
  schemaVersion: number;
  data: unknown;
  metadata?: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  /** 0-based index of the event in its stream. */
  revision: number;
  /** Position in the global stream: strictly increasing in commit order, ≥ 1, gaps allowed. */
  position: number;
}

/**
 * The revision the caller last saw: the revision of the stream's last event,
 * `'no_stream'` when the stream must not exist yet, `'any'` to skip the check.
 */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendResult {
  /** Revision of the last appended event. */
  revision: number;
  /** Global position of the last appended event. */
  position: number;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventIds: string[]) {
    super(`eventId already stored: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  close(): Promise<void>;
  /** Settles when the subscription ends: resolves after close(), rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with position > after (0 = from the start). */
  after: number;
  /** Most events handed to the handler at once. */
  batchSize?: number;
}

export interface EventStore {
  /**
   * Appends atomically: all events or none. Rejects with
   * WrongExpectedRevisionError when the stream moved, and with
   * DuplicateEventIdError (appending nothing) when any eventId is stored already.
   */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;

  /** The stream's events from `fromRevision` (default 0), in revision order, paged inside. */
  readStream(streamId: string, fromRevision?: number): AsyncIterable<StoredEvent>;

  /** Revision of the stream's last event, -1 when the stream does not exist. */
  streamRevision(streamId: string): Promise<number>;

  /** Up to `limit` events of the global stream with position > `after`, in position order. */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;

  /** The stored events among `eventIds` (absent ids are left out). */
  findByEventIds(eventIds: readonly string[]): Promise<Map<string, StoredEvent>>;

  /** Position of the last event of the global stream, 0 when empty. */
  headPosition(): Promise<number>;

  /**
   * Catch-up then live: hands batches of the global stream after `after` to
   * `handler`, in order, one call at a time (the next batch is read only once
   * the handler's promise settles, so a slow consumer holds no backlog in memory).
   */
  subscribeToAll(options: SubscribeOptions, handler: (events: StoredEvent[]) => Promise<void>): Subscription;

  close(): Promise<void>;
}
