import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type StoredEvent,
} from '../event-store.port.js';
import { eventually } from './eventually.js';
import { collect, eventIdsOf, gate, newEvent, newEvents, newStreamId, readAllAfter, record } from './test-events.js';

export interface EventStoreHarness {
  /** Opens a new, empty store; called once per test. */
  open(): Promise<EventStore>;
  /**
   * Where an eventId must be unique: in its stream (every adapter), or in the
   * whole store (an adapter that can check every stream in the append's
   * transaction). The suite holds each adapter to the rule it declares.
   */
  eventIdsUnique: 'per-stream' | 'per-store';
  /** Closes `store`, then opens what it persisted again. Left out by a store that keeps nothing. */
  reopen?(store: EventStore): Promise<EventStore>;
}

/**
 * The behaviour every EventStore adapter owes the port, as a jest suite that
 * talks to the port only. Streams and eventIds are unique per test, and most
 * checks are relative to the head at the start, so a store shared by tests
 * (a server) can run it too.
 */
export function describeEventStoreContract(name: string, harness: EventStoreHarness): void {
  describe(`${name} (event store contract)`, () => {
    let store: EventStore;
    const opened: EventStore[] = [];

    beforeEach(async () => {
      store = await harness.open();
      opened.push(store);
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((each) => each.close()));
    });

    /** The error `promise` rejects with; fails the test when it fulfils. */
    async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
      return promise.then(
        (value) => {
          throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
        },
        (error: unknown) => error,
      );
    }

    async function expectWrongRevision(streamId: string, expected: ExpectedRevision, actual: number, events: NewEvent[]) {
      const head = await store.headPosition();
      const error = await rejectionOf(store.append(streamId, events, expected));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId, expected, actual });
      expect(await store.streamRevision(streamId)).toBe(actual);
      expect(await store.headPosition()).toBe(head);
      expect((await store.findByEventIds(eventIdsOf(events))).size).toBe(0);
    }

    async function expectDuplicates(append: () => Promise<unknown>, duplicates: string[], notStored: string[]) {
      const head = await store.headPosition();
      const error = await rejectionOf(append());
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect((error as DuplicateEventIdError).eventIds).toEqual(duplicates);
      expect(await store.headPosition()).toBe(head);
      expect((await store.findByEventIds(notStored)).size).toBe(0);
    }

    describe('append and readStream', () => {
      it('reads back what was appended: revisions from 0, positions of the commit', async () => {
        const streamId = newStreamId();
        const events = [
          newEvent(0, { metadata: { correlationId: 'c-1', source: 'api' } }),
          newEvent(1, { data: { nested: { list: [1, 'two', null, true] }, text: 'Zoë ✓ 日本' }, schemaVersion: 3 }),
          newEvent(2, { type: 'OtherThingHappened', orgId: 'org-other', occurredAt: '2024-12-31T23:59:59.999Z' }),
        ];

        const result = await store.append(streamId, events, 'no_stream');
        const read = await collect(store.readStream(streamId));

        expect(read).toEqual(events.map((event, revision) => ({ ...event, streamId, revision, position: expect.any(Number) })));
        expect(read[0]!.position).toBeGreaterThanOrEqual(1);
        expect(read[1]!.position).toBeGreaterThan(read[0]!.position);
        expect(read[2]!.position).toBeGreaterThan(read[1]!.position);
        expect(result).toEqual({ revision: 2, position: read[2]!.position });
        expect(read[1]).not.toHaveProperty('metadata');
      });

      it('appends to an existing stream at its last revision', async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(2), 'no_stream');

        const result = await store.append(streamId, newEvents(2, 2), 1);

        const read = await collect(store.readStream(streamId));
        expect(read.map((event) => [event.revision, event.data])).toEqual([0, 1, 2, 3].map((n) => [n, { n }]));
        expect(result).toEqual({ revision: 3, position: read[3]!.position });
      });

      it('reads from a given revision, and nothing past the end', async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(5), 'no_stream');

        expect((await collect(store.readStream(streamId, 2))).map((event) => event.revision)).toEqual([2, 3, 4]);
        expect(await collect(store.readStream(streamId, 5))).toEqual([]);
      });

      it('reads a stream that does not exist as empty, at revision -1', async () => {
        const streamId = newStreamId();
        expect(await collect(store.readStream(streamId))).toEqual([]);
        expect(await store.streamRevision(streamId)).toBe(-1);
      });

      it('reads a stream longer than a page, in order, without the events of other streams', async () => {
        const streamId = newStreamId();
        const other = newStreamId();
        for (let batch = 0; batch < 5; batch++) {
          await store.append(streamId, newEvents(500, batch * 500), batch === 0 ? 'no_stream' : batch * 500 - 1);
          await store.append(other, newEvents(3), 'any');
        }

        const all = await collect(store.readStream(streamId));
        expect(all.map((event) => event.revision)).toEqual(Array.from({ length: 2500 }, (_, index) => index));
        expect(all.every((event) => event.streamId === streamId && (event.data as { n: number }).n === event.revision)).toBe(true);
        const tail = await collect(store.readStream(streamId, 1234));
        expect(tail.map((event) => event.revision)).toEqual(Array.from({ length: 1266 }, (_, index) => 1234 + index));
      });

      it('keeps data and metadata as JSON, never sharing an object with the caller', async () => {
        const streamId = newStreamId();
        const data = { at: new Date('2025-01-02T03:04:05.000Z'), dropped: undefined, list: [1] };
        const metadata = { tags: ['a'] };
        await store.append(streamId, [newEvent(0, { data, metadata }), newEvent(1, { data: undefined })], 'no_stream');
        data.list.push(2);
        metadata.tags.push('b');

        const [first, second] = await collect(store.readStream(streamId));
        expect(first!.data).toStrictEqual({ at: '2025-01-02T03:04:05.000Z', list: [1] });
        expect(first!.metadata).toStrictEqual({ tags: ['a'] });
        expect(second!.data).toBeNull();

        (first!.data as { list: number[] }).list.push(3);
        const [again] = await collect(store.readStream(streamId));
        expect(again!.data).toStrictEqual({ at: '2025-01-02T03:04:05.000Z', list: [1] });
      });

      it('rejects an empty append with a RangeError', async () => {
        const streamId = newStreamId();
        expect(await rejectionOf(store.append(streamId, [], 'any'))).toBeInstanceOf(RangeError);
        expect(await store.streamRevision(streamId)).toBe(-1);
      });
    });

    describe('expected revision', () => {
      it("rejects 'no_stream' on an existing stream, reporting its revision, appending nothing", async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(2), 'no_stream');
        await expectWrongRevision(streamId, 'no_stream', 1, newEvents(2));
      });

      it('rejects a stale revision', async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(3), 'no_stream');
        await expectWrongRevision(streamId, 0, 2, newEvents(2));
      });

      it('rejects a revision the stream has not reached', async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(3), 'no_stream');
        await expectWrongRevision(streamId, 5, 2, newEvents(1));
      });

      it('rejects a revision on a stream that does not exist, reporting -1', async () => {
        await expectWrongRevision(newStreamId(), 0, -1, newEvents(2));
      });

      it("takes -1 as 'no_stream'", async () => {
        const streamId = newStreamId();
        expect(await store.append(streamId, newEvents(1), -1)).toMatchObject({ revision: 0 });
        await expectWrongRevision(streamId, -1, 0, newEvents(1));
      });

      it("skips the check with 'any', on a new and on an existing stream", async () => {
        const streamId = newStreamId();
        expect(await store.append(streamId, newEvents(2), 'any')).toMatchObject({ revision: 1 });
        expect(await store.append(streamId, newEvents(1, 2), 'any')).toMatchObject({ revision: 2 });
        expect((await collect(store.readStream(streamId))).map((event) => event.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      });

      it('lets exactly one of two appends at the same revision through', async () => {
        const streamId = newStreamId();
        await store.append(streamId, newEvents(1), 'no_stream');

        const outcomes = await Promise.allSettled([store.append(streamId, newEvents(2), 0), store.append(streamId, newEvents(3), 0)]);

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const [failure] = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(failure!.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(streamId))).toHaveLength(outcomes[0]!.status === 'fulfilled' ? 3 : 4);
      });

      it('checks the revision before the eventIds', async () => {
        const streamId = newStreamId();
        const [stored] = newEvents(1);
        await store.append(streamId, [stored!], 'no_stream');

        const error = await rejectionOf(store.append(streamId, [stored!], 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      });
    });

    describe('eventId uniqueness', () => {
      it('rejects an eventId stored earlier in the same stream, appending nothing of the batch', async () => {
        const streamId = newStreamId();
        const [first, second] = newEvents(2);
        await store.append(streamId, [first!, second!], 'no_stream');
        const fresh = newEvent(2);

        await expectDuplicates(
          () => store.append(streamId, [fresh, { ...second!, data: { n: 99 } }], 1),
          [second!.eventId],
          [fresh.eventId],
        );
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      if (harness.eventIdsUnique === 'per-store') {
        it('rejects an eventId stored in another stream', async () => {
          const [stored] = newEvents(1);
          await store.append(newStreamId(), [stored!], 'no_stream');
          const streamId = newStreamId();
          const fresh = newEvent(1);

          await expectDuplicates(() => store.append(streamId, [fresh, stored!], 'no_stream'), [stored!.eventId], [fresh.eventId]);
          expect(await store.streamRevision(streamId)).toBe(-1);
        });
      } else {
        it('keeps an eventId stored in another stream as an event of this stream too', async () => {
          const [stored] = newEvents(1);
          const other = newStreamId();
          await store.append(other, [stored!], 'no_stream');
          const streamId = newStreamId();

          await store.append(streamId, [newEvent(0), { ...stored!, data: { n: 99 } }], 'no_stream');

          expect((await collect(store.readStream(streamId))).map((event) => [event.eventId, event.data])).toEqual([
            [expect.any(String), { n: 0 }],
            [stored!.eventId, { n: 99 }],
          ]);
          expect((await collect(store.readStream(other))).map((event) => event.data)).toEqual([{ n: 0 }]);
          await expectDuplicates(() => store.append(streamId, [stored!], 1), [stored!.eventId], []);
          await expectDuplicates(() => store.append(other, [stored!], 0), [stored!.eventId], []);
        });
      }

      it('rejects an eventId repeated within one batch, listing each repeated id once', async () => {
        const streamId = newStreamId();
        const [x, y, z] = newEvents(3);

        await expectDuplicates(
          () => store.append(streamId, [x!, y!, x!, z!, y!, x!], 'any'),
          [x!.eventId, y!.eventId],
          eventIdsOf([x!, y!, z!]),
        );
        expect(await store.streamRevision(streamId)).toBe(-1);
      });

      it('lists stored and repeated ids together, in batch order', async () => {
        const [stored, fresh, repeated] = newEvents(3);
        const streamId = newStreamId();
        await store.append(streamId, [stored!], 'no_stream');

        await expectDuplicates(
          () => store.append(streamId, [repeated!, fresh!, stored!, repeated!], 0),
          [repeated!.eventId, stored!.eventId],
          eventIdsOf([fresh!, repeated!]),
        );
      });
    });

    describe('findByEventIds', () => {
      it('finds stored events in any stream and leaves unknown ids out', async () => {
        const streamA = newStreamId();
        const streamB = newStreamId();
        const a = newEvents(2);
        const b = newEvents(1, 2);
        await store.append(streamA, a, 'no_stream');
        await store.append(streamB, b, 'no_stream');
        const [inA, inB] = [await collect(store.readStream(streamA)), await collect(store.readStream(streamB))];

        const found = await store.findByEventIds([a[1]!.eventId, 'unknown-id', b[0]!.eventId, a[1]!.eventId]);

        expect(found).toEqual(
          new Map([
            [a[1]!.eventId, inA[1]],
            [b[0]!.eventId, inB[0]],
          ]),
        );
        expect(await store.findByEventIds([])).toEqual(new Map());
      });

      it('finds thousands of ids at once', async () => {
        const streamId = newStreamId();
        const events = newEvents(3000);
        for (let batch = 0; batch < 3; batch++) await store.append(streamId, events.slice(batch * 1000, batch * 1000 + 1000), 'any');
        const unknown = Array.from({ length: 10 }, (_, index) => `unknown-${index}`);

        const found = await store.findByEventIds([...unknown, ...eventIdsOf(events)]);

        expect(found.size).toBe(3000);
        expect(events.every((event, revision) => found.get(event.eventId)?.revision === revision)).toBe(true);
      });
    });

    describe('global order', () => {
      /** Appends to three streams in turn; returns the eventIds in commit order and the append results. */
      async function appendInterleaved(rounds: number) {
        const streams = [newStreamId(), newStreamId(), newStreamId()];
        const committed: string[] = [];
        const results = [];
        for (let round = 0; round < rounds; round++) {
          for (const streamId of streams) {
            const events = newEvents(1 + (round % 3), round * 10);
            results.push({ result: await store.append(streamId, events, 'any'), events });
            committed.push(...eventIdsOf(events));
          }
        }
        return { committed, results };
      }

      it('orders events of all streams by commit, with strictly increasing positions', async () => {
        const start = await store.headPosition();
        const { committed, results } = await appendInterleaved(4);

        const all = await store.readAll(start, 1000);

        expect(eventIdsOf(all)).toEqual(committed);
        expect(all.every((event, index) => index === 0 || event.position > all[index - 1]!.position)).toBe(true);
        expect(all[0]!.position).toBeGreaterThan(start);
        const positionOf = new Map(all.map((event) => [event.eventId, event.position]));
        for (const { result, events } of results) expect(result.position).toBe(positionOf.get(events[events.length - 1]!.eventId));
      });

      it('pages through readAll with after and limit, each event exactly once', async () => {
        const start = await store.headPosition();
        const { committed } = await appendInterleaved(4);

        const pages: StoredEvent[][] = [];
        for (let page = await store.readAll(start, 4); page.length > 0; page = await store.readAll(page[page.length - 1]!.position, 4)) {
          pages.push(page);
        }

        expect(pages.every((page) => page.length <= 4)).toBe(true);
        expect(eventIdsOf(pages.flat())).toEqual(committed);
      });

      it('resumes readAll from a middle position with exactly the rest', async () => {
        const start = await store.headPosition();
        await appendInterleaved(3);
        const all = await readAllAfter(store, start);
        const middle = all[7]!.position;

        expect(eventIdsOf(await readAllAfter(store, middle, 5))).toEqual(eventIdsOf(all.slice(8)));
      });

      it('reports the head position: 0 when empty, then the last commit', async () => {
        expect(await store.headPosition()).toBe(0);
        const first = await store.append(newStreamId(), newEvents(3), 'no_stream');
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.append(newStreamId(), newEvents(2), 'no_stream');
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);
      });

      it('reports each stream revision', async () => {
        const streamA = newStreamId();
        const streamB = newStreamId();
        await store.append(streamA, newEvents(3), 'no_stream');
        await store.append(streamB, newEvents(1), 'no_stream');
        await store.append(streamA, newEvents(2), 2);

        expect(await store.streamRevision(streamA)).toBe(4);
        expect(await store.streamRevision(streamB)).toBe(0);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up in batches, then delivers live appends, in order, exactly once', async () => {
        const start = await store.headPosition();
        const streamId = newStreamId();
        await store.append(streamId, newEvents(30), 'no_stream');
        const recording = record(store, { after: start, batchSize: 7 });

        await eventually(() => expect(recording.events).toHaveLength(30));
        for (let batch = 0; batch < 3; batch++) await store.append(streamId, newEvents(4), 29 + batch * 4);
        await eventually(() => expect(recording.events).toHaveLength(42));

        expect(eventIdsOf(recording.events)).toEqual(eventIdsOf(await readAllAfter(store, start)));
        expect(recording.batchSizes.every((size) => size >= 1 && size <= 7)).toBe(true);
        expect(recording.batchSizes.slice(0, 4)).toEqual([7, 7, 7, 7]);
        await recording.subscription.close();
      });

      it('resumes from a middle position with exactly the rest', async () => {
        const start = await store.headPosition();
        await store.append(newStreamId(), newEvents(8), 'no_stream');
        await store.append(newStreamId(), newEvents(12), 'no_stream');
        const all = await readAllAfter(store, start);

        const recording = record(store, { after: all[7]!.position, batchSize: 5 });

        await eventually(() => expect(recording.events).toHaveLength(12));
        expect(eventIdsOf(recording.events)).toEqual(eventIdsOf(all.slice(8)));
        await recording.subscription.close();
      });

      it('delivers only later appends when subscribed at the head', async () => {
        await store.append(newStreamId(), newEvents(5), 'no_stream');
        const recording = record(store, { after: await store.headPosition() });
        const later = newEvents(2);

        await store.append(newStreamId(), later, 'no_stream');

        await eventually(() => expect(eventIdsOf(recording.events)).toEqual(eventIdsOf(later)));
        await recording.subscription.close();
      });

      it('never overlaps handler calls; a slow handler still gets every event in order', async () => {
        const start = await store.headPosition();
        let running = 0;
        let mostRunning = 0;
        const recording = record(store, { after: start, batchSize: 3 }, async () => {
          mostRunning = Math.max(mostRunning, ++running);
          await new Promise((resolve) => setTimeout(resolve, 3));
          running--;
        });

        const streamId = newStreamId();
        await store.append(streamId, newEvents(10), 'no_stream');
        for (let batch = 0; batch < 10; batch++) await store.append(streamId, newEvents(4), 9 + batch * 4);

        await eventually(() => expect(recording.events).toHaveLength(50));
        expect(mostRunning).toBe(1);
        expect(eventIdsOf(recording.events)).toEqual(eventIdsOf(await readAllAfter(store, start)));
        await recording.subscription.close();
      });

      it('lets timers run while a fast handler catches up a long backlog', async () => {
        const start = await store.headPosition();
        const streamId = newStreamId();
        for (let batch = 0; batch < 4; batch++) await store.append(streamId, newEvents(500), 'any');
        let deliveredWhenTimerFired = -1;
        const recording = record(store, { after: start, batchSize: 10 });
        setTimeout(() => (deliveredWhenTimerFired = recording.events.length), 0);

        await eventually(() => expect(recording.events).toHaveLength(2000));

        expect(deliveredWhenTimerFired).toBeGreaterThanOrEqual(0);
        expect(deliveredWhenTimerFired).toBeLessThan(2000);
        await recording.subscription.close();
      });

      it('reads the next batch only once the handler has settled', async () => {
        const start = await store.headPosition();
        await store.append(newStreamId(), newEvents(2), 'no_stream');
        const held = gate();
        let calls = 0;
        const recording = record(store, { after: start }, async () => {
          calls++;
          await held.opened;
        });
        await eventually(() => expect(calls).toBe(1));

        await store.append(newStreamId(), newEvents(3), 'no_stream');
        const witness = record(store, { after: start });
        await eventually(() => expect(witness.events).toHaveLength(5));
        expect(calls).toBe(1);

        held.open();
        await eventually(() => expect(recording.events).toHaveLength(5));
        expect(eventIdsOf(recording.events)).toEqual(eventIdsOf(witness.events));
        await Promise.all([recording.subscription.close(), witness.subscription.close()]);
      });

      it.each(['rejects', 'throws'] as const)('ends the subscription and rejects done when the handler %s', async (mode) => {
        const start = await store.headPosition();
        await store.append(newStreamId(), newEvents(4), 'no_stream');
        let calls = 0;
        const subscription = store.subscribeToAll({ after: start, batchSize: 2 }, () => {
          if (++calls < 2) return Promise.resolve();
          const error = new Error('projection failed');
          if (mode === 'throws') throw error;
          return Promise.reject(error);
        });

        await expect(subscription.done).rejects.toThrow('projection failed');

        await store.append(newStreamId(), newEvents(2), 'no_stream');
        const witness = record(store, { after: start });
        await eventually(() => expect(witness.events).toHaveLength(6));
        expect(calls).toBe(2);
        await subscription.close();
        await witness.subscription.close();
      });

      it('close() resolves once the running handler call has finished, and nothing is delivered after', async () => {
        const start = await store.headPosition();
        await store.append(newStreamId(), newEvents(3), 'no_stream');
        const held = gate();
        let started = 0;
        let finished = 0;
        const subscription = store.subscribeToAll({ after: start }, async () => {
          started++;
          await held.opened;
          finished++;
        });
        await eventually(() => expect(started).toBe(1));

        setTimeout(held.open, 30);
        await subscription.close();

        expect(finished).toBe(1);
        await expect(subscription.done).resolves.toBeUndefined();
        await store.append(newStreamId(), newEvents(2), 'no_stream');
        const witness = record(store, { after: start });
        await eventually(() => expect(witness.events).toHaveLength(5));
        expect(started).toBe(1);
        await witness.subscription.close();
      });

      it('close() of the store closes its subscriptions', async () => {
        const start = await store.headPosition();
        await store.append(newStreamId(), newEvents(2), 'no_stream');
        const recording = record(store, { after: start });
        await eventually(() => expect(recording.events).toHaveLength(2));

        await store.close();

        await expect(recording.subscription.done).resolves.toBeUndefined();
      });
    });

    describe('close', () => {
      it('refuses calls after close, and closing twice is harmless', async () => {
        await store.append(newStreamId(), newEvents(1), 'no_stream');
        await store.close();

        await expect(store.append(newStreamId(), newEvents(1), 'no_stream')).rejects.toThrow();
        await expect(store.headPosition()).rejects.toThrow();
        await expect(store.readAll(0, 10)).rejects.toThrow();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });

    // Only a store that persists can be reopened; a memory-only one has nothing to show here.
    if (harness.reopen) {
      describe('persistence', () => {
        it('keeps streams, positions and eventIds across close and reopen', async () => {
          const start = await store.headPosition();
          const streamA = newStreamId();
          const streamB = newStreamId();
          await store.append(streamA, newEvents(3), 'no_stream');
          const lastB = await store.append(streamB, [newEvent(0, { metadata: { source: 'import' } })], 'no_stream');
          const before = await readAllAfter(store, start);

          store = await harness.reopen!(store);
          opened.push(store);

          expect(await readAllAfter(store, start)).toEqual(before);
          expect(await collect(store.readStream(streamA))).toEqual(before.filter((event) => event.streamId === streamA));
          expect(await store.findByEventIds([before[2]!.eventId])).toEqual(new Map([[before[2]!.eventId, before[2]]]));
          expect(await store.headPosition()).toBe(lastB.position);
          expect(await store.streamRevision(streamA)).toBe(2);
          const next = await store.append(streamA, newEvents(1, 3), 2);
          expect(next).toEqual({ revision: 3, position: expect.any(Number) });
          expect(next.position).toBeGreaterThan(lastB.position);
          await expectDuplicates(() => store.append(streamA, [before[0]!], 3), [before[0]!.eventId], []);
          await expectDuplicates(() => store.append(streamA, [before[1]!], 'any'), [before[1]!.eventId], []);
        });
      });
    }
  });
}
