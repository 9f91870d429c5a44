import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { IncomingEvent, OrgEvent } from '@orghealth/domain';
import { InMemoryEventStore, SqliteEventStore, WrongExpectedRevisionError, type EventStore } from '@orghealth/event-store';
import { checkInHeld, personJoined, skipLevelDone } from '../../domain/src/testing/builders.js';
import { OrgStateCache } from './org-state.cache.js';
import { orgStreamId } from './org-stream.js';
import { OrgWriter } from './org-writer.js';
import { keepPersonalDataInClear } from './seal-personal-data.js';

const ORG = 'acme';
const NOW = () => new Date('2026-06-30T12:00:00Z');

const incoming = (event: OrgEvent): IncomingEvent => {
  const { recordedAt: _engine, ...rest } = event;
  return { ...rest, orgId: ORG } as IncomingEvent;
};

const team = () =>
  [
    personJoined('E1', null, '2026-01-01T00:00:00Z'),
    personJoined('E2', 'E1', '2026-01-01T00:00:00Z'),
    personJoined('E3', 'E2', '2026-01-01T00:00:00Z'),
  ].map(incoming);

const checkIns = (count: number, minuteOffset = 0) =>
  Array.from({ length: count }, (_, i) =>
    incoming(
      checkInHeld({
        leaderId: 'E2',
        reportId: 'E3',
        at: new Date(Date.parse('2026-02-01T00:00:00Z') + (minuteOffset + i) * 60_000).toISOString(),
      }),
    ),
  );

/** Counts the appends a real store receives: how many transactions (and fsyncs) the writer paid for. */
function countingAppends(store: EventStore): { store: EventStore; appends: () => number } {
  let appends = 0;
  const append = store.append.bind(store);
  store.append = (...args) => {
    appends++;
    return append(...args);
  };
  return { store, appends: () => appends };
}

describe('OrgWriter', () => {
  it('answers each event in order: recorded, duplicate, conflict or rejected, and appends only what it recorded', async () => {
    const store = new InMemoryEventStore();
    const writer = new OrgWriter(store, new OrgStateCache(store), { now: NOW, personalData: keepPersonalDataInClear });
    await writer.record(ORG, team());
    const [first] = checkIns(1);
    const changed = { ...first!, data: { ...first!.data, durationMinutes: 99 } } as IncomingEvent;
    const directSkip = incoming(skipLevelDone({ leaderId: 'E2', reportId: 'E3', at: '2026-02-02T00:00:00Z' }));
    const outcomes = await writer.record(ORG, [first!, first!, changed, directSkip]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['recorded', 'duplicate', 'conflict', 'rejected']);
    expect(outcomes[3]).toMatchObject({ violation: { code: 'SKIP_LEVEL.NOT_TWO_LEVELS_BELOW' } });
    expect(await store.streamRevision(orgStreamId(ORG))).toBe(3);
    const again = await writer.record(ORG, [first!]);
    expect(again).toEqual([
      { status: 'duplicate', eventId: first!.eventId, position: outcomes[0]!.status === 'recorded' ? outcomes[0]!.position : -1 },
    ]);
  });

  it('decides later events of a group against the earlier ones of the same group', async () => {
    const store = new InMemoryEventStore();
    const writer = new OrgWriter(store, new OrgStateCache(store), { now: NOW, personalData: keepPersonalDataInClear });
    const outcomes = await writer.record(ORG, [...team(), ...checkIns(2)]);
    expect(outcomes.every((outcome) => outcome.status === 'recorded')).toBe(true);
  });

  it('commits requests that wait on one another in shared transactions (group commit)', async () => {
    const counted = countingAppends(new InMemoryEventStore());
    const writer = new OrgWriter(counted.store, new OrgStateCache(counted.store), { now: NOW, personalData: keepPersonalDataInClear });
    await writer.record(ORG, team());
    const before = counted.appends();
    const outcomes = await Promise.all(checkIns(100).map((event) => writer.record(ORG, [event])));
    expect(outcomes.flat().every((outcome) => outcome.status === 'recorded')).toBe(true);
    expect(counted.appends() - before).toBeLessThan(10);
    expect(await counted.store.streamRevision(orgStreamId(ORG))).toBe(102);
  });

  describe('two processes writing the same org through one SQLite file', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orghealth-writer-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('retries lost races inside: every event is recorded once, nothing surfaces as an error', async () => {
      const file = join(dir, 'events.sqlite');
      const stores = [SqliteEventStore.open({ file }), SqliteEventStore.open({ file })];
      try {
        let lostRaces = 0;
        for (const store of stores) {
          // A read that takes time (as over a network to EventStoreDB) leaves room for the other writer to append.
          const find = store.findByEventIds.bind(store);
          store.findByEventIds = async (ids) => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            return find(ids);
          };
          const append = store.append.bind(store);
          store.append = (...args) =>
            append(...args).catch((error: unknown) => {
              if (error instanceof WrongExpectedRevisionError) lostRaces++;
              throw error;
            });
        }
        const [api, cli] = stores.map(
          (store) => new OrgWriter(store, new OrgStateCache(store), { now: NOW, personalData: keepPersonalDataInClear }),
        );
        await api!.record(ORG, team());
        // Each writer's cached state goes stale whenever the other appends: every round is a race.
        const rounds = Array.from({ length: 30 }, (_, round) =>
          Promise.all([api!.record(ORG, checkIns(5, round * 10)), cli!.record(ORG, checkIns(5, round * 10 + 5))]),
        );
        const outcomes = (await Promise.all(rounds)).flat(2);
        expect(outcomes).toHaveLength(300);
        expect(outcomes.filter((outcome) => outcome.status !== 'recorded')).toEqual([]);
        expect(await stores[0]!.streamRevision(orgStreamId(ORG))).toBe(302);
        expect(lostRaces).toBeGreaterThan(0);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  });
});
