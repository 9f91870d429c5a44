import { isEventType, parseStoredOrgEvent, type OrgEvent } from '@orghealth/domain';
import type { StoredEvent } from '@orghealth/event-store';
import { toDateTime64 } from '../clickhouse-time.js';
import { EVENT_ROWS, type Columns, type EventRowProjection, type FactTable } from './event-rows.js';
import { UnprojectableEventError } from './unprojectable-event.js';

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
 * Turns stored events into rows, purely. Each event is read back first:
 * upcast to its current schema and parsed into the typed union. An event that cannot be mapped (an unknown type, a schema
 * version newer than this engine, bad data, a bug in a mapping) becomes a
 * dead letter with the reason, and the rest of the batch goes on.
 */
export function projectEvents(events: readonly StoredEvent[], deadAt: Date): ProjectedBatch {
  const rowsByTable = new Map<FactTable, Columns[]>();
  const deadLetters: DeadLetterRow[] = [];
  for (const stored of events) {
    try {
      const projected = toRow(stored);
      if (!projected) continue;
      const { table, row } = projected;
      const rows = rowsByTable.get(table);
      if (rows) rows.push(row);
      else rowsByTable.set(table, [row]);
    } catch (error) {
      deadLetters.push(toDeadLetter(stored, error, deadAt));
    }
  }
  return { rowsByTable, deadLetters, lastPosition: events.at(-1)?.position ?? 0 };
}

function toRow(stored: StoredEvent): { table: FactTable; row: Columns } | null {
  if (!isEventType(stored.type)) throw new UnprojectableEventError(`unknown event type ${JSON.stringify(stored.type)}`);
  // Types the analytics leave out are skipped before parsing: the alert lifecycle is no org fact.
  if (!EVENT_ROWS[stored.type]) return null;
  const event = parseStoredOrgEvent(stored);
  // TypeScript cannot tie the map's entry to the event's own type through a union: the entry is the one for event.type.
  const projection = EVENT_ROWS[event.type] as EventRowProjection<OrgEvent['type']>;
  return {
    table: projection.table,
    row: {
      org_id: event.orgId,
      event_id: event.eventId,
      position: stored.position,
      occurred_at: toDateTime64(event.occurredAt),
      ...(projection.columns as (data: OrgEvent['data']) => Columns)(event.data),
    },
  };
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
