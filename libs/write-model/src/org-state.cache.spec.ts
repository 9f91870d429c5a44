import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type EventStore } from '@orghealth/event-store';
import { personJoined } from '../../domain/src/testing/builders.js';
import { OrgStateCache } from './org-state.cache.js';
import { orgStreamId } from './org-stream.js';

/** Counts the stream reads a real store receives: a warm org is read from its last revision only. */
function countingReads(store: EventStore): { store: EventStore; reads: string[] } {
  const reads: string[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (streamId, fromRevision) => {
    reads.push(`${streamId}@${fromRevision ?? 0}`);
    return readStream(streamId, fromRevision);
  };
  return { store, reads };
}

async function storeWithOrgs(...orgIds: string[]): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (const orgId of orgIds) {
    const events = [personJoined('E1', null, '2026-01-01T00:00:00Z'), personJoined('E2', 'E1', '2026-01-02T00:00:00Z')];
    await store.append(
      orgStreamId(orgId),
      events.map((event) => ({ ...event, eventId: randomUUID(), orgId })),
      'no_stream',
    );
  }
  return store;
}

describe('OrgStateCache.warm', () => {
  it('folds every org it is given, so the next read only checks for newer events', async () => {
    const { store, reads } = countingReads(await storeWithOrgs('a', 'b'));
    const cache = new OrgStateCache(store);
    await cache.warm(['a', 'b'], new AbortController().signal);
    expect(cache.loadedOrgs).toBe(2);
    expect(reads).toEqual(['org-a@0', 'org-b@0']);
    const { state, revision } = await cache.current('b');
    expect(revision).toBe(1);
    expect([...state.structure.people.keys()].sort()).toEqual(['E1', 'E2']);
    expect(reads.at(-1)).toBe('org-b@2');
  });

  it('leaves orgs already in memory alone and remembers no org without events', async () => {
    const { store, reads } = countingReads(await storeWithOrgs('a'));
    const cache = new OrgStateCache(store);
    await cache.current('a');
    await cache.warm(['a', 'unknown'], new AbortController().signal);
    expect(reads).toEqual(['org-a@0', 'org-unknown@0']);
    expect(cache.loadedOrgs).toBe(1);
  });

  it('stops folding at the next event once stopped, and the next use catches up from there', async () => {
    const stopping = new AbortController();
    const store = await storeWithOrgs('a');
    const readStream = store.readStream.bind(store);
    store.readStream = async function* (streamId, fromRevision) {
      // Stopped while the first event is being folded.
      for await (const event of readStream(streamId, fromRevision)) {
        stopping.abort();
        yield event;
      }
    };
    const { reads } = countingReads(store);
    const cache = new OrgStateCache(store);
    await cache.warm(['a'], stopping.signal);
    expect(cache.has('a')).toBe(true);
    const { state, revision } = await cache.current('a');
    expect(reads).toEqual(['org-a@0', 'org-a@1']);
    expect(revision).toBe(1);
    expect([...state.structure.people.keys()].sort()).toEqual(['E1', 'E2']);
  });

  it('starts no further org once stopped', async () => {
    const { store, reads } = countingReads(await storeWithOrgs('a', 'b'));
    const cache = new OrgStateCache(store);
    const stopping = new AbortController();
    const warming = cache.warm(['a', 'b'], stopping.signal);
    stopping.abort();
    await warming;
    expect(reads).toEqual(['org-a@0']);
    expect(cache.loadedOrgs).toBe(1);
  });
});
