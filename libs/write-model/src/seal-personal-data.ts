import { PERSONAL_FIELDS, type IncomingEvent } from '@orghealth/domain';

/** Where each person's key lives: the personal data vault of the API process. */
export interface PersonalDataKeys {
  /** Creates the keys these people do not have yet, in one go. */
  ensureKeys(orgId: string, personIds: Iterable<string>): void;
  seal(orgId: string, personId: string, text: string): string;
}

/**
 * The pipeline step between validation and the decision: turns an org's
 * events into what may be stored. Chosen once, where the writer is built.
 */
export type PersonalDataStep = (orgId: string, events: readonly IncomingEvent[]) => readonly IncomingEvent[];

/** Seals every personal field with its owner's key, so that the event store never holds one in clear: destroying the key erases it. */
export function sealPersonalData(keys: PersonalDataKeys): PersonalDataStep {
  return (orgId, events) => {
    keys.ensureKeys(orgId, events.flatMap(ownersOf));
    return events.map((event) => sealed(keys, event));
  };
}

/** Stores personal fields as sent: for tools and tests whose store holds no real person's data. */
export const keepPersonalDataInClear: PersonalDataStep = (_orgId, events) => events;

/** The people whose personal data the event carries. */
function ownersOf(event: IncomingEvent): string[] {
  const data = event.data as Record<string, unknown>;
  return (PERSONAL_FIELDS.get(event.type) ?? []).filter(({ field }) => data[field] !== undefined).map(({ owner }) => String(data[owner]));
}

function sealed(keys: PersonalDataKeys, event: IncomingEvent): IncomingEvent {
  const fields = PERSONAL_FIELDS.get(event.type) ?? [];
  const data = event.data as Record<string, unknown>;
  if (!fields.some(({ field }) => data[field] !== undefined)) return event;
  const sealedData = { ...data };
  for (const { field, owner } of fields) {
    const value = data[field];
    const personId = String(data[owner]);
    const seal = (text: unknown) => (typeof text === 'string' ? keys.seal(event.orgId, personId, text) : text);
    if (value !== undefined) sealedData[field] = Array.isArray(value) ? value.map(seal) : seal(value);
  }
  return { ...event, data: sealedData } as IncomingEvent;
}
