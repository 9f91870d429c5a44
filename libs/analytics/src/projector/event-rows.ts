import type { EventType } from '@orghealth/domain';
import type { EventFields } from './event-fields.js';

/** The tables the projector writes, one per practice plus the reporting-line history. */
export type FactTable =
  | 'reporting_lines'
  | 'check_ins'
  | 'feedback'
  | 'skip_levels'
  | 'outcomes'
  | 'plans_delegated'
  | 'plan_interventions'
  | 'approval_requests'
  | 'approval_resolutions'
  | 'decisions'
  | 'person_attributes';

export type Columns = Record<string, string | number | boolean | null | string[] | Record<string, string>>;

export interface EventRowProjection {
  table: FactTable;
  /** Whether the event has a row in this table; every event of the type when absent. */
  when?(fields: EventFields): boolean;
  /** The table's own columns; org_id, event_id, position and occurred_at are added for every table. */
  columns(fields: EventFields): Columns;
}

/** A join's or an update's attributes, for the events that carry any. */
const attributeRows = (change: 'joined' | 'updated'): EventRowProjection => ({
  table: 'person_attributes',
  when: (f) => f.has('attributes'),
  columns: (f) => {
    const attributes = f.textMap('attributes');
    return {
      person_id: f.text('personId'),
      change,
      attributes: Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== null)),
      removed: Object.keys(attributes).filter((key) => attributes[key] === null),
    };
  },
});

/**
 * Where each event type lands. A Record over every EventType: a new type does
 * not compile until it has a table here (or, deliberately, in a new one), or
 * null for a type the analytics deliberately leave out. A join lands in two
 * tables when it carries attributes.
 */
export const EVENT_ROWS: Record<EventType, EventRowProjection | readonly EventRowProjection[] | null> = {
  PersonJoined: [
    {
      table: 'reporting_lines',
      columns: (f) => ({ person_id: f.text('personId'), change: 'joined', manager_id: f.optionalText('managerId') }),
    },
    attributeRows('joined'),
  ],
  // Names, titles and emails are personal data and stay out of the analytics: only attributes are projected.
  PersonUpdated: attributeRows('updated'),
  ReportingLineChanged: {
    table: 'reporting_lines',
    columns: (f) => ({ person_id: f.text('personId'), change: 'moved', manager_id: f.optionalText('managerId') }),
  },
  PersonLeft: {
    table: 'reporting_lines',
    columns: (f) => ({ person_id: f.text('personId'), change: 'left', manager_id: null }),
  },
  CheckInHeld: {
    table: 'check_ins',
    columns: (f) => ({
      check_in_id: f.text('checkInId'),
      leader_id: f.text('leaderId'),
      report_id: f.text('reportId'),
      duration_minutes: f.integer('durationMinutes', 1, 480),
      progress: f.optionalText('progress'),
    }),
  },
  FeedbackGiven: {
    table: 'feedback',
    columns: (f) => ({
      feedback_id: f.text('feedbackId'),
      giver_id: f.text('giverId'),
      receiver_id: f.text('receiverId'),
      kind: f.text('kind'),
      solicited: f.flag('solicited'),
    }),
  },
  SkipLevelDone: {
    table: 'skip_levels',
    columns: (f) => ({
      meeting_id: f.text('meetingId'),
      leader_id: f.text('leaderId'),
      report_id: f.text('reportId'),
      manager_looped_in: f.flag('managerLoopedIn'),
    }),
  },
  OutcomeFramed: {
    table: 'outcomes',
    columns: (f) => ({ outcome_id: f.text('outcomeId'), leader_id: f.text('leaderId'), co_created_with: f.texts('coCreatedWith') }),
  },
  PlanDelegated: {
    table: 'plans_delegated',
    columns: (f) => ({
      plan_id: f.text('planId'),
      outcome_id: f.text('outcomeId'),
      delegator_id: f.text('delegatorId'),
      owner_id: f.text('ownerId'),
      decision_rights: f.texts('decisionRights'),
      budget_limit: f.optionalNumber('budgetLimit'),
    }),
  },
  PlanReclaimed: {
    table: 'plan_interventions',
    columns: (f) => ({ action: 'reclaimed', plan_id: f.text('planId'), by_id: f.text('byId'), aspect: null }),
  },
  PlanOverridden: {
    table: 'plan_interventions',
    columns: (f) => ({ action: 'overridden', plan_id: f.text('planId'), by_id: f.text('byId'), aspect: f.text('aspect') }),
  },
  ApprovalRequested: {
    table: 'approval_requests',
    columns: (f) => ({ request_id: f.text('requestId'), requester_id: f.text('requesterId'), approver_id: f.text('approverId') }),
  },
  ApprovalResolved: {
    table: 'approval_resolutions',
    columns: (f) => ({ request_id: f.text('requestId'), outcome: f.text('outcome') }),
  },
  DecisionMade: {
    table: 'decisions',
    columns: (f) => {
      const deciderId = f.text('deciderId');
      const approverIds = f.texts('approverIds');
      return {
        decision_id: f.text('decisionId'),
        kind: f.text('kind'),
        subject_id: f.text('subjectId'),
        decider_id: deciderId,
        approver_ids: approverIds,
        unilateral: approverIds.every((id) => id === deciderId),
      };
    },
  },
  // The alert lifecycle is read from its own event stream (libs/alerts), and no metric needs it: skipped, not dead-lettered.
  AlertOpened: null,
  AlertUpdated: null,
  AlertAcknowledged: null,
  AlertResolved: null,
};
