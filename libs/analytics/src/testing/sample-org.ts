import type { OrgEvent } from '@orghealth/domain';
import { InMemoryEventStore, type StoredEvent } from '@orghealth/event-store';
import { orgStreamId } from '@orghealth/write-model';
import {
  approvalRequested,
  approvalResolved,
  checkInHeld,
  decisionMade,
  feedbackGiven,
  outcomeFramed,
  ORG_ID,
  personJoined,
  personLeft,
  planDelegated,
  planOverridden,
  planReclaimed,
  reportingLineChanged,
  skipLevelDone,
} from '../../../domain/src/testing/builders.js';

export { ORG_ID };

/**
 * A small org with one event of every type: E1 leads E2 and E3, E2 leads E4
 * and E5 until E4 moves under E3 on 1 March; E5 leaves on 1 April.
 */
export const sampleOrg = (): OrgEvent[] => [
  personJoined('E1', null, '2026-01-01T09:00:00Z'),
  personJoined('E2', 'E1', '2026-01-02T09:00:00Z'),
  personJoined('E3', 'E1', '2026-01-02T09:00:00Z'),
  personJoined('E4', 'E2', '2026-01-03T09:00:00Z'),
  personJoined('E5', 'E2', '2026-01-03T09:00:00Z'),
  checkInHeld({ checkInId: 'CI1', leaderId: 'E2', reportId: 'E4', durationMinutes: 45, progress: 'at_risk', at: '2026-02-01T10:00:00Z' }),
  feedbackGiven({ feedbackId: 'FB1', giverId: 'E4', receiverId: 'E2', kind: 'coaching', solicited: true, at: '2026-02-02T10:00:00Z' }),
  skipLevelDone({ meetingId: 'SL1', leaderId: 'E1', reportId: 'E4', managerLoopedIn: false, at: '2026-02-03T10:00:00Z' }),
  outcomeFramed({ outcomeId: 'O1', leaderId: 'E2', coCreatedWith: ['E4', 'E5'], at: '2026-02-04T10:00:00Z' }),
  planDelegated({
    planId: 'P1',
    outcomeId: 'O1',
    delegatorId: 'E2',
    ownerId: 'E4',
    decisionRights: ['approach', 'budget'],
    budgetLimit: 5000,
    at: '2026-02-05T10:00:00Z',
  }),
  planReclaimed({ planId: 'P1', byId: 'E2', reason: 'personal note', at: '2026-02-06T10:00:00Z' }),
  planOverridden({ planId: 'P1', byId: 'E1', aspect: 'budget', at: '2026-02-07T10:00:00Z' }),
  approvalRequested({ requestId: 'R1', requesterId: 'E4', approverId: 'E2', at: '2026-02-08T10:00:00Z' }),
  approvalResolved({ requestId: 'R1', outcome: 'declined', at: '2026-02-09T16:30:00Z' }),
  decisionMade({ decisionId: 'D1', kind: 'promotion', subjectId: 'E4', deciderId: 'E2', approverIds: ['E2'], at: '2026-02-10T10:00:00Z' }),
  decisionMade({ decisionId: 'D2', kind: 'hire', subjectId: 'E9', deciderId: 'E1', approverIds: ['E1', 'E3'], at: '2026-02-11T10:00:00Z' }),
  reportingLineChanged('E4', 'E3', '2026-03-01T09:00:00Z'),
  personLeft('E5', '2026-04-01T09:00:00Z'),
];

/** A store holding `events` in the org's stream, as the write side would have recorded them. */
export async function storeWith(events: readonly object[]): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  await append(store, events);
  return store;
}

export async function append(store: InMemoryEventStore, events: readonly object[]): Promise<void> {
  // Unchecked on purpose: specs also store what the write side would refuse (future types, bad data). Events as a
  // sender wrote them (a generated org) get the recordedAt the writer would give them.
  const recorded = events.map((event) =>
    'recordedAt' in event ? event : { ...event, recordedAt: (event as { occurredAt?: unknown }).occurredAt },
  );
  await store.append(orgStreamId(ORG_ID), recorded as unknown as Parameters<InMemoryEventStore['append']>[1], 'any');
}

export async function readAllStored(store: InMemoryEventStore): Promise<StoredEvent[]> {
  return store.readAll(0, 100_000);
}
