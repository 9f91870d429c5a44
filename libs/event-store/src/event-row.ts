import type { NewEvent, StoredEvent } from './event-store.port.js';

/** An event as the adapters keep it: the envelope with `data` and `metadata` as JSON text. */
export interface EventRow extends NewEventRow {
  position: number;
}

/** A row before the store has given it a position. */
export interface NewEventRow {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  orgId: string;
  occurredAt: string;
  recordedAt: string;
  schemaVersion: number;
  data: string;
  metadata: string | null;
}

export function toNewEventRow(streamId: string, revision: number, event: NewEvent): NewEventRow {
  return {
    streamId,
    revision,
    eventId: event.eventId,
    type: event.type,
    orgId: event.orgId,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    schemaVersion: event.schemaVersion,
    data: JSON.stringify(event.data) ?? 'null',
    metadata: event.metadata === undefined ? null : JSON.stringify(event.metadata),
  };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  const { data, metadata, ...envelope } = row;
  return { ...envelope, data: JSON.parse(data), ...(metadata === null ? {} : { metadata: JSON.parse(metadata) }) };
}
