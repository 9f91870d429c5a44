import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EventStoreDbTestServer } from '../../../../test/eventstoredb-server/eventstoredb-test-server.js';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { eventually } from '../contract/eventually.js';
import { eventIdsOf, newEvent, newEvents, newStreamId, readAllAfter } from '../contract/test-events.js';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type EventStore,
  type StoredEvent,
} from '../event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

const CONTRACT_TYPES = ['ThingHappened', 'OtherThingHappened'];
const servers: EventStoreDbTestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function startServer(options?: Parameters<typeof EventStoreDbTestServer.start>[0]) {
  const server = await EventStoreDbTestServer.start(options);
  servers.push(server);
  return server;
}

const openOn = (connectionString: string, streamPrefix?: string) =>
  EventStoreDbEventStore.open({
    connectionString,
    eventTypes: CONTRACT_TYPES,
    ...(streamPrefix ? { streamPrefix } : {}),
    resubscribe: { firstDelayMs: 10 },
  });

// Where each contract store was opened: a reopen is another store (a restarted API process) on the same server and prefix.
const openedOn = new WeakMap<EventStoreDbEventStore, { connectionString: string; streamPrefix: string | undefined }>();
const openTracked = (connectionString: string, streamPrefix?: string) => {
  const store = openOn(connectionString, streamPrefix);
  openedOn.set(store, { connectionString, streamPrefix });
  return store;
};
const reopen = async (store: EventStore) => {
  const { connectionString, streamPrefix } = openedOn.get(store as EventStoreDbEventStore)!;
  await store.close();
  return openTracked(connectionString, streamPrefix);
};

// Every CI run: the real client against the test server, a new server (an empty store) per test.
describeEventStoreContract('EventStoreDbEventStore on the test server', {
  open: async () => openTracked((await startServer()).connectionString),
  eventIdsUnique: 'per-stream',
  reopen,
});

// Against a real EventStoreDB / KurrentDB when one is given; each test gets its own stream prefix, so the store it sees starts empty.
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
if (realServer) {
  describeEventStoreContract('EventStoreDbEventStore on EVENTSTORE_CONNECTION_STRING', {
    open: async () => openTracked(realServer, `orghealth-contract-${randomUUID()}-`),
    eventIdsUnique: 'per-stream',
    reopen,
  });
}

