import { ErrorType, isCommandError, StreamNotFoundError, type ResolvedEvent } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.port.js';

const UNAVAILABLE = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT]);

/** The client's "cannot reach the server" errors as the port's, which the API answers with 503; any other as it is. */
export function toPortError(error: unknown): unknown {
  return error instanceof Error && isCommandError(error) && UNAVAILABLE.has(error.type)
    ? new EventStoreUnavailableError(`${error.type}: ${error.message}`)
    : error;
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
