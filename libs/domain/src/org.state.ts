import type { DecisionRight } from './outcomes/outcomes.schema.js';
import { emptyOrgStructure, type OrgStructure } from './org-structure/org-structure.state.js';

export interface OutcomeState {
  leaderId: string;
  framedAt: number;
}

export interface PlanState {
  delegatorId: string;
  ownerId: string;
  decisionRights: readonly DecisionRight[];
  delegatedAt: number;
  reclaimedAt: number | null;
}

export interface ApprovalState {
  requesterId: string;
  approverId: string;
  requestedAt: number;
  resolvedAt: number | null;
}

/**
 * What the rules of one org need to know. The org is the consistency
 * boundary: every rule reads its reporting lines.
 *
 * `evolve` mutates this state in place and returns it: folding a
 * million-event org cannot afford a copy per event. Deciders only read it.
 */
export interface OrgState {
  structure: OrgStructure;
  outcomes: Map<string, OutcomeState>;
  plans: Map<string, PlanState>;
  approvals: Map<string, ApprovalState>;
  /** Ids of facts that nothing refers back to, kept so a fact is not recorded twice under a new eventId. */
  checkInIds: Set<string>;
  feedbackIds: Set<string>;
  meetingIds: Set<string>;
  decisionIds: Set<string>;
}

export function initialOrgState(): OrgState {
  return {
    structure: emptyOrgStructure(),
    outcomes: new Map(),
    plans: new Map(),
    approvals: new Map(),
    checkInIds: new Set(),
    feedbackIds: new Set(),
    meetingIds: new Set(),
    decisionIds: new Set(),
  };
}
