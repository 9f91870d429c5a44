import { z } from 'zod';
import type { Recorded } from './envelope/envelope.schema.js';
import { ApprovalRequested, ApprovalResolved } from './approvals/approval.schema.js';
import { CheckInHeld } from './check-ins/check-in.schema.js';
import { FeedbackGiven } from './feedback/feedback.schema.js';
import { PersonJoined, PersonLeft, ReportingLineChanged } from './org-structure/org-structure.schema.js';
import { OutcomeFramed, PlanDelegated, PlanOverridden, PlanReclaimed } from './outcomes/outcomes.schema.js';
import { DecisionMade } from './people-decisions/people-decision.schema.js';
import { SkipLevelDone } from './skip-levels/skip-level.schema.js';

/** Every event type of the catalogue, listed explicitly (no registration by import side effect). */
export const EVENT_SCHEMAS = {
  PersonJoined,
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

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export const IncomingEvent = z.discriminatedUnion('type', Object.values(EVENT_SCHEMAS) as unknown as [
  (typeof EVENT_SCHEMAS)[EventType],
  ...(typeof EVENT_SCHEMAS)[EventType][],
]);

/** An event as a sender submits it. */
export type IncomingEvent = { [T in EventType]: z.infer<(typeof EVENT_SCHEMAS)[T]> }[EventType];
/** An event as the store holds it. */
export type OrgEvent = Recorded<IncomingEvent>;
export type EventOf<T extends EventType> = Extract<OrgEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_SCHEMAS, value);
}
