import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, StoredEvent, SubscribeOptions, Subscription } from '../event-store.port.js';

/** A stream name no other test (or earlier run against a shared server) uses. */
export const newStreamId = () => `contract-${randomUUID()}`;

export function newEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ThingHappened',
    orgId: 'org-contract',
    occurredAt: '2025-03-01T09:00:00.000Z',
    recordedAt: '2025-03-01T09:00:01.000Z',
    schemaVersion: 1,
    data: { n },
    ...overrides,
  };
}

/** `count` events whose `data.n` runs from `from`. */
export const newEvents = (count: number, from = 0) => Array.from({ length: count }, (_, index) => newEvent(from + index));

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The global stream after `after`, read page by page through readAll. */
export async function readAllAfter(store: EventStore, after: number, pageSize = 100): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (
    let page = await store.readAll(after, pageSize);
    page.length > 0;
    page = await store.readAll(page[page.length - 1]!.position, pageSize)
  ) {
    events.push(...page);
  }
  return events;
}

export const eventIdsOf = (events: readonly { eventId: string }[]) => events.map((event) => event.eventId);

/** A promise the test resolves when it chooses: holds a handler call open. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export interface Recording {
  subscription: Subscription;
  events: StoredEvent[];
  batchSizes: number[];
}

/** Subscribes with a handler that keeps what it gets, after running `before` on each batch. */
export function record(
  store: EventStore,
  options: SubscribeOptions,
  before: (events: StoredEvent[]) => Promise<void> = async () => undefined,
): Recording {
  const recording: Recording = { events: [], batchSizes: [], subscription: undefined! };
  recording.subscription = store.subscribeToAll(options, async (events) => {
    await before(events);
    recording.events.push(...events);
    recording.batchSizes.push(events.length);
  });
  return recording;
}
