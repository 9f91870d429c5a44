import { PERSONAL_FIELDS, PERSONAL_METADATA, type IncomingEvent, type PersonalField } from '@orghealth/domain';

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

/** The people whose personal data the event carries, in its data and its metadata (the actor). */
function ownersOf(event: IncomingEvent): string[] {
  const ownersIn = (fields: readonly PersonalField[], values: Record<string, unknown> | undefined) =>
    fields.filter(({ field }) => values?.[field] !== undefined).map(({ owner }) => String(values![owner]));
  return [
    ...ownersIn(PERSONAL_FIELDS.get(event.type) ?? [], event.data as Record<string, unknown>),
    ...ownersIn(PERSONAL_METADATA, event.metadata),
  ];
}

function sealed(keys: PersonalDataKeys, event: IncomingEvent): IncomingEvent {
  const data = sealFields(keys, event.orgId, PERSONAL_FIELDS.get(event.type) ?? [], event.data as Record<string, unknown>);
  const metadata = event.metadata && sealFields(keys, event.orgId, PERSONAL_METADATA, event.metadata);
  if (data === event.data && metadata === event.metadata) return event;
  return { ...event, data, ...(metadata ? { metadata } : {}) } as IncomingEvent;
}

/** `values` with each personal field sealed with its owner's key; the same object when it holds none. */
function sealFields<T extends Record<string, unknown>>(
  keys: PersonalDataKeys,
  orgId: string,
  fields: readonly PersonalField[],
  values: T,
): T {
  if (!fields.some(({ field }) => values[field] !== undefined)) return values;
  const sealedValues: Record<string, unknown> = { ...values };
  for (const { field, owner } of fields) {
    const value = values[field];
    const personId = String(values[owner]);
    const seal = (text: unknown) => (typeof text === 'string' ? keys.seal(orgId, personId, text) : text);
    if (value !== undefined) sealedValues[field] = Array.isArray(value) ? value.map(seal) : seal(value);
  }
  return sealedValues as T;
}
