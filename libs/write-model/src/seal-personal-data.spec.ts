import { join } from 'node:path';
import type { IncomingEvent } from '@orghealth/domain';
import { tempDir } from '../../../test/support/temp-dir.js';
import { isSealed, PersonalDataVault } from '../../../apps/api/src/privacy/erasure/personal-data-vault.js';
import { keepPersonalDataInClear, sealPersonalData } from './seal-personal-data.js';

const ORG = 'acme';

const joined = (personId: string, name: string, title: string): IncomingEvent => ({
  eventId: '6a1f3b7e-2c4d-4e5f-8a9b-0c1d2e3f4a5b',
  type: 'PersonJoined',
  orgId: ORG,
  occurredAt: '2026-01-01T09:00:00Z',
  schemaVersion: 1,
  data: { personId, managerId: null, name, title },
});

describe('the sealPersonalData step', () => {
  const dir = tempDir('orghealth-seal-');
  const vault = PersonalDataVault.open(join(dir.path, 'keys.sqlite'));
  afterAll(() => {
    vault.close();
    dir.remove();
  });

  it("replaces every personal field by its owner's sealed value and leaves the rest of the event as it was", () => {
    const event = joined('E1', 'Ada Lovelace', 'Engineer');
    const [sealed] = sealPersonalData(vault)(ORG, [event]);
    const data = sealed!.data as Record<string, unknown>;
    expect(isSealed(data.name)).toBe(true);
    expect(isSealed(data.title)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Ada Lovelace');
    expect({ ...sealed, data: { ...data, name: 'x', title: 'x' } }).toEqual({ ...event, data: { ...event.data, name: 'x', title: 'x' } });
    expect(vault.open(ORG, 'E1', data.name as string)).toBe('Ada Lovelace');
  });

  it('seals the same text of the same person the same way, so a resent event is still a duplicate', () => {
    const step = sealPersonalData(vault);
    expect(step(ORG, [joined('E2', 'Grace Hopper', 'Admiral')])).toEqual(step(ORG, [joined('E2', 'Grace Hopper', 'Admiral')]));
  });

  it('keepPersonalDataInClear hands the events on untouched', () => {
    const events = [joined('E3', 'Alan Turing', 'Mathematician')];
    expect(keepPersonalDataInClear(ORG, events)).toBe(events);
  });
});
