/**
 * The event store port. The SQLite adapter (embedded default), the in-memory
 * adapter (unit tests) and the EventStoreDB adapter (scale-out) implement it
 * and pass the same contract suite (`event-store.contract.ts`).
 *
 * The store never looks inside `data` or `metadata`: it keeps envelopes in
 * streams, in one global order, and guarantees an `eventId` is stored once
 * in its stream. The engine keeps one stream per org, so eventIds are unique
 * per org; the SQLite and in-memory adapters hold them unique in the whole
 * store, EventStoreDB in each stream (a check across streams would cost a
 * round trip per event there).
 * `data` and `metadata` are kept as JSON: what is read back is what
 * `JSON.parse(JSON.stringify(value))` gives (an undefined `data` reads back
 * as null), never the object that was appended.
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
 * -1 matches a stream that does not exist, as `'no_stream'` does.
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

/** The store cannot be reached (no leader, a node down, a timeout): nothing is wrong with the request, retry it. */
export class EventStoreUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the event store is unavailable: ${reason}`);
    this.name = 'EventStoreUnavailableError';
  }
}

export interface Subscription {
  /**
   * Stops delivery; resolves once no handler call is running. A handler may
   * call it but must not await it: it would be waiting for itself.
   */
  close(): Promise<void>;
  /**
   * Settles when the subscription ends: resolves after close(), rejects with
   * the handler's or the store's error. Left unobserved, that rejection is
   * reported as unhandled rather than lost.
   */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with position > after (0 = from the start). */
  after: number;
  /** Most events handed to the handler at once: a positive integer, 500 when left out. */
  batchSize?: number;
}

export interface EventStore {
  /**
   * Appends atomically: all events or none. Rejects with
   * WrongExpectedRevisionError when the stream moved, and with
   * DuplicateEventIdError (appending nothing) when any eventId is stored
   * already (in this stream, or anywhere for a store whose ids are unique
   * store-wide) or appears twice in `events`; the error lists each such id once.
   * The revision is checked first, so a caller holding a stale revision learns
   * that before anything else. Rejects with a RangeError when `events` is
   * empty: an empty commit has no position to report.
   */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;

  /**
   * The stream's events from `fromRevision` (default 0), in revision order,
   * paged inside. Each page is read when the previous one is used up, so
   * events appended meanwhile are included up to the last (short) page.
   */
  readStream(streamId: string, fromRevision?: number): AsyncIterable<StoredEvent>;

  /** Revision of the stream's last event, -1 when the stream does not exist. */
  streamRevision(streamId: string): Promise<number>;

  /**
   * Up to `limit` events of the global stream with position > `after`, in
   * position order. A position, once returned, has no unseen committed event
   * before it: resuming from it misses nothing. `limit` is a positive integer.
   */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;

  /**
   * The stored events among `eventIds` (absent ids are left out). Covers
   * every stream this store has appended to or read from its first event
   * since it opened (a writer reads its stream before it asks); the SQLite
   * and in-memory adapters cover every stream. An append checks its own
   * stream whatever this answers.
   */
  findByEventIds(eventIds: readonly string[]): Promise<Map<string, StoredEvent>>;

  /** Position of the last event of the global stream, 0 when empty. */
  headPosition(): Promise<number>;

  /**
   * Catch-up then live: hands batches of the global stream after `after` to
   * `handler`, in order, one call at a time (the next batch is read only once
   * the handler's promise settles, so a slow consumer holds no backlog in memory).
   * Batches are never empty. The handler is first called after
   * `subscribeToAll` has returned. Between batches the rest of the process
   * gets its turn (timers, I/O), however fast the handler. A handler error
   * ends the subscription and rejects `done` with it.
   */
  subscribeToAll(options: SubscribeOptions, handler: (events: StoredEvent[]) => Promise<void>): Subscription;

  /**
   * Closes every subscription (waiting for running handler calls; their
   * `done` resolves), then releases the store. Later calls reject. Closing
   * twice is harmless.
   */
  close(): Promise<void>;
}
