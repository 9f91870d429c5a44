import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { requirePlan } from '../outcomes/outcomes.decider.js';
import { instantOf, recordFact, requireActive, requireDistinct, requireNew } from '../rules.js';

export function decideRecordCheckIn(command: CommandOf<'CheckInHeld'>, state: OrgState): EventOf<'CheckInHeld'> {
  const at = instantOf(command);
  const { checkInId, leaderId, reportId, planIds = [] } = command.data;
  requireNew(state.checkInIds, 'CHECK_IN.ALREADY_RECORDED', 'checkInId', checkInId);
  requireDistinct('CHECK_IN.WITH_ONESELF', 'leaderId', leaderId, 'reportId', reportId);
  requireActive(state, 'leaderId', leaderId, at);
  requireActive(state, 'reportId', reportId, at);
  for (const [i, planId] of planIds.entries()) requirePlan(state, planId, at, `planIds.${i}`);
  return eventFor('CheckInHeld', command);
}

export function evolveCheckInHeld(state: OrgState, event: EventOf<'CheckInHeld'>): OrgState {
  const { checkInId, leaderId, reportId } = event.data;
  return recordFact(state, state.checkInIds, checkInId, event.occurredAt, [leaderId, reportId]);
}
