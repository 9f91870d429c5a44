import { checkAppend } from '../append-checks.js';
import { toNewEventRow, toStoredEvent, type EventRow } from '../event-row.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { assertPositiveInteger } from '../positive-integer.js';
import { LiveSubscriptions } from '../subscription/live-subscriptions.js';

/**
 * The event store for unit tests: the SQLite adapter's behaviour without a
 * file. Events are kept as JSON text, as the file would keep them, so a
 * caller never shares an object with the store. Position n is the n-th event.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: EventRow[] = [];
  private readonly streams = new Map<string, EventRow[]>();
  private readonly byEventId = new Map<string, EventRow>();
  private readonly subscriptions = new LiveSubscriptions((after, limit) => this.readAll(after, limit));
  private closing: Promise<void> | undefined;
  private closed = false;

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const stream = this.streams.get(streamId) ?? [];
    checkAppend(streamId, events, expected, stream.length - 1, (eventIds) => eventIds.filter((eventId) => this.byEventId.has(eventId)));
    // Encode the whole batch before storing any of it: a value JSON cannot hold fails the append, not half of it.
    const rows = events.map((event, index) => ({
      position: this.all.length + index + 1,
      ...toNewEventRow(streamId, stream.length + index, event),
    }));
    for (const row of rows) {
      this.all.push(row);
      stream.push(row);
      this.byEventId.set(row.eventId, row);
    }
    this.streams.set(streamId, stream);
    this.subscriptions.notifyAppended();
    const last = rows[rows.length - 1]!;
    return { revision: last.revision, position: last.position };
  }

  async *readStream(streamId: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    this.assertOpen();
    for (let revision = Math.max(0, fromRevision); ; revision++) {
      const row = this.streams.get(streamId)?.[revision];
      if (!row) return;
      yield toStoredEvent(row);
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    this.assertOpen();
    assertPositiveInteger('limit', limit);
    const start = Math.max(0, after);
    return this.all.slice(start, start + limit).map(toStoredEvent);
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    this.assertOpen();
    const found = new Map<string, StoredEvent>();
    for (const eventId of eventIds) {
      const row = this.byEventId.get(eventId);
      if (row) found.set(eventId, toStoredEvent(row));
    }
    return found;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.all.length;
  }

  subscribeToAll(options: SubscribeOptions, handler: (events: StoredEvent[]) => Promise<void>): Subscription {
    return this.subscriptions.subscribe(options, handler);
  }

  close(): Promise<void> {
    this.closing ??= this.subscriptions.closeAll().then(() => {
      this.closed = true;
    });
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}
