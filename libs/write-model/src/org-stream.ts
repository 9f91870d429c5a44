import { evolve, initialOrgState, parseStoredOrgEvent, type OrgEvent, type OrgState } from '@orghealth/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@orghealth/event-store';
import type { StreamModel } from './pipeline/stream-runner.js';

/** One stream per org: the org is the consistency boundary of every rule. */
export const orgStreamId = (orgId: string) => `org-${orgId}`;

/**
 * The org's facts as the pipeline runs them. A duplicate eventId counts as a
 * lost race too: another writer recorded the same event first, and deciding
 * again reports it as a duplicate.
 */
export const ORG_STREAM: StreamModel<OrgState, OrgEvent> = {
  streamId: orgStreamId,
  initialState: initialOrgState,
  evolve: (state, event) => void evolve(state, event),
  read: parseStoredOrgEvent,
  lostRace: (error) => error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError,
};
