import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { instantOf, markNamed, requireActive, requireNew } from '../rules.js';

export function decideRecordPeopleDecision(command: CommandOf<'DecisionMade'>, state: OrgState): EventOf<'DecisionMade'> {
  const at = instantOf(command);
  const { decisionId, kind, subjectId, deciderId, approverIds } = command.data;
  requireNew(state.decisionIds, 'DECISION.ALREADY_RECORDED', 'decisionId', decisionId);
  requireActive(state, 'deciderId', deciderId, at);
  // The subject of a hire may join afterwards.
  if (kind !== 'hire') requireActive(state, 'subjectId', subjectId, at);
  approverIds.forEach((approverId, i) => requireActive(state, `approverIds.${i}`, approverId, at));
  return eventFor('DecisionMade', command);
}

export function evolveDecisionMade(state: OrgState, event: EventOf<'DecisionMade'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { decisionId, subjectId, deciderId, approverIds } = event.data;
  state.decisionIds.add(decisionId);
  for (const personId of [subjectId, deciderId, ...approverIds]) markNamed(state, personId, at);
  return state;
}
