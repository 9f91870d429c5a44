import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { eventually } from '../contract/eventually.js';
import { newEvents, newStreamId, record } from '../contract/test-events.js';
import { WrongExpectedRevisionError } from '../event-store.port.js';
import { openDatabase } from './open-database.js';
import { SCHEMA_VERSION } from './schema-migrations.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/**
 * Another OS process that takes the write lock, writes event 0 of a stream,
 * says "locked", and commits 300 ms later. Plain SQL: as a foreign writer.
 */
const HOLD_WRITE_LOCK = `
  const [driver, file, streamId] = process.argv.slice(1);
  const db = new (require(driver))(file);
  db.exec('BEGIN IMMEDIATE');
  db.prepare(\`INSERT INTO events (stream_id, revision, event_id, type, org_id, occurred_at, recorded_at, schema_version, data)
    VALUES (?, 0, 'written-by-other-process', 'ThingHappened', 'org', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 1, '{}')\`).run(streamId);
  process.stdout.write('locked\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  db.exec('COMMIT');
  db.close();
`;

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orghealth-event-store-'));
  file = join(dir, 'events.sqlite');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Polling slower than any test: live deliveries must come from the in-process wake-up.
const contractOptions = () => ({ file, pollIntervalMs: 60_000 });

describeEventStoreContract('SqliteEventStore', {
  open: async () => SqliteEventStore.open(contractOptions()),
  eventIdsUnique: 'per-store',
  reopen: async (store) => {
    await store.close();
    return SqliteEventStore.open(contractOptions());
  },
});

describe('SqliteEventStore on its file', () => {
  const stores: SqliteEventStore[] = [];
  const open = (options: { pollIntervalMs?: number } = {}) => {
    const store = SqliteEventStore.open({ file, ...options });
    stores.push(store);
    return store;
  };

  /** A second connection, as another tool would open the file. */
  function inspect<T>(look: (db: Database.Database) => T): T {
    const db = new Database(file, { readonly: true });
    try {
      return look(db);
    } finally {
      db.close();
    }
  }

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('creates the directory of its file', async () => {
    file = join(dir, 'not', 'yet', 'there', 'events.sqlite');
    const store = open();
    await store.append(newStreamId(), newEvents(1), 'no_stream');
    expect(await store.headPosition()).toBe(1);
  });

  it('puts the file in WAL mode', () => {
    open();
    expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('syncs every commit fully, also when the file is already in WAL mode', () => {
    const first = openDatabase(file, 1000);
    const second = openDatabase(file, 1000);
    try {
      for (const db of [first, second]) {
        expect(db.pragma('synchronous', { simple: true })).toBe(2);
        expect(db.pragma('busy_timeout', { simple: true })).toBe(1000);
      }
    } finally {
      first.close();
      second.close();
    }
  });

  it('lets timers run while a long stream is read', async () => {
    const store = open();
    const streamId = newStreamId();
    for (let batch = 0; batch < 5; batch++) await store.append(streamId, newEvents(1000), 'any');
    let readWhenTimerFired = -1;
    let read = 0;
    setTimeout(() => (readWhenTimerFired = read), 0);

    for await (const _ of store.readStream(streamId)) read++;

    expect(read).toBe(5000);
    expect(readWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(readWhenTimerFired).toBeLessThan(5000);
  });

  it('passes an integrity check after appends', async () => {
    const store = open();
    const streamId = newStreamId();
    for (let batch = 0; batch < 10; batch++) await store.append(streamId, newEvents(500), 'any');
    await store.close();

    expect(inspect((db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
  });

  it('migrates once: reopening keeps the schema version and the events', async () => {
    const store = open();
    await store.append(newStreamId(), newEvents(3), 'no_stream');
    await store.close();

    const again = open();

    expect(await again.headPosition()).toBe(3);
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
  });

  it('refuses a file written by a newer schema', async () => {
    await open().close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    expect(() => open()).toThrow(/newer than this build/);
  });

  describe('shared with another process', () => {
    it("delivers the other writer's appends to a live subscription by polling", async () => {
      const reader = open({ pollIntervalMs: 20 });
      const writer = open();
      const recording = record(reader, { after: 0 });
      const streamId = newStreamId();
      const first = newEvents(3);
      const second = newEvents(2, 3);

      await writer.append(streamId, first, 'no_stream');
      await eventually(() => expect(recording.events).toHaveLength(3));
      await writer.append(streamId, second, 2);
      await eventually(() => expect(recording.events).toHaveLength(5));

      expect(recording.events.map((event) => event.eventId)).toEqual([...first, ...second].map((event) => event.eventId));
    });

    it("waits for the other process's write lock, then appends after its commit", async () => {
      const store = open();
      const streamId = newStreamId();
      const other = spawn(process.execPath, ['-e', HOLD_WRITE_LOCK, require.resolve('better-sqlite3'), file, streamId], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(other, 'exit');
      await Promise.race([
        once(other.stdout!, 'data'),
        exited.then(([code]) => Promise.reject(new Error(`other process exited with ${code}`))),
      ]);

      const result = await store.append(streamId, newEvents(1), 'any');

      expect(result.revision).toBe(1);
      expect(await exited).toEqual([0, null]);
      expect((await store.findByEventIds(['written-by-other-process'])).get('written-by-other-process')).toMatchObject({ revision: 0 });
    });

    it('rejects an append whose expected revision the other writer made stale', async () => {
      const one = open();
      const other = open();
      const streamId = newStreamId();
      await one.append(streamId, newEvents(2), 'no_stream');
      expect(await other.streamRevision(streamId)).toBe(1);
      await one.append(streamId, newEvents(1), 1);

      const error = await other.append(streamId, newEvents(1), 1).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ actual: 2 });
      expect(await one.streamRevision(streamId)).toBe(2);
    });
  });
});
