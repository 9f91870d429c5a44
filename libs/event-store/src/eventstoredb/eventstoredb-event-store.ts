import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  WrongExpectedVersionError,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { checkAppend, revisionMatches } from '../append-checks.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { WrongExpectedRevisionError } from '../event-store.port.js';
import { assertPositiveInteger } from '../positive-integer.js';
import { AllSubscription, type ResubscribePolicy, type ResumePoint, type ServerSubscription } from './all-subscription.js';
import { readEvents, toPortError } from './client-calls.js';
import { eventIdOf, positionOf, resumeFrom, toEsdbEvents, toStoredEvent } from './event-mapping.js';
import { StreamEventIds } from './stream-event-ids.js';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host1:2113,host2:2113,host3:2113?tls=true`, as EventStoreDB and KurrentDB document it. */
  connectionString: string;
  /** The event types of the global stream: the `$all` subscription's server-side filter (the engine passes EVENT_TYPES). */
  eventTypes: readonly string[];
  /** Put before every stream name, so that installations (or test runs) can share a cluster. Default none. */
  streamPrefix?: string;
  /**
   * Most eventIds kept in memory for deduplication (default 2,000,000, about 85 bytes each); past it the
   * streams used least recently are let go and read again when next appended to.
   */
  maxIndexedEventIds?: number;
  resubscribe?: Partial<ResubscribePolicy>;
}

const STREAM_PAGE_SIZE = 1000;
const ALL_PAGE_SIZE = 500;
// A caller that passes 'any' takes whatever revision the stream has: a lost race is tried again with the new one.
const ANY_REVISION_ATTEMPTS = 5;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The event store on EventStoreDB / KurrentDB, through @eventstore/db-client
 * (its successor @kurrent/kurrentdb-client speaks the same protocol; what moving
 * takes is in docs/operations.md). Streams keep
 * the port's names (`org-<orgId>`, after an optional prefix) and revisions; the
 * port's position is the event's prepare position in the server's log.
 *
 * EventStoreDB cannot look an event up by id, and recognises a resent event
 * only while it is in its recent-writes cache: an import resent days later
 * would be stored twice. So eventIds are unique per stream (per org), checked
 * against the stream's ids held in memory (StreamEventIds) up to the revision
 * the append names; the server refuses the append if the stream moved since,
 * so the check costs no round trip. A stream not in memory is read once.
 */
export class EventStoreDbEventStore implements EventStore {
  static open(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    // The revision checks, and with them the eventId checks, rely on a refused append being an error, the client's default.
    if (/[?&]throwOnAppendFailure=false\b/i.test(options.connectionString)) {
      throw new RangeError('EVENTSTORE_CONNECTION_STRING: throwOnAppendFailure=false is not supported; leave it out');
    }
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString), options);
  }

  private readonly prefix: string;
  private readonly eventTypes: ReadonlySet<string>;
  private readonly eventIds: StreamEventIds;
  private readonly policy: ResubscribePolicy;
  private readonly subscriptions = new Set<AllSubscription>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions,
  ) {
    this.prefix = options.streamPrefix ?? '';
    this.eventTypes = new Set(options.eventTypes);
    this.eventIds = new StreamEventIds(options.maxIndexedEventIds ?? 2_000_000);
    this.policy = { maxAttempts: 30, firstDelayMs: 50, maxDelayMs: 5000, ...options.resubscribe };
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError(`stream ${streamId}: append needs at least one event`);
    const esdbEvents = toEsdbEvents(events);
    for (let attempt = 1; ; attempt++) {
      const actual = await this.revisionToAppendAt(streamId, expected);
      checkAppend(streamId, events, expected, actual, (eventIds) => this.eventIds.storedIn(streamId, eventIds));
      try {
        // The server refuses the append unless the stream is still at `actual`: then the ids just checked are all it holds.
        const result = await this.client.appendToStream(this.prefix + streamId, esdbEvents, {
          expectedRevision: actual === -1 ? 'no_stream' : BigInt(actual),
        });
        this.eventIds.extend(
          streamId,
          actual + 1,
          events.map((event) => event.eventId),
        );
        return { revision: Number(result.nextExpectedRevision), position: Number(result.position!.prepare) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error);
        const current = error.actualVersion === 'no_stream' ? -1 : Number(error.actualVersion);
        if (expected !== 'any' || attempt === ANY_REVISION_ATTEMPTS) throw new WrongExpectedRevisionError(streamId, expected, current);
      }
    }
  }

  async *readStream(streamId: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    this.assertOpen();
    for (let next = Math.max(0, fromRevision); ; ) {
      const page = await this.readPage(streamId, next);
      for (const resolved of page) yield toStoredEvent(resolved, this.prefix);
      if (page.length < STREAM_PAGE_SIZE) return;
      next = Number(page[page.length - 1]!.event!.revision) + 1;
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    const [last] = await readEvents(
      this.client.readStream(this.prefix + streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    return last ? Number(last.event!.revision) : -1;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    this.assertOpen();
    assertPositiveInteger('limit', limit);
    const found: StoredEvent[] = [];
    // The client reads `$all` without a filter; events of other types (system events, other applications') are passed over here. A
    // page starts at the last one's final event, which reads again: what is at or before `seen` was looked at.
    let seen = after;
    for (let from: ResumePoint = resumeFrom(after); found.length < limit; ) {
      const page = await readEvents(this.client.readAll({ fromPosition: from, maxCount: ALL_PAGE_SIZE }));
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position <= seen) continue;
        seen = position;
        const stored = this.accept(resolved);
        if (stored) found.push(stored);
        if (found.length === limit) break;
      }
      const last = page[page.length - 1];
      if (page.length < ALL_PAGE_SIZE || !last) break;
      from = last.event!.position!;
    }
    return found;
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    this.assertOpen();
    const located = this.eventIds.find(eventIds);
    const revisionsByStream = new Map<string, number[]>();
    for (const { streamId, revision } of located.values()) {
      const revisions = revisionsByStream.get(streamId) ?? [];
      revisions.push(revision);
      revisionsByStream.set(streamId, revisions);
    }
    const found = new Map<string, StoredEvent>();
    for (const [streamId, revisions] of revisionsByStream) {
      revisions.sort((a, b) => a - b);
      // Revisions close together are read in one request: a resent file finds its events a page at a time.
      for (let first = 0, last = 0; first < revisions.length; first = last + 1) {
        const from = revisions[first]!;
        for (last = first; last + 1 < revisions.length && revisions[last + 1]! - from < STREAM_PAGE_SIZE; last++);
        const page = await readEvents(
          this.client.readStream(this.prefix + streamId, { fromRevision: BigInt(from), maxCount: revisions[last]! - from + 1 }),
        );
        for (const resolved of page) {
          const stored = toStoredEvent(resolved, this.prefix);
          const wanted = located.get(stored.eventId);
          if (wanted?.streamId === streamId && wanted.revision === stored.revision) found.set(stored.eventId, stored);
        }
      }
    }
    // In the order asked: the caller lists duplicates as it named them.
    return new Map(eventIds.filter((eventId) => found.has(eventId)).map((eventId) => [eventId, found.get(eventId)!]));
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    // /health asks this on every probe: the newest record is nearly always an engine event, so a few records
    // usually answer, and pages grow only while other records are in the way.
    let fromPosition: Position | typeof END = END;
    for (let maxCount = 8; ; maxCount = Math.min(maxCount * 4, ALL_PAGE_SIZE)) {
      const page = await readEvents(this.client.readAll({ direction: BACKWARDS, fromPosition, maxCount }));
      const newest = page.find((resolved) => this.accept(resolved));
      if (newest) return positionOf(newest);
      const oldest = page[page.length - 1];
      if (page.length < maxCount || !oldest) return 0;
      fromPosition = oldest.event!.position!;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: (events: StoredEvent[]) => Promise<void>): Subscription {
    this.assertOpen();
    const filter = eventTypeFilter({ regex: `^(${[...this.eventTypes].map(escapeRegex).join('|')})$` });
    const subscription = new AllSubscription(
      {
        resumeFrom,
        open: (from, bufferedEvents) =>
          this.client.subscribeToAll({ fromPosition: from, filter }, { highWaterMark: bufferedEvents }) as unknown as ServerSubscription,
        accept: (resolved) => this.accept(resolved),
      },
      options,
      handler,
      this.policy,
    );
    this.subscriptions.add(subscription);
    void subscription.stopped.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= Promise.all([...this.subscriptions].map((subscription) => subscription.close())).then(() => this.client.dispose());
    return this.closing;
  }

  /**
   * The revision to append at: the one the index holds when the caller expects
   * it (the server checks that it still is), else the stream's, read past what
   * the index holds. For `any`, always read: the caller knows nothing.
   */
  private async revisionToAppendAt(streamId: string, expected: ExpectedRevision): Promise<number> {
    const known = this.eventIds.revisionOf(streamId);
    if (known !== undefined && expected !== 'any' && revisionMatches(expected, known)) return known;
    for (;;) {
      let revision = this.eventIds.revisionOf(streamId) ?? -1;
      for (let page = await this.readPage(streamId, revision + 1); ; page = await this.readPage(streamId, revision + 1)) {
        if (page.length > 0) revision = Number(page[page.length - 1]!.event!.revision);
        if (page.length < STREAM_PAGE_SIZE) break;
      }
      // Read while another append or read moved the index, or while it let the stream go: read again from where it is.
      if (this.eventIds.revisionOf(streamId) === revision) return revision;
    }
  }

  /** A page of the stream from `fromRevision`, added to the index when it continues what the index holds. */
  private async readPage(streamId: string, fromRevision: number): Promise<ResolvedEvent[]> {
    const page = await readEvents(
      this.client.readStream(this.prefix + streamId, { fromRevision: BigInt(fromRevision), maxCount: STREAM_PAGE_SIZE }),
    );
    if (page.length === 0 && fromRevision === 0) this.eventIds.absent(streamId);
    if (page.length > 0) {
      const first = Number(page[0]!.event!.revision);
      this.eventIds.extend(
        streamId,
        first,
        page.map((resolved) => eventIdOf(resolved)),
      );
    }
    return page;
  }

  private accept(resolved: ResolvedEvent): StoredEvent | undefined {
    const recorded = resolved.event;
    if (!recorded || !this.eventTypes.has(recorded.type) || !recorded.streamId.startsWith(this.prefix)) return undefined;
    return toStoredEvent(resolved, this.prefix);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the event store is closed');
  }
}
