import { channel } from 'node:diagnostics_channel';
import { commandFor, decide, RuleViolation, type IncomingEvent, type OrgEvent } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import type { OrgSnapshot, OrgStateCache } from './org-state.cache.js';
import { ORG_STREAM } from './org-stream.js';
import { GroupCommit } from './pipeline/group-commit.js';
import type { Decision } from './pipeline/stream-runner.js';
import type { PersonalDataStep } from './seal-personal-data.js';
import { isSameEvent } from './same-event.js';

export type RecordOutcome =
  | { status: 'recorded'; eventId: string; position: number }
  | { status: 'duplicate'; eventId: string; position: number }
  | { status: 'conflict'; eventId: string; reason: string }
  | { status: 'rejected'; eventId: string; violation: RuleViolation };

/** The events of one commit, published once they are durable: the operator's metrics count them by source. */
export interface EventsCommitted {
  orgId: string;
  events: readonly OrgEvent[];
}

export const eventsCommittedChannel = channel('orghealth.events.committed');

export interface OrgWriterOptions {
  /** What happens to personal data before anything is stored: `sealPersonalData(vault)` in the API. */
  personalData: PersonalDataStep;
  /** Most events decided and appended in one transaction. */
  maxGroupEvents: number;
  now: () => Date;
}

/**
 * Records an org's facts, every entrance alike. The steps, in order:
 * 1. `personalData`: personal fields are sealed (or, for tools, kept as sent);
 * 2. group commit: requests queued while a commit of the org runs join the next one;
 * 3. `decideGroup`, on the org's caught-up state (the cache, serialised per org):
 *    `checkEventId` tells duplicates and conflicts, the rest go through the rules (`decide`);
 * 4. one append with the revision decided on; a lost race folds again and decides again.
 * Outcomes come back in the order the events were given.
 */
export class OrgWriter {
  private readonly options: OrgWriterOptions;
  private readonly groups: GroupCommit<IncomingEvent, RecordOutcome>;

  constructor(
    private readonly store: EventStore,
    private readonly cache: OrgStateCache,
    options: Pick<OrgWriterOptions, 'personalData'> & Partial<OrgWriterOptions>,
  ) {
    this.options = { maxGroupEvents: 5000, now: () => new Date(), ...options };
    this.groups = new GroupCommit((orgId, events) => this.commit(orgId, events), this.options.maxGroupEvents);
  }

  /** Whether events were committed in the last `withinMs`: work that can wait (projection) gives way meanwhile. */
  busy(withinMs = 250): boolean {
    return this.groups.busy(withinMs);
  }

  record(orgId: string, events: readonly IncomingEvent[]): Promise<RecordOutcome[]> {
    return this.groups.submit(orgId, this.options.personalData(orgId, events));
  }

  private async commit(orgId: string, events: IncomingEvent[]): Promise<RecordOutcome[]> {
    // The last decision is the one appended: a lost race decides again.
    let decided: readonly OrgEvent[] = [];
    const { outcome, appended } = await this.cache.run(orgId, async (snapshot) => {
      const decision = await this.decideGroup(snapshot, events);
      decided = decision.events;
      return decision;
    });
    if (appended && eventsCommittedChannel.hasSubscribers)
      eventsCommittedChannel.publish({ orgId, events: decided } satisfies EventsCommitted);
    // Readers whose checkpoint reaches the commit's last position see every event of it.
    if (appended) {
      for (const each of outcome)
        if ((each.status === 'recorded' || each.status === 'duplicate') && each.position === -1) each.position = appended.position;
    }
    return outcome;
  }

  private async decideGroup(snapshot: OrgSnapshot, events: IncomingEvent[]): Promise<Decision<OrgEvent, RecordOutcome[]>> {
    const stored = await this.store.findByEventIds([...new Set(events.map((event) => event.eventId))]);
    const recordedAt = this.options.now().toISOString();
    const outcomes: RecordOutcome[] = [];
    const decided = new Map<string, IncomingEvent>();
    const toAppend: OrgEvent[] = [];
    for (const event of events) {
      const { eventId } = event;
      const earlier = stored.get(eventId);
      const earlierInGroup = decided.get(eventId);
      if (earlier || earlierInGroup) {
        outcomes.push(checkEventId(event, earlier ? ORG_STREAM.read(earlier) : earlierInGroup!, earlier?.position ?? -1));
        continue;
      }
      try {
        for (const recorded of decide(commandFor(event, recordedAt), snapshot.state)) {
          ORG_STREAM.evolve(snapshot.state, recorded);
          toAppend.push(recorded);
        }
        decided.set(eventId, event);
        outcomes.push({ status: 'recorded', eventId, position: -1 });
      } catch (error) {
        if (!(error instanceof RuleViolation)) throw error;
        outcomes.push({ status: 'rejected', eventId, violation: error });
      }
    }
    return { events: toAppend, outcome: outcomes };
  }
}

/** An eventId met before, in the store or earlier in the group: the same fact again is a duplicate, another one a conflict. */
function checkEventId(event: IncomingEvent, earlier: IncomingEvent | OrgEvent, position: number): RecordOutcome {
  const { eventId } = event;
  return isSameEvent(event, earlier)
    ? { status: 'duplicate', eventId, position }
    : { status: 'conflict', eventId, reason: `eventId ${eventId} is already recorded with a different body` };
}
