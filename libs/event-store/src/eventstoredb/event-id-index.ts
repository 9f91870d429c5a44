import { setTimeout as delay } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  ErrorType,
  isCommandError,
  jsonEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, type StoredEvent } from '../event-store.port.js';
import { esdbEventId, toStoredEvent } from './event-mapping.js';

/** The types of the index's own events; not engine types, so the `$all` filter never lets them through. */
export const EVENT_ID_RESERVED = 'orghealth.EventIdReserved';
const EVENT_ID_RELEASED = 'orghealth.EventIdReleased';

interface Reservation {
  streamId: string;
  revision: number;
}

const UNAVAILABLE = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT]);

/** The client's "cannot reach the server" errors as the port's, which the API answers with 503; any other as it is. */
export function toPortError(error: unknown): unknown {
  return error instanceof Error && isCommandError(error) && UNAVAILABLE.has(error.type) ? new EventStoreUnavailableError(`${error.type}: ${error.message}`) : error;
}

/** Reads a stream, or nothing when it does not exist. */
export async function readEvents(read: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  try {
    for await (const resolved of read) events.push(resolved);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw toPortError(error);
  }
  return events;
}

/** Runs `task` over `items` with at most `limit` running at once. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** What the claim stream of an eventId says about it. */
type ClaimState =
  | { kind: 'unclaimed' }
  | { kind: 'stored'; event: StoredEvent }
  /** Claimed by an append that may still be running: its stream has not reached the claimed revision yet. */
  | { kind: 'in-flight'; claimRevision: bigint }
  /** Left by an append that failed: given back, another event holds the revision, or older than the lease. */
  | { kind: 'stale'; claimRevision: bigint };

export interface EventIdIndexOptions {
  streamPrefix: string;
  concurrency: number;
  /** How long a claim whose append has not landed is taken as still running, in ms. */
  claimLeaseMs: number;
}

const IN_FLIGHT_POLL_MS = 25;

/**
 * Finds events by eventId in any stream, for as long as they are stored.
 * EventStoreDB itself recognises a resent event only while it is in the
 * server's recent-writes cache, or when resent at the same expected revision;
 * an import resent days later, with `any`, would be stored twice. So before
 * an append the adapter claims, per event, a stream named after the eventId
 * with a reservation `{streamId, revision}`, and an id counts as stored only
 * when that stream and revision really hold it. A new id costs one write (the
 * claim, `no_stream`), no read. A claim whose revision holds another event
 * (the append lost a revision race) or that has not landed within the lease
 * (the writer crashed) is stale and taken over; one still within its lease
 * belongs to a writer still appending, so a second writer of the same event
 * waits for it and then finds it stored.
 */
export class EventIdIndex {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventIdIndexOptions,
  ) {}

  async find(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    await eachLimited([...new Set(eventIds)], this.options.concurrency, async (eventId) => {
      const state = await this.inspect(eventId);
      if (state.kind === 'stored') found.set(eventId, state.event);
    });
    // In the order asked: the caller lists duplicates as it named them.
    return new Map(eventIds.filter((eventId) => found.has(eventId)).map((eventId) => [eventId, found.get(eventId)!]));
  }

  /**
   * Reserves each id for the revision it is about to take in `streamId`
   * (the n-th id, `firstRevision + n`; repeated ids keep their first place).
   * Answers which ids are stored already, and the claims made, with the
   * revision of each claim stream, for release() should the append fail.
   */
  async claim(streamId: string, firstRevision: number, eventIds: readonly string[]): Promise<{ stored: Set<string>; claimed: Map<string, bigint> }> {
    const stored = new Set<string>();
    const claimed = new Map<string, bigint>();
    const revisionOf = new Map(eventIds.map((eventId, index) => [eventId, firstRevision + index] as const).reverse());
    await eachLimited([...new Set(eventIds)], this.options.concurrency, async (eventId) => {
      const claim = await this.claimOne(eventId, streamId, revisionOf.get(eventId)!);
      if (claim === 'stored') stored.add(eventId);
      else claimed.set(eventId, claim);
    });
    return { stored, claimed };
  }

  /**
   * Gives claims back after the append they were for failed. Best effort: a
   * claim another writer has taken over since is left alone, and one that a
   * crash leaves behind runs out with its lease.
   */
  async release(claimed: ReadonlyMap<string, bigint>): Promise<void> {
    await eachLimited([...claimed], this.options.concurrency, async ([eventId, claimRevision]) => {
      const released = jsonEvent({ type: EVENT_ID_RELEASED, data: {} });
      await this.client.appendToStream(this.indexStream(eventId), released, { expectedRevision: claimRevision }).catch(() => undefined);
    });
  }

  /** Claims one id: the claim stream's revision, or 'stored' when the id is stored already. */
  private async claimOne(eventId: string, streamId: string, revision: number): Promise<bigint | 'stored'> {
    const reservation = jsonEvent({ type: EVENT_ID_RESERVED, data: { streamId, revision } });
    // A claim older than the lease is stale: waiting longer than that (and a margin for clocks) would be waiting on nothing.
    const deadline = Date.now() + this.options.claimLeaseMs + 5_000;
    for (let expected: 'no_stream' | bigint = 'no_stream'; ; ) {
      try {
        return (await this.client.appendToStream(this.indexStream(eventId), reservation, { expectedRevision: expected })).nextExpectedRevision;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error);
      }
      let state = await this.inspect(eventId);
      for (; state.kind === 'in-flight'; state = await this.inspect(eventId)) {
        if (Date.now() > deadline) throw new EventStoreUnavailableError(`eventId ${eventId} is being appended by another writer`);
        await delay(IN_FLIGHT_POLL_MS);
      }
      if (state.kind === 'stored') return 'stored';
      // Of two writers taking over one stale claim at the revision they saw, one wins; the other looks again.
      expected = state.kind === 'unclaimed' ? 'no_stream' : state.claimRevision;
    }
  }

  private async inspect(eventId: string): Promise<ClaimState> {
    const [latest] = await readEvents(this.client.readStream(this.indexStream(eventId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    if (!latest) return { kind: 'unclaimed' };
    const claim = latest.event!;
    if (claim.type === EVENT_ID_RELEASED) return { kind: 'stale', claimRevision: claim.revision };
    const reservation = claim.data as unknown as Reservation;
    const [candidate] = await readEvents(
      this.client.readStream(this.options.streamPrefix + reservation.streamId, { fromRevision: BigInt(reservation.revision), maxCount: 1 }),
    );
    if (candidate?.event!.id === esdbEventId(eventId)) {
      const stored = toStoredEvent(candidate, this.options.streamPrefix);
      if (stored.eventId === eventId) return { kind: 'stored', event: stored };
    }
    // The server's clock stamps every claim: writers on other machines agree on a claim's age.
    const withinLease = Date.now() - claim.created.getTime() < this.options.claimLeaseMs;
    return { kind: !candidate && withinLease ? 'in-flight' : 'stale', claimRevision: claim.revision };
  }

  private indexStream(eventId: string): string {
    return `${this.options.streamPrefix}orghealth-eventid-${eventId}`;
  }
}
