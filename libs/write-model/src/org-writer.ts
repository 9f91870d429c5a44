import { commandFor, decide, evolve, RuleViolation, upcastStored, type IncomingEvent, type OrgEvent } from '@orghealth/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore } from '@orghealth/event-store';
import type { OrgStateCache } from './org-state.cache.js';
import { orgStreamId, toNewEvent, toOrgEvent } from './org-stream.js';
import { isSameEvent } from './same-event.js';

export type RecordOutcome =
  | { status: 'recorded'; eventId: string; position: number }
  | { status: 'duplicate'; eventId: string; position: number }
  | { status: 'conflict'; eventId: string; reason: string }
  | { status: 'rejected'; eventId: string; violation: RuleViolation };

export interface OrgWriterOptions {
  /** Most events decided and appended in one transaction. */
  maxGroupEvents: number;
  /** Tries of a group whose append lost a race with another writer of the stream. */
  maxAttempts: number;
  now: () => Date;
}

interface Pending {
  events: readonly IncomingEvent[];
  resolve: (outcomes: RecordOutcome[]) => void;
  reject: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records events of an org: duplicate and conflict checks by eventId, the
 * rules through `decide`, then one append. Requests queued while a commit
 * runs are decided together and appended in one transaction (group commit),
 * so the price of a durable fsync is shared by every request waiting on it.
 * Outcomes come back in the order the events were given.
 */
export class OrgWriter {
  private readonly queues = new Map<string, Pending[]>();
  private readonly options: OrgWriterOptions;
  private lastCommitAt = 0;

  constructor(
    private readonly store: EventStore,
    private readonly cache: OrgStateCache,
    options: Partial<OrgWriterOptions> = {},
  ) {
    this.options = { maxGroupEvents: 5000, maxAttempts: 5, now: () => new Date(), ...options };
  }

  /** Whether events were committed in the last `withinMs`: work that can wait (projection) gives way meanwhile. */
  busy(withinMs = 250): boolean {
    return Date.now() - this.lastCommitAt < withinMs;
  }

  record(orgId: string, events: readonly IncomingEvent[]): Promise<RecordOutcome[]> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(orgId);
      if (queue) {
        queue.push({ events, resolve, reject });
        return;
      }
      this.queues.set(orgId, [{ events, resolve, reject }]);
      void this.drain(orgId);
    });
  }

  private async drain(orgId: string): Promise<void> {
    const queue = this.queues.get(orgId)!;
    // Let requests that arrived in the same turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const group: Pending[] = [queue.shift()!];
      let size = group[0]!.events.length;
      while (queue.length > 0 && size + queue[0]!.events.length <= this.options.maxGroupEvents) {
        size += queue[0]!.events.length;
        group.push(queue.shift()!);
      }
      try {
        const outcomes = await this.commitWithRetry(orgId, group.flatMap((pending) => pending.events));
        let offset = 0;
        for (const pending of group) {
          pending.resolve(outcomes.slice(offset, offset + pending.events.length));
          offset += pending.events.length;
        }
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.queues.delete(orgId);
  }

  private async commitWithRetry(orgId: string, events: IncomingEvent[]): Promise<RecordOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commit(orgId, events);
      } catch (error) {
        const lostRace = error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError;
        if (!lostRace || attempt >= this.options.maxAttempts) throw error;
        await sleep(Math.random() * 10 * 1.5 ** attempt);
      }
    }
  }

  private commit(orgId: string, events: IncomingEvent[]): Promise<RecordOutcome[]> {
    return this.cache.exclusive(orgId, async (snapshot) => {
      const stored = await this.store.findByEventIds([...new Set(events.map((event) => event.eventId))]);
      const recordedAt = this.options.now().toISOString();
      const outcomes: RecordOutcome[] = [];
      const decided = new Map<string, IncomingEvent>();
      const toAppend: OrgEvent[] = [];
      try {
        for (const event of events) {
          const { eventId } = event;
          const earlier = stored.get(eventId);
          const earlierInGroup = decided.get(eventId);
          if (earlier || earlierInGroup) {
            const same = isSameEvent(event, earlier ? upcastStored(toOrgEvent(earlier)) : earlierInGroup!);
            outcomes.push(
              same
                ? { status: 'duplicate', eventId, position: earlier?.position ?? -1 }
                : { status: 'conflict', eventId, reason: `eventId ${eventId} is already recorded with a different body` },
            );
            continue;
          }
          try {
            for (const recorded of decide(commandFor(event, recordedAt), snapshot.state)) {
              evolve(snapshot.state, recorded);
              toAppend.push(recorded);
            }
            decided.set(eventId, event);
            outcomes.push({ status: 'recorded', eventId, position: -1 });
          } catch (error) {
            if (!(error instanceof RuleViolation)) throw error;
            outcomes.push({ status: 'rejected', eventId, violation: error });
          }
        }
        if (toAppend.length === 0) return outcomes;
        const expected = snapshot.revision === -1 ? 'no_stream' : snapshot.revision;
        const appended = await this.store.append(orgStreamId(orgId), toAppend.map(toNewEvent), expected);
        snapshot.revision = appended.revision;
        this.lastCommitAt = Date.now();
        // Readers whose checkpoint reaches the commit's last position see every event of it.
        for (const outcome of outcomes) {
          if (outcome.status !== 'conflict' && outcome.status !== 'rejected' && outcome.position === -1) outcome.position = appended.position;
        }
        return outcomes;
      } catch (error) {
        this.cache.forget(orgId);
        throw error;
      }
    });
  }
}
