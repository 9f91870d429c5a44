import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, WrongExpectedRevisionError, type NewEvent, type StoredEvent } from '@orghealth/event-store';
import { StreamRunner, type StreamModel } from './stream-runner.js';

/** A toy stream: a list of numbers; the command appends the next one. Enough to watch the runner's steps. */
type Numbers = { numbers: number[] };
const numberEvent = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Numbered',
  orgId: 'acme',
  occurredAt: '2026-01-01T00:00:00Z',
  recordedAt: '2026-01-01T00:00:00Z',
  schemaVersion: 1,
  data: { n },
});
const reads: number[] = [];
const NUMBERS: StreamModel<Numbers, NewEvent> = {
  streamId: (key) => `numbers-${key}`,
  initialState: () => ({ numbers: [] }),
  evolve: (state, event) => void state.numbers.push((event.data as { n: number }).n),
  read: (stored: StoredEvent) => {
    reads.push(stored.revision);
    return stored;
  },
  lostRace: (error) => error instanceof WrongExpectedRevisionError,
};

const appendNext = (runner: StreamRunner<Numbers, NewEvent>) =>
  runner.run('a', ({ state }) => {
    const next = numberEvent(state.numbers.length + 1);
    NUMBERS.evolve(state, next);
    return { events: [next], outcome: state.numbers.length };
  });

describe('StreamRunner', () => {
  beforeEach(() => (reads.length = 0));

  it('decides on the caught-up state, appends at its revision, and keeps the state without reading its own events back', async () => {
    const store = new InMemoryEventStore();
    const runner = new StreamRunner(store, NUMBERS);
    expect(await appendNext(runner)).toMatchObject({ outcome: 1, appended: { revision: 0 } });
    expect(await appendNext(runner)).toMatchObject({ outcome: 2, appended: { revision: 1 } });
    expect(reads).toEqual([]);
    expect(await runner.current('a')).toEqual({ state: { numbers: [1, 2] }, revision: 1 });
  });

  it('serialises the commands of one stream: concurrent ones see each other', async () => {
    const runner = new StreamRunner(new InMemoryEventStore(), NUMBERS);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => appendNext(runner)));
    expect(outcomes.map(({ outcome }) => outcome)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('loses a race to another writer, folds what it appended, and decides again', async () => {
    const store = new InMemoryEventStore();
    const runner = new StreamRunner(store, NUMBERS);
    await appendNext(runner);
    const other = new StreamRunner(store, NUMBERS);
    let decisions = 0;
    const { outcome } = await runner.run('a', async ({ state, revision }) => {
      // The other writer appends between this runner's catch-up and its append: the first decision loses.
      if (++decisions === 1) await appendNext(other);
      const next = numberEvent(state.numbers.length + 1);
      NUMBERS.evolve(state, next);
      return { events: [next], outcome: { revision, numbers: [...state.numbers] } };
    });
    expect(decisions).toBe(2);
    expect(outcome).toEqual({ revision: 1, numbers: [1, 2, 3] });
    expect(await store.streamRevision('numbers-a')).toBe(2);
  });

  it('drops a state that a failed append left evolved, and folds it again from the store', async () => {
    const store = new InMemoryEventStore();
    const runner = new StreamRunner(store, NUMBERS);
    await appendNext(runner);
    const append = store.append.bind(store);
    store.append = async () => {
      throw new Error('disk full');
    };
    await expect(appendNext(runner)).rejects.toThrow('disk full');
    store.append = append;
    expect(runner.has('a')).toBe(false);
    expect((await runner.current('a')).state).toEqual({ numbers: [1] });
  });

  it('gives up after its tries when every append loses', async () => {
    const store = new InMemoryEventStore();
    const runner = new StreamRunner(store, NUMBERS, { maxAttempts: 3, lostRaceBackoff: { firstMs: 1, maxMs: 1 } });
    let tries = 0;
    store.append = async (streamId) => {
      tries++;
      throw new WrongExpectedRevisionError(streamId, -1, 0);
    };
    await expect(appendNext(runner)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(tries).toBe(3);
  });
});
