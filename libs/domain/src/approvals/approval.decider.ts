import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { instantOf, markNamed, requireActive, requireDistinct, requireNew } from '../rules.js';
import { RuleViolation } from '../rule-violation.js';

export function decideRequestApproval(command: CommandOf<'ApprovalRequested'>, state: OrgState): EventOf<'ApprovalRequested'> {
  const at = instantOf(command);
  const { requestId, requesterId, approverId } = command.data;
  requireNew(state.approvals, 'APPROVAL.ALREADY_REQUESTED', 'requestId', requestId);
  requireDistinct('APPROVAL.FROM_ONESELF', 'requesterId', requesterId, 'approverId', approverId);
  requireActive(state, 'requesterId', requesterId, at);
  requireActive(state, 'approverId', approverId, at);
  return eventFor('ApprovalRequested', command);
}

export function decideResolveApproval(command: CommandOf<'ApprovalResolved'>, state: OrgState): EventOf<'ApprovalResolved'> {
  const at = instantOf(command);
  const { requestId } = command.data;
  const request = state.approvals.get(requestId);
  if (!request || request.requestedAt > at.t) {
    throw new RuleViolation('APPROVAL.NOT_FOUND', `requestId ${requestId} was not requested at or before ${at.text}`, 'data.requestId');
  }
  if (request.resolvedAt !== null) {
    throw new RuleViolation(
      'APPROVAL.ALREADY_RESOLVED',
      `requestId ${requestId} was already resolved at ${new Date(request.resolvedAt).toISOString()}`,
      'data.requestId',
    );
  }
  return eventFor('ApprovalResolved', command);
}

export function evolveApprovalRequested(state: OrgState, event: EventOf<'ApprovalRequested'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { requestId, requesterId, approverId } = event.data;
  state.approvals.set(requestId, { requesterId, approverId, requestedAt: at, resolvedAt: null });
  markNamed(state, requesterId, at);
  markNamed(state, approverId, at);
  return state;
}

export function evolveApprovalResolved(state: OrgState, event: EventOf<'ApprovalResolved'>): OrgState {
  const request = state.approvals.get(event.data.requestId);
  if (request) request.resolvedAt = Date.parse(event.occurredAt);
  return state;
}
