import type { IncomingEvent } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache, OrgWriter, type RecordOutcome } from '@orghealth/write-model';
import { PERSONAL_FIELDS } from './personal-fields.js';
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

  /** The people whose personal data the event carries. */
  private owners(event: IncomingEvent): string[] {
    const data = event.data as Record<string, unknown>;
    return (PERSONAL_FIELDS.get(event.type) ?? []).filter(({ field }) => data[field] !== undefined).map(({ owner }) => String(data[owner]));
  }

  private sealed(event: IncomingEvent): IncomingEvent {
    const fields = PERSONAL_FIELDS.get(event.type) ?? [];
    const data = event.data as Record<string, unknown>;
    if (!fields.some(({ field }) => data[field] !== undefined)) return event;
    const sealedData = { ...data };
    for (const { field, owner } of fields) {
      const value = data[field];
      const personId = String(data[owner]);
      const seal = (text: unknown) => (typeof text === 'string' ? this.vault.seal(event.orgId, personId, text) : text);
      if (value !== undefined) sealedData[field] = Array.isArray(value) ? value.map(seal) : seal(value);
    }
    return { ...event, data: sealedData } as IncomingEvent;
  }
}
