import { isEventType, upcastStored } from '@orghealth/domain';
import type { StoredEvent } from '@orghealth/event-store';
import { toOrgEvent } from '@orghealth/ingest';
import { toDateTime64 } from '../clickhouse-time.js';
import { EventFields, UnprojectableEventError } from './event-fields.js';
import { EVENT_ROWS, type Columns, type EventRowProjection, type FactTable } from './event-rows.js';

export interface DeadLetterRow {
  position: number;
  event_id: string;
  org_id: string;
  type: string;
  reason: string;
  raw: string;
  dead_at: string;
}

export interface ProjectedBatch {
  rowsByTable: Map<FactTable, Columns[]>;
  deadLetters: DeadLetterRow[];
  /** Global position of the batch's last event: the checkpoint once all of the above is stored. */
  lastPosition: number;
}

/**
 * Turns stored events into rows, purely. Each event is upcast to its current
 * schema first. An event that cannot be mapped (an unknown type, a schema
 * version newer than this engine, bad data, a bug in a mapping) becomes a
 * dead letter with the reason, and the rest of the batch goes on.
 */
export function projectEvents(events: readonly StoredEvent[], deadAt: Date): ProjectedBatch {
  const rowsByTable = new Map<FactTable, Columns[]>();
  const deadLetters: DeadLetterRow[] = [];
  for (const stored of events) {
    try {
      for (const { table, row } of toRows(stored)) {
        const rows = rowsByTable.get(table);
        if (rows) rows.push(row);
        else rowsByTable.set(table, [row]);
      }
    } catch (error) {
      deadLetters.push(toDeadLetter(stored, error, deadAt));
    }
  }
  return { rowsByTable, deadLetters, lastPosition: events.at(-1)?.position ?? 0 };
}

/** An event's rows, all computed before any is kept: an event that cannot be projected whole lands nowhere but the dead letters. */
function toRows(stored: StoredEvent): { table: FactTable; row: Columns }[] {
  if (!isEventType(stored.type)) throw new UnprojectableEventError(`unknown event type ${JSON.stringify(stored.type)}`);
  const projections = EVENT_ROWS[stored.type];
  if (!projections) return [];
  const event = upcastStored(toOrgEvent(stored));
  const envelope = new EventFields(event, 'event');
  const common = {
    org_id: envelope.text('orgId'),
    event_id: envelope.text('eventId'),
    position: stored.position,
    occurred_at: toDateTime64(envelope.text('occurredAt')),
  };
  const data = new EventFields(event.data);
  return ([] as EventRowProjection[])
    .concat(projections)
    .filter((projection) => projection.when?.(data) ?? true)
    .map((projection) => ({ table: projection.table, row: { ...common, ...projection.columns(data) } }));
}

function toDeadLetter(stored: StoredEvent, error: unknown, deadAt: Date): DeadLetterRow {
  return {
    position: stored.position,
    event_id: String(stored.eventId),
    org_id: String(stored.orgId),
    type: String(stored.type),
    reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    raw: JSON.stringify(stored),
    dead_at: toDateTime64(deadAt),
  };
}