describe('EventStoreDbEventStore on the test server', () => {
  const stores: EventStoreDbEventStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  const open = (server: EventStoreDbTestServer, streamPrefix?: string) => {
    const store = openOn(server.connectionString, streamPrefix);
    stores.push(store);
    return store;
  };

  it('resumes after the server drops the subscription mid catch-up: no gap, no duplicate', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    for (let batch = 0; batch < 6; batch++) await store.append(streamId, newEvents(50, batch * 50), 'any');
    const delivered: StoredEvent[] = [];
    server.dropSubscriptionsAfter(120);

    const subscription = store.subscribeToAll({ after: 0, batchSize: 40 }, async (events) => {
      delivered.push(...events);
    });
    await eventually(() => expect(delivered).toHaveLength(300));
    expect(server.subscriptionsOpened).toBe(2);
    server.dropSubscriptions();
    await store.append(streamId, newEvents(5, 300), 299);

    await eventually(() => expect(delivered).toHaveLength(305));
    expect(eventIdsOf(delivered)).toEqual(eventIdsOf(await readAllAfter(store, 0)));
    expect(new Set(eventIdsOf(delivered)).size).toBe(305);
    expect(server.subscriptionsOpened).toBe(3);
    await subscription.close();
  });

  it('follows a leader change: the client reconnects to the leader named, the subscription resumes after its checkpoint', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    await store.append(streamId, newEvents(20), 'no_stream');
    const delivered: StoredEvent[] = [];
    const subscription = store.subscribeToAll({ after: 0, batchSize: 8 }, async (events) => {
      delivered.push(...events);
    });
    await eventually(() => expect(delivered).toHaveLength(20));

    server.changeLeader();
    await store.append(streamId, newEvents(7, 20), 19);

    await eventually(() => expect(delivered).toHaveLength(27));
    expect(eventIdsOf(delivered)).toEqual(eventIdsOf(await readAllAfter(store, 0)));
    expect(server.subscriptionsOpened).toBe(2);
    await subscription.close();
  });

  it('gives up after the policy allows, rejecting done, when the server stays away', async () => {
    const server = await startServer();
    const store = EventStoreDbEventStore.open({
      connectionString: server.connectionString,
      eventTypes: CONTRACT_TYPES,
      resubscribe: { maxAttempts: 2, firstDelayMs: 5, maxDelayMs: 5 },
    });
    stores.push(store);
    await store.append(newStreamId(), newEvents(1), 'no_stream');
    await server.stop();

    const subscription = store.subscribeToAll({ after: 0 }, async () => undefined);

    await expect(subscription.done).rejects.toThrow();
  });

  it('says the store is unavailable, not that the request is wrong, when the server is gone', async () => {
    const server = await startServer();
    const store = open(server);
    await store.append(newStreamId(), newEvents(1), 'no_stream');
    await server.stop();

    await expect(store.append(newStreamId(), newEvents(1), 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readAll(0, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('holds the server back while the handler is slow: the client buffers about one batch', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    for (let batch = 0; batch < 20; batch++) await store.append(streamId, newEvents(100, batch * 100), 'any');
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const subscription = store.subscribeToAll({ after: 0, batchSize: 10 }, async () => {
      calls++;
      await held;
    });
    await eventually(() => expect(calls).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // 2000 events wait on the server; HTTP/2 flow control and the streams' buffers let a few hundred through at most.
    expect(server.sentBySubscriptions).toBeLessThan(1000);
    expect(server.sentBySubscriptions).toBeGreaterThanOrEqual(10);
    release();
    await subscription.close();
  });

  it('closes the gap of the server dedupe window: an import resent long after is still refused', async () => {
    const server = await startServer({ dedupeWindow: 10 });
    const store = open(server);
    const streamId = newStreamId();
    const early = newEvent(0);
    await store.append(streamId, [early], 'no_stream');
    for (let batch = 0; batch < 5; batch++) await store.append(streamId, newEvents(10, 1 + batch * 10), 'any');

    // The bare client, resending the same event id with 'any', shows what the server alone does past its window.
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const rawStream = `raw-${randomUUID()}`;
    const rawId = randomUUID();
    await client.appendToStream(rawStream, jsonEvent({ id: rawId, type: 'ThingHappened', data: {} }));
    for (let n = 0; n < 20; n++) await client.appendToStream(rawStream, jsonEvent({ type: 'ThingHappened', data: { n } }));
    await client.appendToStream(rawStream, jsonEvent({ id: rawId, type: 'ThingHappened', data: {} }));
    expect(server.log.stream(rawStream)!.filter((record) => record.id === rawId)).toHaveLength(2);
    await client.dispose();

    await expect(store.append(streamId, [early], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.streamRevision(streamId)).toBe(50);
  });

  it('leaves nothing behind of an append that lost a revision race: its events are stored by the next one', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    await store.append(streamId, newEvents(1), 'no_stream');
    const event = newEvent(1);
    const rival = newEvent(1);
    const racing = await Promise.allSettled([store.append(streamId, [event], 0), store.append(streamId, [rival], 0)]);
    const lost = racing[0]!.status === 'rejected' ? event : rival;

    expect((await store.findByEventIds([lost.eventId])).size).toBe(0);
    const appended = await store.append(streamId, [lost], 1);
    expect((await store.findByEventIds([lost.eventId])).get(lost.eventId)).toMatchObject({ revision: appended.revision });
  });

  it('keeps eventIds that are not UUIDs, each event under a new UUID', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    const events = [newEvent(0, { eventId: 'import-line-42' }), newEvent(1, { eventId: 'IMPORT-LINE-42' })];

    await store.append(streamId, events, 'no_stream');

    const found = await store.findByEventIds(['import-line-42', 'IMPORT-LINE-42']);
    expect([...found.values()].map((event) => [event.eventId, event.revision])).toEqual([
      ['import-line-42', 0],
      ['IMPORT-LINE-42', 1],
    ]);
    const ids = server.log.stream(streamId)!.map((record) => record.id);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    await expect(store.append(streamId, [events[0]!], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('refuses a connection string that would turn refused appends into answers', () => {
    expect(() => openOn('esdb://127.0.0.1:2113?tls=false&throwOnAppendFailure=false')).toThrow(
      /throwOnAppendFailure=false is not supported/,
    );
  });

  it('costs one request per append at the revision last seen: no look-up, no claim, no read', async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    await store.append(streamId, newEvents(1), 'no_stream');
    const before = server.requests;

    for (let batch = 0; batch < 10; batch++) await store.append(streamId, newEvents(100, 1 + batch * 100), batch * 100);

    expect(server.requests).toEqual({ ...before, appends: before.appends + 10 });
    expect(server.log.records).toHaveLength(1001);
  });

  it('answers findByEventIds for a stream it has read or written without a request when none of the ids is stored', async () => {
    const server = await startServer();
    const writer = open(server);
    const streamId = newStreamId();
    const stored = newEvents(1500);
    await writer.append(streamId, stored, 'no_stream');
    // Another process reading the stream from its start, as a writer folds its org before deciding.
    const reader = open(server);
    expect(await collectStream(reader, streamId)).toHaveLength(1500);
    const before = server.requests;

    expect(await reader.findByEventIds(eventIdsOf(newEvents(500)))).toEqual(new Map());
    expect(await writer.findByEventIds(eventIdsOf(newEvents(500)))).toEqual(new Map());

    expect(server.requests).toEqual(before);
    const resent = await reader.findByEventIds(eventIdsOf(stored));
    expect([...resent.values()].map((event) => event.revision)).toEqual(stored.map((_, revision) => revision));
    // A resent file's events are read a page at a time.
    expect(server.requests.streamReads - before.streamReads).toBe(2);
  });

  it('refuses a duplicate in a stream it has never read, another writer having stored it, whatever revision it names', async () => {
    const server = await startServer();
    const streamId = newStreamId();
    const events = newEvents(3);
    await open(server).append(streamId, events, 'no_stream');

    const other = open(server);
    await expect(other.append(streamId, [events[1]!], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    const fresh = open(server);
    await expect(fresh.append(streamId, [newEvent(3), events[0]!], 2)).rejects.toEqual(new DuplicateEventIdError([events[0]!.eventId]));
    expect((await fresh.findByEventIds([events[0]!.eventId])).get(events[0]!.eventId)).toMatchObject({ streamId, revision: 0 });
    expect(await fresh.streamRevision(streamId)).toBe(2);
  });

  it.each([
    ['the same body', (n: number) => ({ n: 0 * n })],
    ['another body', (n: number) => ({ n })],
  ])(
    'lets one of two writers of one new eventId to one stream store it, with %s: the other loses the race, then finds the id taken',
    async (_, body) => {
      const server = await startServer();
      const [first, second] = [open(server), open(server)];
      const streamId = newStreamId();
      const event = newEvent(0);

      const outcomes = await Promise.allSettled([
        first.append(streamId, [{ ...event, data: body(1) }], 'no_stream'),
        second.append(streamId, [{ ...event, data: body(2) }], 'no_stream'),
      ]);

      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const loser = outcomes[0]!.status === 'rejected' ? first : second;
      expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(loser.append(streamId, [event], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(server.log.records.filter((record) => record.type === 'ThingHappened')).toHaveLength(1);
    },
  );

  it('lets the streams used least recently go past its memory bound, and still refuses their duplicates', async () => {
    const server = await startServer();
    const store = EventStoreDbEventStore.open({
      connectionString: server.connectionString,
      eventTypes: CONTRACT_TYPES,
      maxIndexedEventIds: 10,
    });
    stores.push(store);
    const streams = [newStreamId(), newStreamId(), newStreamId()];
    const written = [];
    for (const streamId of streams) {
      const events = newEvents(5);
      await store.append(streamId, events, 'no_stream');
      written.push(events);
    }
    const before = server.requests;

    await expect(store.append(streams[0]!, [written[0]![4]!], 4)).rejects.toBeInstanceOf(DuplicateEventIdError);

    // The first stream was let go: its ids were read again.
    expect(server.requests.streamReads).toBeGreaterThan(before.streamReads);
    await expect(store.append(streams[2]!, [written[2]![0]!], 4)).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it("reads the global stream across pages of records that are not the engine's, each event once", async () => {
    const server = await startServer();
    const store = open(server);
    const streamId = newStreamId();
    const engineEvents = [];
    for (let round = 0; round < 3; round++) {
      // Events of another type, a page of records and more between engine events; the first round's 497 put an
      // engine event last on the first page (497 + 3 = record 499), read again by the next.
      const others = round === 0 ? 497 : 600;
      await store.append(
        newStreamId(),
        Array.from({ length: others }, (_, n) => newEvent(n, { type: 'NotAnEngineType' })),
        'no_stream',
      );
      const events = newEvents(3, round * 3);
      await store.append(streamId, events, round === 0 ? 'no_stream' : round * 3 - 1);
      engineEvents.push(...events);
    }

    expect(eventIdsOf(await store.readAll(0, 1000))).toEqual(eventIdsOf(engineEvents));
    expect(eventIdsOf(await readAllAfter(store, 0, 2))).toEqual(eventIdsOf(engineEvents));
  });

  it('sees only its own prefix, and only the engine types, on a shared server', async () => {
    const server = await startServer();
    const mine = open(server, 'tenant-a-');
    const theirs = open(server, 'tenant-b-');
    const streamId = newStreamId();
    await theirs.append(streamId, newEvents(3), 'no_stream');
    await mine.append(streamId, [newEvent(0), newEvent(1, { type: 'NotAnEngineType' })], 'no_stream');
    // Records of others after its last event: the head is found past pages of them.
    await theirs.append(newStreamId(), newEvents(60), 'no_stream');

    const all = await readAllAfter(mine, 0);

    expect(all.map((event) => [event.streamId, event.revision])).toEqual([[streamId, 0]]);
    expect(await mine.headPosition()).toBe(all[0]!.position);
    expect(await collectStream(mine, streamId)).toHaveLength(2);
  });
});

async function collectStream(store: EventStoreDbEventStore, streamId: string) {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}
