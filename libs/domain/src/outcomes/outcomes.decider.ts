import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState, PlanState } from '../org.state.js';
import { chainAt, isActive } from '../org-structure/org-structure.state.js';
import { instantOf, markNamed, requireActive, requireDistinct, requireNew, type At } from '../rules.js';
import { RuleViolation } from '../rule-violation.js';

const iso = (t: number) => new Date(t).toISOString();

/** A plan that was delegated at or before `at`. */
export function requirePlan(state: OrgState, planId: string, at: At, field = 'planId'): PlanState {
  const plan = state.plans.get(planId);
  if (!plan || plan.delegatedAt > at.t) {
    throw new RuleViolation('PLAN.NOT_FOUND', `${field} ${planId} was not delegated at or before ${at.text}`, `data.${field}`);
  }
  return plan;
}

export function decideFrameOutcome(command: CommandOf<'OutcomeFramed'>, state: OrgState): EventOf<'OutcomeFramed'> {
  const at = instantOf(command);
  const { outcomeId, leaderId, coCreatedWith } = command.data;
  requireNew(state.outcomes, 'OUTCOME.ALREADY_FRAMED', 'outcomeId', outcomeId);
  requireActive(state, 'leaderId', leaderId, at);
  for (const [i, personId] of coCreatedWith.entries()) requireActive(state, `coCreatedWith.${i}`, personId, at);
  return eventFor('OutcomeFramed', command);
}

export function decideDelegatePlan(command: CommandOf<'PlanDelegated'>, state: OrgState): EventOf<'PlanDelegated'> {
  const at = instantOf(command);
  const { planId, outcomeId, delegatorId, ownerId } = command.data;
  requireNew(state.plans, 'PLAN.ALREADY_DELEGATED', 'planId', planId);
  const outcome = state.outcomes.get(outcomeId);
  if (!outcome || outcome.framedAt > at.t) {
    throw new RuleViolation('OUTCOME.NOT_FOUND', `outcomeId ${outcomeId} was not framed at or before ${at.text}`, 'data.outcomeId');
  }
  requireDistinct('PLAN.SELF_DELEGATION', 'delegatorId', delegatorId, 'ownerId', ownerId);
  requireActive(state, 'delegatorId', delegatorId, at);
  requireActive(state, 'ownerId', ownerId, at);
  return eventFor('PlanDelegated', command);
}

export function decideReclaimPlan(command: CommandOf<'PlanReclaimed'>, state: OrgState): EventOf<'PlanReclaimed'> {
  const at = instantOf(command);
  const { planId, byId } = command.data;
  const plan = requirePlan(state, planId, at);
  requireActive(state, 'byId', byId, at);
  if (byId !== plan.delegatorId) {
    throw new RuleViolation(
      'PLAN.NOT_DELEGATOR',
      `byId ${byId} did not delegate plan ${planId} (${plan.delegatorId} did); only the delegator takes a plan back`,
      'data.byId',
    );
  }
  if (plan.reclaimedAt !== null) {
    throw new RuleViolation('PLAN.ALREADY_RECLAIMED', `plan ${planId} was already reclaimed at ${iso(plan.reclaimedAt)}`, 'data.planId');
  }
  return eventFor('PlanReclaimed', command);
}

export function decideOverridePlan(command: CommandOf<'PlanOverridden'>, state: OrgState): EventOf<'PlanOverridden'> {
  const at = instantOf(command);
  const { planId, byId, aspect } = command.data;
  const plan = requirePlan(state, planId, at);
  requireActive(state, 'byId', byId, at);
  if (plan.reclaimedAt !== null && plan.reclaimedAt <= at.t) {
    throw new RuleViolation(
      'PLAN.RECLAIMED',
      `plan ${planId} was reclaimed at ${iso(plan.reclaimedAt)}; its owner no longer decides`,
      'data.planId',
    );
  }
  if (!plan.decisionRights.includes(aspect)) {
    throw new RuleViolation(
      'PLAN.ASPECT_NOT_DELEGATED',
      `aspect ${aspect} is not among the decision rights of plan ${planId} (${plan.decisionRights.join(', ')})`,
      'data.aspect',
    );
  }
  // An owner who is not in the org at that instant has nobody above them (their last reporting line is history).
  const ownerActive = isActive(state.structure, plan.ownerId, at.t);
  if (!ownerActive || !chainAt(state.structure, plan.ownerId, at.t).includes(byId)) {
    throw new RuleViolation(
      'PLAN.OVERRIDER_NOT_ABOVE_OWNER',
      `byId ${byId} is not above the plan's owner ${plan.ownerId} at ${at.text}${ownerActive ? '' : ` (${plan.ownerId} is not active then)`}`,
      'data.byId',
    );
  }
  return eventFor('PlanOverridden', command);
}

export function evolveOutcomeFramed(state: OrgState, event: EventOf<'OutcomeFramed'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { outcomeId, leaderId, coCreatedWith } = event.data;
  state.outcomes.set(outcomeId, { leaderId, framedAt: at });
  markNamed(state, leaderId, at);
  for (const personId of coCreatedWith) markNamed(state, personId, at);
  return state;
}

export function evolvePlanDelegated(state: OrgState, event: EventOf<'PlanDelegated'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { planId, delegatorId, ownerId, decisionRights } = event.data;
  state.plans.set(planId, { delegatorId, ownerId, decisionRights, delegatedAt: at, reclaimedAt: null });
  markNamed(state, delegatorId, at);
  markNamed(state, ownerId, at);
  return state;
}

export function evolvePlanReclaimed(state: OrgState, event: EventOf<'PlanReclaimed'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const plan = state.plans.get(event.data.planId);
  if (plan) plan.reclaimedAt = at;
  markNamed(state, event.data.byId, at);
  return state;
}

export function evolvePlanOverridden(state: OrgState, event: EventOf<'PlanOverridden'>): OrgState {
  markNamed(state, event.data.byId, Date.parse(event.occurredAt));
  return state;
}
