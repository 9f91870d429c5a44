import type { IncomingEvent } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache, OrgWriter, type RecordOutcome } from '@orghealth/ingest';
import { PERSONAL_FIELDS, PERSONAL_METADATA, type PersonalField } from './personal-fields.js';
import type { PersonalDataVault } from './personal-data-vault.js';

/**
 * The org writer every path of the API records through (single events,
 * imports, the demo seed): personal fields are sealed with their owner's key
 * after validation and before anything is stored, so the event store never
 * holds them in clear.
 */
export class SealingOrgWriter extends OrgWriter {
  constructor(
    store: EventStore,
    cache: OrgStateCache,
    private readonly vault: PersonalDataVault,
  ) {
    super(store, cache);
  }

  override record(orgId: string, events: readonly IncomingEvent[]): Promise<RecordOutcome[]> {
    this.vault.ensureKeys(orgId, events.flatMap((event) => this.owners(event)));
    return super.record(orgId, events.map((event) => this.sealed(event)));
  }

  /** The people whose personal data the event carries, in its data and its metadata. */
  private owners(event: IncomingEvent): string[] {
    const ownersIn = (fields: readonly PersonalField[], values: Record<string, unknown> | undefined) =>
      fields.filter(({ field }) => values?.[field] !== undefined).map(({ owner }) => String(values![owner]));
    return [...ownersIn(PERSONAL_FIELDS.get(event.type) ?? [], event.data as Record<string, unknown>), ...ownersIn(PERSONAL_METADATA, event.metadata)];
  }

  private sealed(event: IncomingEvent): IncomingEvent {
    const data = this.sealFields(event.orgId, PERSONAL_FIELDS.get(event.type) ?? [], event.data as Record<string, unknown>);
    const metadata = event.metadata && this.sealFields(event.orgId, PERSONAL_METADATA, event.metadata);
    if (data === event.data && metadata === event.metadata) return event;
    return { ...event, data, ...(metadata ? { metadata } : {}) } as IncomingEvent;
  }

  /** `values` with each personal field sealed with its owner's key; the same object when it holds none. */
  private sealFields<T extends Record<string, unknown>>(orgId: string, fields: readonly PersonalField[], values: T): T {
    if (!fields.some(({ field }) => values[field] !== undefined)) return values;
    const sealedValues: Record<string, unknown> = { ...values };
    for (const { field, owner } of fields) {
      const value = values[field];
      const personId = String(values[owner]);
      const seal = (text: unknown) => (typeof text === 'string' ? this.vault.seal(orgId, personId, text) : text);
      if (value !== undefined) sealedValues[field] = Array.isArray(value) ? value.map(seal) : seal(value);
    }
    return sealedValues as T;
  }
}
