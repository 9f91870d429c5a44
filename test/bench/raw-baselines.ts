import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { SqliteEventStore, type EventStore } from '@orghealth/event-store';
import Database from 'better-sqlite3';

/*
 * What the engine's write paths are measured against: the same events
 * written by the bare library, in the same run, with nothing of the engine in
 * between (no HTTP, validation, rules, deduplication or projection).
 */

/** Events and seconds, and the rate of the two. */
export interface Rate {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Rows a transaction or an append carries in the raw baselines, as the issue measures them. */
const RAW_BATCH = 1000;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const rate = (events: number, took: number): Rate => ({
  events,
  seconds: Number(took.toFixed(2)),
  eventsPerSecond: Math.round(events / took),
});

/** The ratio of two rates, two decimals: ≥ 1 when `measured` is as fast as `baseline`. */
export const ratio = (measured: number, baseline: number) => Number((measured / baseline).toFixed(2));

interface FileEvent {
  eventId: string;
  type: string;
  orgId: string;
  occurredAt: string;
  schemaVersion: number;
  data: unknown;
}

/** The NDJSON file's events, a batch at a time, parsed as the import parses them (JSON.parse per line). */
async function* batchesOf(path: string): AsyncIterable<FileEvent[]> {
  let batch: FileEvent[] = [];
  for await (const line of createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    batch.push(JSON.parse(line) as FileEvent);
    if (batch.length === RAW_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const INSERT_EVENT_SQL = `INSERT INTO events (stream_id, revision, event_id, type, org_id, occurred_at, recorded_at, schema_version, data, metadata)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`;

/**
 * The file's events inserted with better-sqlite3 into the event store's own
 * table (its schema and unique indexes, made by opening the store once), 1,000
 * per transaction, WAL and synchronous=FULL: the bare cost of durable SQLite
 * writes of those events. Reading and parsing the file is timed too, as the
 * import's is.
 */
export async function rawSqliteInsert(path: string, file: string): Promise<Rate> {
  await SqliteEventStore.open({ file }).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare(INSERT_EVENT_SQL);
    const recordedAt = new Date().toISOString();
    let revision = 0;
    const insertBatch = db.transaction((events: FileEvent[]) => {
      for (const event of events) {
        insert.run(
          `org-${event.orgId}`,
          revision++,
          event.eventId,
          event.type,
          event.orgId,
          event.occurredAt,
          recordedAt,
          event.schemaVersion,
          JSON.stringify(event.data),
        );
      }
    });
    const started = process.hrtime.bigint();
    for await (const batch of batchesOf(path)) insertBatch(batch);
    return rate(revision, seconds(started));
  } finally {
    db.close();
  }
}

/**
 * The file's events appended with the bare @eventstore/db-client, 1,000 per
 * append (one batch-append request each) to one stream, each append naming
 * the revision it expects: the client's own rate against that server. The
 * bodies are the envelope the adapter stores, encoded by the client.
 */
export async function rawEventStoreDbAppend(path: string, connectionString: string, streamId: string): Promise<Rate> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    const recordedAt = new Date().toISOString();
    let events = 0;
    const started = process.hrtime.bigint();
    for await (const batch of batchesOf(path)) {
      const proposed = batch.map(({ type, ...body }) => jsonEvent({ type, data: { ...body, recordedAt } as never }));
      await client.appendToStream(streamId, proposed, { expectedRevision: events === 0 ? 'no_stream' : BigInt(events - 1) });
      events += batch.length;
    }
    return rate(events, seconds(started));
  } finally {
    await client.dispose();
  }
}

/**
 * The file's events appended through an event store adapter alone (its
 * deduplication and revision checks, no engine): 1,000 per append, each at
 * the revision the previous one returned, as the engine's writer appends.
 */
export async function adapterAppend(path: string, store: EventStore, streamId: string): Promise<Rate> {
  const recordedAt = new Date().toISOString();
  let revision = -1;
  let events = 0;
  const started = process.hrtime.bigint();
  for await (const batch of batchesOf(path)) {
    revision = (
      await store.append(
        streamId,
        batch.map((event) => ({ ...event, recordedAt })),
        revision,
      )
    ).revision;
    events += batch.length;
  }
  return rate(events, seconds(started));
}
