import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { instantOf, recordFact, requireActive, requireNew } from '../rules.js';

export function decideRecordPeopleDecision(command: CommandOf<'DecisionMade'>, state: OrgState): EventOf<'DecisionMade'> {
  const at = instantOf(command);
  const { decisionId, kind, subjectId, deciderId, approverIds } = command.data;
  requireNew(state.decisionIds, 'DECISION.ALREADY_RECORDED', 'decisionId', decisionId);
  requireActive(state, 'deciderId', deciderId, at);
  // The subject of a hire may join afterwards.
  if (kind !== 'hire') requireActive(state, 'subjectId', subjectId, at);
  for (const [i, approverId] of approverIds.entries()) requireActive(state, `approverIds.${i}`, approverId, at);
  return eventFor('DecisionMade', command);
}

export function evolveDecisionMade(state: OrgState, event: EventOf<'DecisionMade'>): OrgState {
  const { decisionId, subjectId, deciderId, approverIds } = event.data;
  return recordFact(state, state.decisionIds, decisionId, event.occurredAt, [subjectId, deciderId, ...approverIds]);
}
