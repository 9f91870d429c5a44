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

/** The type of the index's own events; not an engine type, so the `$all` filter never lets it through. */
export const EVENT_ID_RESERVED = 'orghealth.EventIdReserved';

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

/**
 * Finds events by eventId in any stream, for as long as they are stored.
 * EventStoreDB itself recognises a resent event only while it is in the
 * server's recent-writes cache, or when resent at the same expected revision;
 * an import resent days later, with `any`, would be stored twice. So before
 * an append the adapter claims, per event, a stream named after the eventId
 * with a reservation `{streamId, revision}`, and an id counts as stored only
 * when that stream and revision really hold it: a reservation left by an
 * append that then failed (a crash, a lost revision race) is stale and taken
 * over. A new id costs one write (the claim, `no_stream`), no read.
 */
export class EventIdIndex {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly streamPrefix: string,
    private readonly concurrency: number,
  ) {}

  async find(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    await eachLimited([...new Set(eventIds)], this.concurrency, async (eventId) => {
      const stored = await this.lookUp(eventId);
      if (stored) found.set(eventId, stored);
    });
    // In the order asked: the caller lists duplicates as it named them.
    return new Map(eventIds.filter((eventId) => found.has(eventId)).map((eventId) => [eventId, found.get(eventId)!]));
  }

  /**
   * Reserves each id for the revision it is about to take in `streamId`
   * (the n-th id, `firstRevision + n`; repeated ids keep their first place)
   * and answers which ids are stored already: those keep their reservation.
   */
  async claim(streamId: string, firstRevision: number, eventIds: readonly string[]): Promise<Set<string>> {
    const stored = new Set<string>();
    const unique = [...new Set(eventIds)];
    const revisionOf = new Map(eventIds.map((eventId, index) => [eventId, firstRevision + index] as const).reverse());
    await eachLimited(unique, this.concurrency, async (eventId) => {
      const reservation = jsonEvent({ type: EVENT_ID_RESERVED, data: { streamId, revision: revisionOf.get(eventId)! } });
      try {
        await this.client.appendToStream(this.indexStream(eventId), reservation, { expectedRevision: 'no_stream' });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error);
        if (await this.lookUp(eventId)) stored.add(eventId);
        // A stale reservation is taken over at the revision it was seen at: of two writers racing for it, one wins.
        else await this.client.appendToStream(this.indexStream(eventId), reservation, { expectedRevision: error.actualVersion as bigint });
      }
    });
    return stored;
  }

  private async lookUp(eventId: string): Promise<StoredEvent | undefined> {
    const [latest] = await readEvents(this.client.readStream(this.indexStream(eventId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    if (!latest) return undefined;
    const reservation = latest.event!.data as unknown as Reservation;
    const [candidate] = await readEvents(
      this.client.readStream(this.streamPrefix + reservation.streamId, { fromRevision: BigInt(reservation.revision), maxCount: 1 }),
    );
    if (!candidate || candidate.event!.id !== esdbEventId(eventId)) return undefined;
    const stored = toStoredEvent(candidate, this.streamPrefix);
    return stored.eventId === eventId ? stored : undefined;
  }

  private indexStream(eventId: string): string {
    return `${this.streamPrefix}orghealth-eventid-${eventId}`;
  }
}
