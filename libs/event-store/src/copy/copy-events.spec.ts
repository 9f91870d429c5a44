import { collect, eventIdsOf, newEvents, newStreamId, readAllAfter } from '../contract/test-events.js';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { copyEvents, DivergedStreamError, type CopyProgress } from './copy-events.js';

/** A source with three streams written in turns, so the global order interleaves them. */
async function interleavedSource(rounds: number) {
  const source = new InMemoryEventStore();
  const streams = [newStreamId(), newStreamId(), newStreamId()];
  for (let round = 0; round < rounds; round++) {
    for (const [index, streamId] of streams.entries())
      await source.append(streamId, newEvents(1 + ((round + index) % 4), round * 10), 'any');
  }
  return { source, streams };
}

describe('copyEvents', () => {
  it('copies every event in global order, keeping streams and revisions, and reports progress per page', async () => {
    const { source, streams } = await interleavedSource(10);
    const target = new InMemoryEventStore();
    const progress: CopyProgress[] = [];

    const result = await copyEvents(source, target, { pageSize: 7, onProgress: (step) => progress.push(step) });

    const copied = await readAllAfter(target, 0);
    expect(eventIdsOf(copied)).toEqual(eventIdsOf(await readAllAfter(source, 0)));
    for (const streamId of streams) {
      const strip = (events: { eventId: string; revision: number; data: unknown }[]) =>
        events.map(({ eventId, revision, data }) => ({ eventId, revision, data }));
      expect(strip(await collect(target.readStream(streamId)))).toEqual(strip(await collect(source.readStream(streamId))));
    }
    expect(result).toEqual({
      read: copied.length,
      copied: copied.length,
      skipped: 0,
      position: await source.headPosition(),
      head: await source.headPosition(),
    });
    expect(progress.every((step, index) => index === 0 || step.read > progress[index - 1]!.read)).toBe(true);
    expect(progress.at(-1)).toEqual(result);
  });

  it('is idempotent: a second run copies nothing, a run after more events copies only those', async () => {
    const { source, streams } = await interleavedSource(6);
    const target = new InMemoryEventStore();
    const first = await copyEvents(source, target, { pageSize: 5 });

    expect(await copyEvents(source, target, { pageSize: 5 })).toMatchObject({ copied: 0, skipped: first.read });
    await source.append(streams[1]!, newEvents(4, 100), 'any');
    await source.append(newStreamId(), newEvents(2), 'no_stream');

    expect(await copyEvents(source, target, { pageSize: 5 })).toMatchObject({ copied: 6, skipped: first.read });
    expect(eventIdsOf(await readAllAfter(target, 0))).toEqual(eventIdsOf(await readAllAfter(source, 0)));
  });

  it('resumes a run that stopped part-way, appending each event once', async () => {
    const { source } = await interleavedSource(8);
    const target = new InMemoryEventStore();
    const append = target.append.bind(target);
    let appends = 0;
    target.append = async (...args) => {
      if (++appends === 5) throw new Error('connection lost');
      return append(...args);
    };

    await expect(copyEvents(source, target, { pageSize: 4 })).rejects.toThrow('connection lost');
    target.append = append;
    await copyEvents(source, target, { pageSize: 4 });

    expect(eventIdsOf(await readAllAfter(target, 0))).toEqual(eventIdsOf(await readAllAfter(source, 0)));
  });

  it('checks a finished copy with one read per stream, of its last event', async () => {
    const { source, streams } = await interleavedSource(6);
    const target = new InMemoryEventStore();
    await copyEvents(source, target, { pageSize: 5 });
    const readStream = target.readStream.bind(target);
    const reads: [string, number | undefined][] = [];
    target.readStream = (streamId, fromRevision) => {
      reads.push([streamId, fromRevision]);
      return readStream(streamId, fromRevision);
    };

    expect(await copyEvents(source, target, { pageSize: 5 })).toMatchObject({ copied: 0 });

    expect(reads.sort()).toEqual(
      await Promise.all(streams.map(async (streamId) => [streamId, await source.streamRevision(streamId)] as const)).then((all) =>
        all.sort(),
      ),
    );
  });

  it('finds a target stream holding another event where the source has nothing more to copy', async () => {
    const source = new InMemoryEventStore();
    const target = new InMemoryEventStore();
    const streamId = newStreamId();
    await source.append(streamId, newEvents(1), 'no_stream');
    await target.append(streamId, newEvents(1), 'no_stream');

    await expect(copyEvents(source, target)).rejects.toBeInstanceOf(DivergedStreamError);
  });

  it('stops at a target stream that holds other events, adding nothing to it', async () => {
    const { source, streams } = await interleavedSource(2);
    const target = new InMemoryEventStore();
    await target.append(streams[0]!, newEvents(1), 'no_stream');

    await expect(copyEvents(source, target)).rejects.toBeInstanceOf(DivergedStreamError);
    expect(await target.streamRevision(streams[0]!)).toBe(0);
  });
});
