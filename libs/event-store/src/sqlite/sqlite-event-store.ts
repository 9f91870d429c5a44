import type Database from 'better-sqlite3';
import { checkAppend } from '../append-checks.js';
import { toNewEventRow, toStoredEvent, type EventRow, type NewEventRow } from '../event-row.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { nextTurnOfEventLoop } from '../next-turn.js';
import { assertPositiveInteger } from '../positive-integer.js';
import { LiveSubscriptions } from '../subscription/live-subscriptions.js';
import { openDatabase } from './open-database.js';

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created when missing. */
  file: string;
  /** How often live subscriptions look for events appended by another process (default 250). */
  pollIntervalMs?: number;
  /** How long a write waits for another process's write to finish before failing (default 5000). */
  busyTimeoutMs?: number;
}

const STREAM_PAGE_SIZE = 1000;

const COLUMNS = `position, stream_id AS streamId, revision, event_id AS eventId, type, org_id AS orgId,
  occurred_at AS occurredAt, recorded_at AS recordedAt, schema_version AS schemaVersion, data, metadata`;

// json_each takes any number of ids as one bound value: no variable limit, one cached statement.
const IN_EVENT_IDS = `event_id IN (SELECT value FROM json_each(?))`;

function prepareStatements(db: Database.Database) {
  return {
    streamRevision: db.prepare<[string], number | null>(`SELECT MAX(revision) FROM events WHERE stream_id = ?`).pluck(),
    storedEventIds: db.prepare<[string], string>(`SELECT event_id FROM events WHERE ${IN_EVENT_IDS}`).pluck(),
    insert: db.prepare<[NewEventRow]>(
      `INSERT INTO events (stream_id, revision, event_id, type, org_id, occurred_at, recorded_at, schema_version, data, metadata)
       VALUES (@streamId, @revision, @eventId, @type, @orgId, @occurredAt, @recordedAt, @schemaVersion, @data, @metadata)`,
    ),
    streamPage: db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    allPage: db.prepare<[number, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    byEventIds: db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE ${IN_EVENT_IDS}`),
    headPosition: db.prepare<[], number>(`SELECT COALESCE(MAX(position), 0) FROM events`).pluck(),
  };
}

/**
 * The embedded event store: one SQLite file, which other processes (a CLI
 * import) may write at the same time. SQLite lets one writer in at a time,
 * so positions are handed out in commit order: once a reader has seen a
 * position, no event below it can still appear.
 */
export class SqliteEventStore implements EventStore {
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(openDatabase(options.file, options.busyTimeoutMs ?? 5000), options.pollIntervalMs ?? 250);
  }

  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendInTransaction: Database.Transaction<
    (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult
  >;
  private readonly subscriptions: LiveSubscriptions;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: Database.Database,
    pollIntervalMs: number,
  ) {
    this.statements = prepareStatements(db);
    this.appendInTransaction = db.transaction((streamId, events, expected) => {
      const actual = this.statements.streamRevision.get(streamId) ?? -1;
      checkAppend(streamId, events, expected, actual, (eventIds) => this.statements.storedEventIds.all(JSON.stringify(eventIds)));
      let revision = actual;
      let position = 0;
      for (const event of events) {
        revision++;
        position = Number(this.statements.insert.run(toNewEventRow(streamId, revision, event)).lastInsertRowid);
      }
      return { revision, position };
    });
    this.subscriptions = new LiveSubscriptions((after, limit) => this.readAll(after, limit), pollIntervalMs);
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // IMMEDIATE takes the write lock before the checks read: another process cannot move the stream in between.
    const result = this.appendInTransaction.immediate(streamId, events, expected);
    this.subscriptions.notifyAppended();
    return result;
  }

  async *readStream(streamId: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    for (let next = fromRevision; ; ) {
      const rows = this.statements.streamPage.all(streamId, next, STREAM_PAGE_SIZE);
      for (const row of rows) yield toStoredEvent(row);
      if (rows.length < STREAM_PAGE_SIZE) return;
      next = rows[rows.length - 1]!.revision + 1;
      await nextTurnOfEventLoop();
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.statements.streamRevision.get(streamId) ?? -1;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    assertPositiveInteger('limit', limit);
    return this.statements.allPage.all(after, limit).map(toStoredEvent);
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    const rows = this.statements.byEventIds.all(JSON.stringify(eventIds));
    return new Map(rows.map((row) => [row.eventId, toStoredEvent(row)]));
  }

  async headPosition(): Promise<number> {
    return this.statements.headPosition.get()!;
  }

  subscribeToAll(options: SubscribeOptions, handler: (events: StoredEvent[]) => Promise<void>): Subscription {
    return this.subscriptions.subscribe(options, handler);
  }

  close(): Promise<void> {
    this.closing ??= this.subscriptions.closeAll().then(() => {
      this.db.close();
    });
    return this.closing;
  }
}
