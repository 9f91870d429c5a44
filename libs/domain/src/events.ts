import { z } from 'zod';
import type { Recorded } from './envelope/envelope.schema.js';
import { ALERT_EVENT_SCHEMAS } from './alerts/alert.schema.js';
import { ApprovalRequested, ApprovalResolved } from './approvals/approval.schema.js';
import { CheckInHeld } from './check-ins/check-in.schema.js';
import { FeedbackGiven } from './feedback/feedback.schema.js';
import { PersonJoined, PersonLeft, PersonUpdated, ReportingLineChanged } from './org-structure/org-structure.schema.js';
import { OutcomeFramed, PlanDelegated, PlanOverridden, PlanReclaimed } from './outcomes/outcomes.schema.js';
import { DecisionMade } from './people-decisions/people-decision.schema.js';
import { SkipLevelDone } from './skip-levels/skip-level.schema.js';

/** The facts senders record about their org, listed explicitly (no registration by import side effect): each has a command the org decider checks. */
export const ORG_FACT_SCHEMAS = {
  PersonJoined,
  PersonUpdated,
  ReportingLineChanged,
  PersonLeft,
  OutcomeFramed,
  PlanDelegated,
  PlanReclaimed,
  PlanOverridden,
  CheckInHeld,
  FeedbackGiven,
  SkipLevelDone,
  ApprovalRequested,
  ApprovalResolved,
  DecisionMade,
} as const;

/** Every event type the store holds: the org's facts, and the alert lifecycle the engine records itself. */
export const EVENT_SCHEMAS = { ...ORG_FACT_SCHEMAS, ...ALERT_EVENT_SCHEMAS } as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type OrgFactType = keyof typeof ORG_FACT_SCHEMAS;
export const ORG_FACT_TYPES = Object.keys(ORG_FACT_SCHEMAS) as OrgFactType[];
export type AlertEventType = keyof typeof ALERT_EVENT_SCHEMAS;

export const IncomingEvent = z.discriminatedUnion(
  'type',
  Object.values(ORG_FACT_SCHEMAS) as unknown as [(typeof ORG_FACT_SCHEMAS)[OrgFactType], ...(typeof ORG_FACT_SCHEMAS)[OrgFactType][]],
);

/** An event as a sender submits it: a fact about the org. */
export type IncomingEvent = { [T in OrgFactType]: z.infer<(typeof ORG_FACT_SCHEMAS)[T]> }[OrgFactType];
/** A fact as the store holds it, in the org's stream. */
export type OrgEvent = Recorded<IncomingEvent>;
/** An alert's lifecycle as the store holds it, in the org's alerts stream. */
export type AlertEvent = Recorded<{ [T in AlertEventType]: z.infer<(typeof ALERT_EVENT_SCHEMAS)[T]> }[AlertEventType]>;
export type EventOf<T extends EventType> = Extract<OrgEvent | AlertEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_SCHEMAS, value);
}

export function isOrgFactType(value: unknown): value is OrgFactType {
  return typeof value === 'string' && Object.hasOwn(ORG_FACT_SCHEMAS, value);
}
