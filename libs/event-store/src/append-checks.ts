import { DuplicateEventIdError, WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from './event-store.port.js';

/** Whether a stream at `actual` (-1: none) is where the caller expects it. */
export const revisionMatches = (expected: ExpectedRevision, actual: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? actual === -1 : expected === actual);

/**
 * The checks every adapter runs inside its append transaction, in the order
 * the port promises: batch not empty, expected revision, then eventIds.
 * `storedAmong` answers which of the given ids the store holds already.
 */
export function checkAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  actual: number,
  storedAmong: (eventIds: string[]) => Iterable<string>,
): void {
  if (events.length === 0) throw new RangeError(`stream ${streamId}: append needs at least one event`);

  if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

  const eventIds = events.map((event) => event.eventId);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const eventId of eventIds) {
    if (seen.has(eventId)) duplicates.add(eventId);
    seen.add(eventId);
  }
  for (const eventId of storedAmong([...seen])) duplicates.add(eventId);
  // delete() is true once per id: each duplicate listed once, in batch order.
  if (duplicates.size > 0) throw new DuplicateEventIdError(eventIds.filter((eventId) => duplicates.delete(eventId)));
}
