import type { EventType } from '../events.js';

/** A rule the engine checks before recording an event: the code a refusal names (422 `rule`) and when it applies. */
export interface EventRule {
  code: string;
  refusedWhen: string;
}

export interface EventEntry {
  /** The practice or fact the event records, for users. */
  meaning: string;
  rules: readonly EventRule[];
  /** Person fields exempt from PERSON.NOT_ACTIVE, and why. */
  exempt?: string;
}

/** Rules every fact a sender records is checked against, whatever its type. */
export const COMMON_RULES: readonly EventRule[] = [
  { code: 'EVENT.IN_THE_FUTURE', refusedWhen: "`occurredAt` is more than 5 minutes after the engine's clock when the event arrives" },
  {
    code: 'PERSON.NOT_ACTIVE',
    refusedWhen:
      'a field naming a person names someone not active at `occurredAt` (between their `PersonJoined` and `PersonLeft`); the exceptions are said with each type',
  },
];

/**
 * What each event type means and the rules its decider checks, written for
 * users. A Record over every event type: a new type does not compile until it
 * is described here, and a test keeps the codes equal to the deciders' own.
 */
export const EVENT_CATALOGUE: Record<EventType, EventEntry> = {
  PersonJoined: {
    meaning: 'A person joins the org, under a manager or at its top. A person may leave and join again later.',
    exempt: '`personId` is the person joining: they must not be active yet',
    rules: [
      { code: 'STRUCTURE.ALREADY_ACTIVE', refusedWhen: 'the person is already active at `occurredAt`' },
      {
        code: 'STRUCTURE.LATER_JOIN_EXISTS',
        refusedWhen: 'the person already joined at a later instant: a back-filled join would overlap it',
      },
      { code: 'STRUCTURE.SELF_MANAGED', refusedWhen: '`managerId` is the person themselves' },
      { code: 'STRUCTURE.MANAGER_LEAVES', refusedWhen: 'the manager leaves while the person would still report to them' },
      { code: 'STRUCTURE.CYCLE', refusedWhen: 'the manager reports, directly or not, to the person at any instant the line would hold' },
      {
        code: 'PERSON.EMAIL_TAKEN',
        refusedWhen: '`email` is the email of another person active at `occurredAt` (compared case-insensitively)',
      },
    ],
  },
  PersonUpdated: {
    meaning: "Some of a person's details change: name, title, email or attributes (merged key by key; a key set to `null` is removed).",
    rules: [
      { code: 'PERSON.NOT_ACTIVE', refusedWhen: 'the person is not active at `occurredAt`' },
      { code: 'PERSON.EMAIL_TAKEN', refusedWhen: '`email` is the email of another person active while it would apply' },
      { code: 'PERSON.TOO_MANY_ATTRIBUTES', refusedWhen: 'the merged attributes would hold more than 20 keys' },
    ],
  },
  ReportingLineChanged: {
    meaning: 'A person moves to another manager, or to the top of the org (`managerId: null`).',
    rules: [
      { code: 'STRUCTURE.SELF_MANAGED', refusedWhen: '`managerId` is the person themselves' },
      { code: 'STRUCTURE.MANAGER_LEAVES', refusedWhen: 'the new manager leaves while the person would still report to them' },
      {
        code: 'STRUCTURE.CYCLE',
        refusedWhen:
          'the new manager reports, directly or not, to the person at any instant the line would hold (back-filled changes are checked against every later one)',
      },
    ],
  },
  PersonLeft: {
    meaning: 'A person leaves the org.',
    rules: [
      { code: 'STRUCTURE.ALREADY_LEFT', refusedWhen: 'the person already left after `occurredAt` (a later `PersonLeft` is recorded)' },
      {
        code: 'STRUCTURE.HAS_DIRECT_REPORTS',
        refusedWhen: 'the person still has direct reports at `occurredAt`: move them first (the message lists them)',
      },
      { code: 'STRUCTURE.NAMED_AFTER_LEAVING', refusedWhen: 'an event already recorded names the person at or after `occurredAt`' },
    ],
  },
  OutcomeFramed: {
    meaning: 'A leader frames an outcome: what a win looks like, ideally co-created with the managers who will own it.',
    rules: [{ code: 'OUTCOME.ALREADY_FRAMED', refusedWhen: '`outcomeId` is already recorded' }],
  },
  PlanDelegated: {
    meaning: 'A leader hands a plan towards an outcome to an owner, with the decision rights the owner now holds.',
    rules: [
      { code: 'PLAN.ALREADY_DELEGATED', refusedWhen: '`planId` is already recorded' },
      { code: 'OUTCOME.NOT_FOUND', refusedWhen: 'the outcome was not framed at or before `occurredAt`' },
      { code: 'PLAN.SELF_DELEGATION', refusedWhen: '`ownerId` is the delegator' },
    ],
  },
  PlanReclaimed: {
    meaning: 'The delegator takes a plan back: a signal of not letting go.',
    rules: [
      { code: 'PLAN.NOT_FOUND', refusedWhen: 'the plan was not delegated at or before `occurredAt`' },
      { code: 'PLAN.NOT_DELEGATOR', refusedWhen: '`byId` is not the person who delegated the plan' },
      { code: 'PLAN.ALREADY_RECLAIMED', refusedWhen: 'the plan was reclaimed already' },
    ],
  },
  PlanOverridden: {
    meaning: "Someone above the plan's owner overrides a decision the owner had the right to make.",
    rules: [
      { code: 'PLAN.NOT_FOUND', refusedWhen: 'the plan was not delegated at or before `occurredAt`' },
      { code: 'PLAN.RECLAIMED', refusedWhen: 'the plan was reclaimed at or before `occurredAt`: its owner no longer decides' },
      { code: 'PLAN.ASPECT_NOT_DELEGATED', refusedWhen: '`aspect` is not among the decision rights of the plan' },
      {
        code: 'PLAN.OVERRIDER_NOT_ABOVE_OWNER',
        refusedWhen: "`byId` is not in the owner's management chain at `occurredAt` (or the owner is not active then)",
      },
    ],
  },
  CheckInHeld: {
    meaning: 'A leader and one of their people hold a 1:1, possibly about plans and how they are going.',
    rules: [
      { code: 'CHECK_IN.ALREADY_RECORDED', refusedWhen: '`checkInId` is already recorded' },
      { code: 'CHECK_IN.WITH_ONESELF', refusedWhen: '`reportId` is the leader' },
      { code: 'PLAN.NOT_FOUND', refusedWhen: 'a plan in `planIds` was not delegated at or before `occurredAt`' },
    ],
  },
  FeedbackGiven: {
    meaning: 'Someone gives another person feedback, asked for or not, in either direction of the org chart.',
    rules: [
      { code: 'FEEDBACK.ALREADY_RECORDED', refusedWhen: '`feedbackId` is already recorded' },
      { code: 'FEEDBACK.TO_ONESELF', refusedWhen: '`receiverId` is the giver' },
    ],
  },
  SkipLevelDone: {
    meaning: "A leader meets someone two or more levels below them, and says whether the person's manager was looped in afterwards.",
    rules: [
      { code: 'SKIP_LEVEL.ALREADY_RECORDED', refusedWhen: '`meetingId` is already recorded' },
      { code: 'SKIP_LEVEL.NOT_TWO_LEVELS_BELOW', refusedWhen: '`reportId` is not at least two levels below `leaderId` at `occurredAt`' },
    ],
  },
  ApprovalRequested: {
    meaning: 'Work waits on someone: a request for approval.',
    rules: [
      { code: 'APPROVAL.ALREADY_REQUESTED', refusedWhen: '`requestId` is already recorded' },
      { code: 'APPROVAL.FROM_ONESELF', refusedWhen: '`approverId` is the requester' },
    ],
  },
  ApprovalResolved: {
    meaning: 'The wait ends: the request is granted or declined.',
    rules: [
      { code: 'APPROVAL.NOT_FOUND', refusedWhen: 'the request was not made at or before `occurredAt`' },
      { code: 'APPROVAL.ALREADY_RESOLVED', refusedWhen: 'the request was resolved already' },
    ],
  },
  DecisionMade: {
    meaning: 'A people decision (hire, promotion, pay change, termination). It is unilateral when nobody but the decider approved it.',
    exempt: 'the `subjectId` of a `hire` may join after the decision',
    rules: [{ code: 'DECISION.ALREADY_RECORDED', refusedWhen: '`decisionId` is already recorded' }],
  },
  AlertOpened: {
    meaning: 'Recorded by the engine, never sent: an alert rule holds for a manager who had no open alert of that rule.',
    rules: [
      { code: 'ALERT.OUT_OF_ORDER', refusedWhen: "the evaluation's instant is before the org's last alert transition" },
      { code: 'ALERT.TWICE_IN_ONE_EVALUATION', refusedWhen: 'one evaluation finds the same rule for the same manager twice' },
    ],
  },
  AlertUpdated: {
    meaning: 'Recorded by the engine: the open alert still holds and its signals changed (which fired, or a measured value).',
    rules: [{ code: 'ALERT.OUT_OF_ORDER', refusedWhen: "the evaluation's instant is before the org's last alert transition" }],
  },
  AlertAcknowledged: {
    meaning:
      'The authenticated caller acknowledged an open alert (`POST …/alerts/{alertId}/acknowledge`); it still updates and resolves on its own. The note is sealed with the key of the person the alert is about.',
    rules: [
      { code: 'ALERT.NOT_FOUND', refusedWhen: 'the org has no such alert' },
      { code: 'ALERT.SUBJECT_CANNOT_ACKNOWLEDGE', refusedWhen: 'the caller is the person the alert is about' },
      { code: 'ALERT.RESOLVED', refusedWhen: 'the alert is resolved' },
      { code: 'ALERT.ALREADY_ACKNOWLEDGED', refusedWhen: 'the alert was acknowledged already' },
      { code: 'ALERT.OUT_OF_ORDER', refusedWhen: "the acknowledgement's instant is before the org's last alert transition" },
    ],
  },
  AlertResolved: {
    meaning: 'Recorded by the engine: the rule no longer holds for the manager at an evaluation.',
    rules: [{ code: 'ALERT.OUT_OF_ORDER', refusedWhen: "the evaluation's instant is before the org's last alert transition" }],
  },
};
