import { randomUUID } from 'node:crypto';
import { commandFor, type OrgCommand } from '../commands.js';
import type { EventData, EventOf, EventType, OrgEvent } from '../events.js';

/**
 * Builders of valid recorded events, so specs read like the event catalogue:
 * `personJoined('E2', 'E1', '2026-01-05T09:00:00Z')`. Each event gets a fresh
 * UUID eventId, schemaVersion 1 and the fixed `RECORDED_AT`, which is later
 * than every occurredAt the specs use (facts are about the past).
 */
export const ORG_ID = 'acme';
export const RECORDED_AT = '2026-06-30T12:00:00.000Z';

function recorded<T extends EventType>(type: T, occurredAt: string, data: EventData<T>): EventOf<T> {
  return { eventId: randomUUID(), type, orgId: ORG_ID, occurredAt, schemaVersion: 1, data, recordedAt: RECORDED_AT } as EventOf<T>;
}

/** The command that asks for `event`, arriving at `recordedAt`. */
export function command(event: OrgEvent, recordedAt: string = RECORDED_AT): OrgCommand {
  const { recordedAt: _recorded, ...incoming } = event;
  return commandFor(incoming as Parameters<typeof commandFor>[0], recordedAt);
}

const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type At = { at: string };

// Org structure

type JoinDetails = Omit<EventData<'PersonJoined'>, 'personId' | 'managerId'>;

export const personJoined = (personId: string, managerId: string | null, at: string, details: JoinDetails = {}) =>
  recorded('PersonJoined', at, { personId, managerId, ...details });

export const personUpdated = (personId: string, at: string, changes: Omit<EventData<'PersonUpdated'>, 'personId'>) =>
  recorded('PersonUpdated', at, { personId, ...changes });

export const reportingLineChanged = (personId: string, managerId: string | null, at: string) =>
  recorded('ReportingLineChanged', at, { personId, managerId });

export const personLeft = (personId: string, at: string) => recorded('PersonLeft', at, { personId });

// Outcomes and plans

export const outcomeFramed = ({
  at,
  ...data
}: Optional<EventData<'OutcomeFramed'>, 'outcomeId' | 'title' | 'successMeasures' | 'coCreatedWith'> & At) =>
  recorded('OutcomeFramed', at, {
    outcomeId: 'O1',
    title: 'Ship the new onboarding',
    successMeasures: ['activation ≥ 40%'],
    coCreatedWith: [],
    ...data,
  });

export const planDelegated = ({ at, ...data }: Optional<EventData<'PlanDelegated'>, 'planId' | 'outcomeId' | 'decisionRights'> & At) =>
  recorded('PlanDelegated', at, { planId: 'P1', outcomeId: 'O1', decisionRights: ['approach'], ...data });

export const planReclaimed = ({ at, ...data }: Optional<EventData<'PlanReclaimed'>, 'planId'> & At) =>
  recorded('PlanReclaimed', at, { planId: 'P1', ...data });

export const planOverridden = ({ at, ...data }: Optional<EventData<'PlanOverridden'>, 'planId' | 'aspect'> & At) =>
  recorded('PlanOverridden', at, { planId: 'P1', aspect: 'approach', ...data });

// Practices

export const checkInHeld = ({ at, ...data }: Optional<EventData<'CheckInHeld'>, 'checkInId' | 'durationMinutes'> & At) =>
  recorded('CheckInHeld', at, { checkInId: id('CI'), durationMinutes: 30, ...data });

export const feedbackGiven = ({ at, ...data }: Optional<EventData<'FeedbackGiven'>, 'feedbackId' | 'kind' | 'solicited'> & At) =>
  recorded('FeedbackGiven', at, { feedbackId: id('FB'), kind: 'praise', solicited: false, ...data });

export const skipLevelDone = ({ at, ...data }: Optional<EventData<'SkipLevelDone'>, 'meetingId' | 'managerLoopedIn'> & At) =>
  recorded('SkipLevelDone', at, { meetingId: id('SL'), managerLoopedIn: true, ...data });

export const approvalRequested = ({ at, ...data }: Optional<EventData<'ApprovalRequested'>, 'requestId' | 'topic'> & At) =>
  recorded('ApprovalRequested', at, { requestId: 'R1', topic: 'Budget for the Q3 offsite', ...data });

export const approvalResolved = ({ at, ...data }: Optional<EventData<'ApprovalResolved'>, 'requestId' | 'outcome'> & At) =>
  recorded('ApprovalResolved', at, { requestId: 'R1', outcome: 'granted', ...data });

export const decisionMade = ({ at, ...data }: Optional<EventData<'DecisionMade'>, 'decisionId'> & At) =>
  recorded('DecisionMade', at, { decisionId: id('D'), ...data });
