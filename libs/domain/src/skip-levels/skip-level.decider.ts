import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { chainAt } from '../org-structure/org-structure.state.js';
import { instantOf, recordFact, requireActive, requireNew } from '../rules.js';
import { RuleViolation } from '../rule-violation.js';

export function decideRecordSkipLevel(command: CommandOf<'SkipLevelDone'>, state: OrgState): EventOf<'SkipLevelDone'> {
  const at = instantOf(command);
  const { meetingId, leaderId, reportId } = command.data;
  requireNew(state.meetingIds, 'SKIP_LEVEL.ALREADY_RECORDED', 'meetingId', meetingId);
  requireActive(state, 'leaderId', leaderId, at);
  requireActive(state, 'reportId', reportId, at);
  // Two or more levels down means the leader sits in the report's chain, above their manager.
  if (chainAt(state.structure, reportId, at.t).indexOf(leaderId) < 1) {
    throw new RuleViolation(
      'SKIP_LEVEL.NOT_TWO_LEVELS_BELOW',
      `reportId ${reportId} is not two levels below ${leaderId} at ${at.text}`,
      'data.reportId',
    );
  }
  return eventFor('SkipLevelDone', command);
}

export function evolveSkipLevelDone(state: OrgState, event: EventOf<'SkipLevelDone'>): OrgState {
  const { meetingId, leaderId, reportId } = event.data;
  return recordFact(state, state.meetingIds, meetingId, event.occurredAt, [leaderId, reportId]);
}
