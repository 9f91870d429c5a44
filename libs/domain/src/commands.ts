import type { IncomingEvent, OrgEvent, OrgFactType } from './events.js';

/** Each event has one command that asks for it. */
export const COMMAND_FOR_EVENT = {
  PersonJoined: 'AddPerson',
  PersonUpdated: 'UpdatePerson',
  ReportingLineChanged: 'ChangeReportingLine',
  PersonLeft: 'RemovePerson',
  OutcomeFramed: 'FrameOutcome',
  PlanDelegated: 'DelegatePlan',
  PlanReclaimed: 'ReclaimPlan',
  PlanOverridden: 'OverridePlan',
  CheckInHeld: 'RecordCheckIn',
  FeedbackGiven: 'GiveFeedback',
  SkipLevelDone: 'RecordSkipLevel',
  ApprovalRequested: 'RequestApproval',
  ApprovalResolved: 'ResolveApproval',
  DecisionMade: 'RecordPeopleDecision',
} as const satisfies Record<OrgFactType, string>;

type CommandFor<T extends OrgFactType> = Omit<Extract<IncomingEvent, { type: T }>, 'type' | 'recordedAt'> & {
  type: (typeof COMMAND_FOR_EVENT)[T];
  /** The engine's clock when the command arrived; time enters the domain only here. */
  recordedAt: string;
};

export type OrgCommand = { [T in OrgFactType]: CommandFor<T> }[OrgFactType];
export type CommandOf<T extends OrgFactType> = CommandFor<T>;

export function commandFor(event: IncomingEvent, recordedAt: string): OrgCommand {
  // Spread, not rest-destructuring: this runs for every line of a million-line import.
  return { ...event, type: COMMAND_FOR_EVENT[event.type], recordedAt } as OrgCommand;
}

/** The event a command asks for, as it will be recorded. */
export function eventFor<T extends OrgFactType>(type: T, command: CommandFor<T>): Extract<OrgEvent, { type: T }> {
  return { ...command, type } as unknown as Extract<OrgEvent, { type: T }>;
}
