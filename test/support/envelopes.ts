import type { IncomingEvent, OrgEvent } from '@orghealth/domain';

/** What a sender posts for a built event: the envelope without the engine's recordedAt, for the given org. */
export function envelope(event: OrgEvent, orgId: string): IncomingEvent {
  const { recordedAt: _engineSets, ...incoming } = event;
  return { ...incoming, orgId } as IncomingEvent;
}
