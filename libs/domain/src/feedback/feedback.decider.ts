import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { instantOf, recordFact, requireActive, requireDistinct, requireNew } from '../rules.js';

export function decideGiveFeedback(command: CommandOf<'FeedbackGiven'>, state: OrgState): EventOf<'FeedbackGiven'> {
  const at = instantOf(command);
  const { feedbackId, giverId, receiverId } = command.data;
  requireNew(state.feedbackIds, 'FEEDBACK.ALREADY_RECORDED', 'feedbackId', feedbackId);
  requireDistinct('FEEDBACK.TO_ONESELF', 'giverId', giverId, 'receiverId', receiverId);
  requireActive(state, 'giverId', giverId, at);
  requireActive(state, 'receiverId', receiverId, at);
  return eventFor('FeedbackGiven', command);
}

export function evolveFeedbackGiven(state: OrgState, event: EventOf<'FeedbackGiven'>): OrgState {
  const { feedbackId, giverId, receiverId } = event.data;
  return recordFact(state, state.feedbackIds, feedbackId, event.occurredAt, [giverId, receiverId]);
}
