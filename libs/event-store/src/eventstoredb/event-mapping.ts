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

/**
 * The events as the client sends them. Every body is encoded once here, before
 * anything is sent: a value JSON cannot hold fails the append, not half of it.
 * Each gets a new EventStoreDB id (the client's random UUID), never one made
 * from the eventId: the server takes a second append of known ids at the same
 * expected revision for a resend and answers it with success without looking
 * at the bodies, so a rival writer of the same eventId with another body would
 * be told its event was stored. With new ids it loses the revision race
 * instead, reads the stream and finds the eventId taken.
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
    return jsonEvent({
      type: event.type,
      data: body as never,
      ...(event.metadata === undefined ? {} : { metadata: event.metadata as never }),
    });
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

/** The engine's eventId of a stored event, read without decoding the rest. */
export const eventIdOf = (resolved: ResolvedEvent): string => (resolved.event!.data as unknown as StoredBody).eventId;

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
