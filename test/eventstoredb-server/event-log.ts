/** A record as the test server keeps it: what EventStoreDB writes to its transaction log. */
export interface LogRecord {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** Where the event's prepare record sits in the log: unique, increasing. */
  prepare: number;
  /** Where its transaction commits: the same for every event of one append, at or after each prepare. */
  commit: number;
  createdTicks: string;
}

export type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: number };

export type ProposedEvent = Pick<LogRecord, 'id' | 'type' | 'contentType' | 'data' | 'customMetadata'>;

export type AppendOutcome =
  | { ok: true; currentRevision: number; commit: number; prepare: number }
  | { ok: false; currentRevision: number; expected: Expected };

// Log positions are byte offsets in EventStoreDB: a record takes its size plus a header.
const RECORD_HEADER_BYTES = 120;
// A real log begins with the server's own records (its first epoch): no client event sits at position 0.
const FIRST_CLIENT_POSITION = 128;
// `created` is in .NET ticks (100 ns) since the Unix epoch, as the server sends it.
const TICKS_PER_MS = 10_000n;

/**
 * The transaction log of the test server: every stream in one ordered list,
 * `(commit, prepare)` positions as EventStoreDB reports them, and the
 * server's idempotency, which only remembers the last `dedupeWindow` events
 * of a stream (the real server keeps a bounded cache of recent writes).
 */
export class EventLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private nextPosition = FIRST_CLIENT_POSITION;
  private readonly appendListeners = new Set<() => void>();

  constructor(private readonly dedupeWindow: number) {}

  stream(streamId: string): LogRecord[] | undefined {
    return this.streams.get(streamId);
  }

  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  append(streamId: string, expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const currentRevision = stream.length - 1;
    const replayed = this.idempotentReplay(stream, expected, proposed);
    if (replayed) return { ok: true, currentRevision: replayed.revision, commit: replayed.commit, prepare: replayed.prepare };
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && currentRevision === -1) ||
      (expected.kind === 'stream_exists' && currentRevision >= 0) ||
      (expected.kind === 'revision' && expected.revision === currentRevision);
    if (!matches) return { ok: false, currentRevision, expected };
    if (proposed.length === 0) return { ok: true, currentRevision, commit: this.nextPosition, prepare: this.nextPosition };

    const createdTicks = (BigInt(Date.now()) * TICKS_PER_MS).toString();
    const prepares = proposed.map((event) => {
      const prepare = this.nextPosition;
      this.nextPosition += RECORD_HEADER_BYTES + event.data.length + event.customMetadata.length;
      return prepare;
    });
    const commit = prepares[prepares.length - 1]!;
    const written = proposed.map((event, index) => ({
      ...event,
      streamId,
      revision: currentRevision + 1 + index,
      prepare: prepares[index]!,
      commit,
      createdTicks,
    }));
    stream.push(...written);
    this.streams.set(streamId, stream);
    this.records.push(...written);
    for (const listener of this.appendListeners) listener();
    const last = written[written.length - 1]!;
    return { ok: true, currentRevision: last.revision, commit: last.commit, prepare: last.prepare };
  }

  /** Index of the first record at or after `(commit, prepare)`: where a read from that position starts. */
  indexAtOrAfter(commit: number, prepare: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const record = this.records[middle]!;
      if (record.commit < commit || (record.commit === commit && record.prepare < prepare)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The last record appended to the log, if any. */
  last(): LogRecord | undefined {
    return this.records[this.records.length - 1];
  }

  /**
   * A resend of events the server still remembers succeeds without writing
   * them again, as EventStoreDB does within its window; past it they are
   * written a second time.
   */
  private idempotentReplay(stream: LogRecord[], expected: Expected, proposed: readonly ProposedEvent[]): LogRecord | undefined {
    if (proposed.length === 0) return undefined;
    const start =
      expected.kind === 'revision'
        ? expected.revision + 1
        : expected.kind === 'no_stream'
          ? 0
          : stream.findIndex((record) => record.id === proposed[0]!.id);
    if (start < 0 || start < stream.length - this.dedupeWindow) return undefined;
    const slice = stream.slice(start, start + proposed.length);
    if (slice.length !== proposed.length || slice.some((record, index) => record.id !== proposed[index]!.id)) return undefined;
    return slice[slice.length - 1];
  }
}
