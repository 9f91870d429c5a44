import type { EventStore } from './event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** Which store a process opens, as the config names it. */
export type EventStoreSettings =
  | { kind: 'sqlite'; file: string; pollIntervalMs: number }
  | { kind: 'eventstoredb'; connectionString: string };

/**
 * Opens the store the settings name. `eventTypes` (the engine's catalogue) is
 * the server-side filter of EventStoreDB's global stream; SQLite holds nothing else.
 */
export function openEventStore(settings: EventStoreSettings, eventTypes: readonly string[]): EventStore {
  return settings.kind === 'sqlite'
    ? SqliteEventStore.open({ file: settings.file, pollIntervalMs: settings.pollIntervalMs })
    : EventStoreDbEventStore.open({ connectionString: settings.connectionString, eventTypes });
}
