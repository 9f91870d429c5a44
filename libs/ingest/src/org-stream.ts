import type { OrgEvent } from '@orghealth/domain';
import type { NewEvent, StoredEvent } from '@orghealth/event-store';

/** One stream per org: the org is the consistency boundary of every rule. */
export const orgStreamId = (orgId: string) => `org-${orgId}`;

export function toNewEvent(event: OrgEvent): NewEvent {
  const { eventId, type, orgId, occurredAt, recordedAt, schemaVersion, data, metadata } = event;
  return { eventId, type, orgId, occurredAt, recordedAt, schemaVersion, data, ...(metadata ? { metadata } : {}) };
}

/** Stored events of an org stream were validated on the way in. */
export function toOrgEvent(stored: StoredEvent): OrgEvent {
  const { eventId, type, orgId, occurredAt, recordedAt, schemaVersion, data, metadata } = stored;
  return { eventId, type, orgId, occurredAt, recordedAt, schemaVersion, data, ...(metadata ? { metadata } : {}) } as OrgEvent;
}
