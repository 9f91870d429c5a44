import type { OrgEvent } from '@orghealth/domain';
import type { NewEvent, StoredEvent } from '@orghealth/event-store';

/** One stream per org: the org is the consistency boundary of every rule. */
export const orgStreamId = (orgId: string) => `org-${orgId}`;

/** An org event is already what the store keeps: no copy on the hot path. */
export const toNewEvent = (event: OrgEvent): NewEvent => event;

/** Stored events of an org stream were validated on the way in; their extra store fields are harmless to readers. */
export const toOrgEvent = (stored: StoredEvent): OrgEvent => stored as unknown as OrgEvent;
