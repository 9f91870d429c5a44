import type { EventData, EventType } from '@orghealth/domain';

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
  | 'decisions';

export type Columns = Record<string, string | number | boolean | null | string[]>;

export interface EventRowProjection<T extends EventType> {
  table: FactTable;
  /** The table's own columns, from the event's parsed data; org_id, event_id, position and occurred_at are added for every table. */
  columns(data: EventData<T>): Columns;
}

/**
 * Where each event type lands. A Record over every EventType: a new type does
 * not compile until it has a table here (or, deliberately, in a new one), or
 * null for a type the analytics deliberately leave out.
 */
export const EVENT_ROWS: { [T in EventType]: EventRowProjection<T> | null } = {
  PersonJoined: {
    table: 'reporting_lines',
    columns: (d) => ({ person_id: d.personId, change: 'joined', manager_id: d.managerId ?? null }),
  },
  ReportingLineChanged: {
    table: 'reporting_lines',
    columns: (d) => ({ person_id: d.personId, change: 'moved', manager_id: d.managerId ?? null }),
  },
  PersonLeft: {
    table: 'reporting_lines',
    columns: (d) => ({ person_id: d.personId, change: 'left', manager_id: null }),
  },
  CheckInHeld: {
    table: 'check_ins',
    columns: (d) => ({
      check_in_id: d.checkInId,
      leader_id: d.leaderId,
      report_id: d.reportId,
      duration_minutes: d.durationMinutes,
      progress: d.progress ?? null,
    }),
  },
  FeedbackGiven: {
    table: 'feedback',
    columns: (d) => ({
      feedback_id: d.feedbackId,
      giver_id: d.giverId,
      receiver_id: d.receiverId,
      kind: d.kind,
      solicited: d.solicited,
    }),
  },
  SkipLevelDone: {
    table: 'skip_levels',
    columns: (d) => ({
      meeting_id: d.meetingId,
      leader_id: d.leaderId,
      report_id: d.reportId,
      manager_looped_in: d.managerLoopedIn,
    }),
  },
  OutcomeFramed: {
    table: 'outcomes',
    columns: (d) => ({ outcome_id: d.outcomeId, leader_id: d.leaderId, co_created_with: d.coCreatedWith }),
  },
  PlanDelegated: {
    table: 'plans_delegated',
    columns: (d) => ({
      plan_id: d.planId,
      outcome_id: d.outcomeId,
      delegator_id: d.delegatorId,
      owner_id: d.ownerId,
      decision_rights: d.decisionRights,
      budget_limit: d.budgetLimit ?? null,
    }),
  },
  PlanReclaimed: {
    table: 'plan_interventions',
    columns: (d) => ({ action: 'reclaimed', plan_id: d.planId, by_id: d.byId, aspect: null }),
  },
  PlanOverridden: {
    table: 'plan_interventions',
    columns: (d) => ({ action: 'overridden', plan_id: d.planId, by_id: d.byId, aspect: d.aspect }),
  },
  ApprovalRequested: {
    table: 'approval_requests',
    columns: (d) => ({ request_id: d.requestId, requester_id: d.requesterId, approver_id: d.approverId }),
  },
  ApprovalResolved: {
    table: 'approval_resolutions',
    columns: (d) => ({ request_id: d.requestId, outcome: d.outcome }),
  },
  DecisionMade: {
    table: 'decisions',
    columns: (d) => {
      const deciderId = d.deciderId;
      const approverIds = d.approverIds;
      return {
        decision_id: d.decisionId,
        kind: d.kind,
        subject_id: d.subjectId,
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
