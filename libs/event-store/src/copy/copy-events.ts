import type { EventStore, NewEvent, StoredEvent } from '../event-store.port.js';

export interface CopyProgress {
  /** Events of the source read so far, in global order. */
  read: number;
  /** Of those, events appended to the target by this run. */
  copied: number;
  /** Of those, events the target held already (an earlier, interrupted or repeated run). */
  skipped: number;
  /** The source position copied through, and the source head when the copy began. */
  position: number;
  head: number;
}

export interface CopyOptions {
  /** Source events read and appended per round (default 1000). */
  pageSize?: number;
  onProgress?: (progress: CopyProgress) => void;
}

/** The target already has a stream of that name with other events in it: copying on would mix two histories. */
export class DivergedStreamError extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: number,
  ) {
    super(`stream ${streamId}: the target holds another event at revision ${revision} than the source`);
    this.name = 'DivergedStreamError';
  }
}

const toNewEvent = ({ streamId: _streamId, revision: _revision, position: _position, ...event }: StoredEvent): NewEvent => event;

/**
 * Copies every event of `source` to `target` in the source's global order,
 * keeping stream names and revisions: the target's global stream then has the
 * same order, so a rebuild of the read side from it gives the same numbers.
 *
 * Idempotent: source events whose revisions the target stream has reached are
 * skipped once the target is seen to hold the last of them at its revision
 * (a history is a chain: the same event at the same revision means the same
 * stream up to it), and every append names the revision it expects; a target
 * stream that holds anything else stops the copy (DivergedStreamError,
 * WrongExpectedRevisionError) instead of mixing two histories.
 * Runs until the source has nothing more to read: events recorded meanwhile are
 * copied too, and a later run copies whatever came after.
 */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyProgress> {
  const pageSize = options.pageSize ?? 1000;
  const progress: CopyProgress = { read: 0, copied: 0, skipped: 0, position: 0, head: await source.headPosition() };
  const targetRevisions = new Map<string, number>();
  const targetRevision = async (streamId: string) => {
    if (!targetRevisions.has(streamId)) targetRevisions.set(streamId, await target.streamRevision(streamId));
    return targetRevisions.get(streamId)!;
  };

  for (let page = await source.readAll(0, pageSize); page.length > 0; page = await source.readAll(progress.position, pageSize)) {
    // Consecutive events of one stream go in one append: the global order is kept, and appends stay large.
    for (let start = 0; start < page.length; ) {
      const streamId = page[start]!.streamId;
      let end = start + 1;
      while (end < page.length && page[end]!.streamId === streamId) end++;
      const reached = await targetRevision(streamId);
      const run = page.slice(start, end);
      const missing = run.filter((event) => event.revision > reached);
      const held = run.filter((event) => event.revision <= reached);
      if (held.length > 0) await assertHeld(target, held[held.length - 1]!);
      progress.skipped += run.length - missing.length;
      if (missing.length > 0) {
        const expected = missing[0]!.revision - 1;
        const result = await target.append(streamId, missing.map(toNewEvent), expected);
        targetRevisions.set(streamId, result.revision);
        progress.copied += missing.length;
      }
      start = end;
    }
    progress.read += page.length;
    progress.position = page[page.length - 1]!.position;
    options.onProgress?.({ ...progress });
  }
  return progress;
}

async function assertHeld(target: EventStore, event: StoredEvent): Promise<void> {
  const there = (await target.findByEventIds([event.eventId])).get(event.eventId);
  if (there?.streamId !== event.streamId || there.revision !== event.revision) throw new DivergedStreamError(event.streamId, event.revision);
}
