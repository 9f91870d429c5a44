/** What the index knows of one stream: its eventIds up to `revision` (-1: the stream did not exist). */
interface StreamIds {
  revision: number;
  /** eventId → its revision in the stream. */
  revisions: Map<string, number>;
}

/**
 * The eventIds of the streams an EventStoreDB store has read or appended to,
 * each stream up to the revision last seen. An append at the revision the
 * index holds checks its ids here and lets the server's expected-revision check
 * prove that nothing came in between, so deduplication costs no round trip.
 * Memory is bounded: past `maxEventIds`, the streams used least recently are
 * let go whole, and read again when next appended to.
 */
export class StreamEventIds {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly streams = new Map<string, StreamIds>();
  private size = 0;

  constructor(private readonly maxEventIds: number) {}

  /** The revision the stream is known up to, undefined when it is not in the index. */
  revisionOf(streamId: string): number | undefined {
    const known = this.streams.get(streamId);
    if (known) this.touch(streamId, known);
    return known?.revision;
  }

  /** Which of `eventIds` the stream holds, as far as the index knows it. */
  storedIn(streamId: string, eventIds: readonly string[]): string[] {
    const revisions = this.streams.get(streamId)?.revisions;
    return revisions ? eventIds.filter((eventId) => revisions.has(eventId)) : [];
  }

  /** Each of `eventIds` the index knows, with a stream holding it, the most recently used first. */
  find(eventIds: readonly string[]): Map<string, { streamId: string; revision: number }> {
    const found = new Map<string, { streamId: string; revision: number }>();
    const newestFirst = [...this.streams].reverse();
    for (const eventId of eventIds) {
      for (const [streamId, known] of newestFirst) {
        const revision = known.revisions.get(eventId);
        if (revision === undefined) continue;
        found.set(eventId, { streamId, revision });
        break;
      }
    }
    return found;
  }

  /** Records that the stream does not exist, unless the index knows better. */
  absent(streamId: string): void {
    if (!this.streams.has(streamId)) this.streams.set(streamId, { revision: -1, revisions: new Map() });
  }

  /**
   * Adds the stream's events from `fromRevision` on. Only a run that
   * continues what the index holds (or starts the stream) is taken: the index
   * never has a gap. Answers whether it was taken.
   */
  extend(streamId: string, fromRevision: number, eventIds: readonly string[]): boolean {
    let known = this.streams.get(streamId);
    if (!known && fromRevision === 0) this.streams.set(streamId, (known = { revision: -1, revisions: new Map() }));
    if (!known || known.revision + 1 !== fromRevision) return false;
    eventIds.forEach((eventId, offset) => {
      if (!known.revisions.has(eventId)) known.revisions.set(eventId, fromRevision + offset);
    });
    known.revision += eventIds.length;
    this.size += eventIds.length;
    this.touch(streamId, known);
    this.evict(streamId);
    return true;
  }

  private forget(streamId: string): void {
    const known = this.streams.get(streamId);
    if (!known) return;
    this.size -= known.revision + 1;
    this.streams.delete(streamId);
  }

  private touch(streamId: string, known: StreamIds): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
  }

  private evict(keep: string): void {
    for (const [streamId] of this.streams) {
      if (this.size <= this.maxEventIds) return;
      if (streamId !== keep) this.forget(streamId);
    }
  }
}
