import {
  decideRequestApproval,
  decideResolveApproval,
  evolveApprovalRequested,
  evolveApprovalResolved,
} from './approvals/approval.decider.js';
import { decideRecordCheckIn, evolveCheckInHeld } from './check-ins/check-in.decider.js';
import type { OrgCommand } from './commands.js';
import type { OrgEvent } from './events.js';
import { decideGiveFeedback, evolveFeedbackGiven } from './feedback/feedback.decider.js';
import { initialOrgState, type OrgState } from './org.state.js';
import {
  decideAddPerson,
  decideChangeReportingLine,
  decideRemovePerson,
  decideUpdatePerson,
  evolvePersonJoined,
  evolvePersonLeft,
  evolvePersonUpdated,
  evolveReportingLineChanged,
} from './org-structure/org-structure.decider.js';
import {
  decideDelegatePlan,
  decideFrameOutcome,
  decideOverridePlan,
  decideReclaimPlan,
  evolveOutcomeFramed,
  evolvePlanDelegated,
  evolvePlanOverridden,
  evolvePlanReclaimed,
} from './outcomes/outcomes.decider.js';
import { decideRecordPeopleDecision, evolveDecisionMade } from './people-decisions/people-decision.decider.js';
import { RuleViolation } from './rule-violation.js';
import { decideRecordSkipLevel, evolveSkipLevelDone } from './skip-levels/skip-level.decider.js';

/** How far ahead of the engine's clock an occurredAt may be: facts are about the past, clocks drift. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function decide(command: OrgCommand, state: OrgState): OrgEvent[] {
  if (Date.parse(command.occurredAt) > Date.parse(command.recordedAt) + MAX_CLOCK_SKEW_MS) {
    throw new RuleViolation(
      'EVENT.IN_THE_FUTURE',
      `occurredAt ${command.occurredAt} is after the time it was recorded (${command.recordedAt})`,
      'occurredAt',
    );
  }
  switch (command.type) {
    case 'AddPerson':
      return [decideAddPerson(command, state)];
    case 'UpdatePerson':
      return [decideUpdatePerson(command, state)];
    case 'ChangeReportingLine':
      return [decideChangeReportingLine(command, state)];
    case 'RemovePerson':
      return [decideRemovePerson(command, state)];
    case 'FrameOutcome':
      return [decideFrameOutcome(command, state)];
    case 'DelegatePlan':
      return [decideDelegatePlan(command, state)];
    case 'ReclaimPlan':
      return [decideReclaimPlan(command, state)];
    case 'OverridePlan':
      return [decideOverridePlan(command, state)];
    case 'RecordCheckIn':
      return [decideRecordCheckIn(command, state)];
    case 'GiveFeedback':
      return [decideGiveFeedback(command, state)];
    case 'RecordSkipLevel':
      return [decideRecordSkipLevel(command, state)];
    case 'RequestApproval':
      return [decideRequestApproval(command, state)];
    case 'ResolveApproval':
      return [decideResolveApproval(command, state)];
    case 'RecordPeopleDecision':
      return [decideRecordPeopleDecision(command, state)];
    default: {
      const exhaustive: never = command;
      throw new Error(`unhandled command ${JSON.stringify(exhaustive)}`);
    }
  }
}

export function evolve(state: OrgState, event: OrgEvent): OrgState {
  switch (event.type) {
    case 'PersonJoined':
      return evolvePersonJoined(state, event);
    case 'PersonUpdated':
      return evolvePersonUpdated(state, event);
    case 'ReportingLineChanged':
      return evolveReportingLineChanged(state, event);
    case 'PersonLeft':
      return evolvePersonLeft(state, event);
    case 'OutcomeFramed':
      return evolveOutcomeFramed(state, event);
    case 'PlanDelegated':
      return evolvePlanDelegated(state, event);
    case 'PlanReclaimed':
      return evolvePlanReclaimed(state, event);
    case 'PlanOverridden':
      return evolvePlanOverridden(state, event);
    case 'CheckInHeld':
      return evolveCheckInHeld(state, event);
    case 'FeedbackGiven':
      return evolveFeedbackGiven(state, event);
    case 'SkipLevelDone':
      return evolveSkipLevelDone(state, event);
    case 'ApprovalRequested':
      return evolveApprovalRequested(state, event);
    case 'ApprovalResolved':
      return evolveApprovalResolved(state, event);
    case 'DecisionMade':
      return evolveDecisionMade(state, event);
    default: {
      const exhaustive: never = event;
      throw new Error(`unhandled event ${JSON.stringify(exhaustive)}`);
    }
  }
}

export const orgDecider = { decide, evolve, initialState: initialOrgState };
