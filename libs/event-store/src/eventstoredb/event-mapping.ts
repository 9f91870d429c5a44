import { createHash } from 'node:crypto';
import { jsonEvent, START, type Position, type ResolvedEvent } from '@eventstore/db-client';
import type { NewEvent, StoredEvent } from '../event-store.port.js';

/** What the adapter writes as an EventStoreDB event's JSON body: the envelope without its type. */
interface StoredBody {
  eventId: string;
  orgId: string;
  occurredAt: string;
  recordedAt: string;
  schemaVersion: number;
  data: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * EventStoreDB wants a UUID per event. The engine's eventIds are UUIDs and are
 * used as they are, so the server's own idempotency sees the same id; any
 * other id is hashed into a stable name-based UUID.
 */
export function esdbEventId(eventId: string): string {
  if (UUID.test(eventId)) return eventId.toLowerCase();
  const bytes = createHash('sha1').update(eventId).digest().subarray(0, 16);
  // RFC 4122 version 5 and variant bits.
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The events as the client sends them. Every body is encoded once here, before
 * anything is sent: a value JSON cannot hold fails the append, not half of it.
 */
export function toEsdbEvents(events: readonly NewEvent[]) {
  return events.map((event) => {
    const body: StoredBody = {
      eventId: event.eventId,
      orgId: event.orgId,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      schemaVersion: event.schemaVersion,
      data: event.data ?? null,
    };
    JSON.stringify(body);
    if (event.metadata !== undefined) JSON.stringify(event.metadata);
    return jsonEvent({ id: esdbEventId(event.eventId), type: event.type, data: body as never, ...(event.metadata === undefined ? {} : { metadata: event.metadata as never }) });
  });
}

/**
 * The port's position is the event's prepare position: the one coordinate
 * unique to each event (the events of one append share their commit position).
 */
export const positionOf = (resolved: ResolvedEvent): number => Number(resolved.event?.position?.prepare ?? -1n);

/**
 * Where a read or subscription resumes to see every event after `after`.
 * `(after, after)` is at or before every later event, since an event's commit
 * position is never below its prepare position; the reader drops what comes
 * back at or before `after` (the rest of a transaction it had seen part of).
 */
export const resumeFrom = (after: number): Position | typeof START =>
  after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };

export function toStoredEvent(resolved: ResolvedEvent, streamPrefix: string): StoredEvent {
  const recorded = resolved.event!;
  const body = recorded.data as unknown as StoredBody;
  const metadata = recorded.metadata as Record<string, unknown> | undefined;
  return {
    eventId: body.eventId,
    type: recorded.type,
    orgId: body.orgId,
    occurredAt: body.occurredAt,
    recordedAt: body.recordedAt,
    schemaVersion: body.schemaVersion,
    data: body.data,
    ...(metadata === undefined ? {} : { metadata }),
    streamId: recorded.streamId.slice(streamPrefix.length),
    revision: Number(recorded.revision),
    position: positionOf(resolved),
  };
}
