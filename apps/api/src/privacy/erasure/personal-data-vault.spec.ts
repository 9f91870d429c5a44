import { tempDir } from '../../../../../test/support/temp-dir.js';
import { PERSONAL_FIELDS } from '@orghealth/domain';
import { isSealed, PersonalDataVault, reveal } from './personal-data-vault.js';

describe('personal data: found from the schemas, sealed per person, shredded by destroying the key', () => {
  const dir = tempDir();
  const vault = PersonalDataVault.open(`${dir.path}/keys.sqlite`);
  afterAll(() => {
    vault.close();
    dir.remove();
  });

  it('knows every personal field of every event type from the personal() marks, with its owner', () => {
    const marked = Object.fromEntries([...PERSONAL_FIELDS].filter(([, fields]) => fields.length > 0));
    expect(marked).toEqual({
      PersonJoined: [
        { field: 'name', owner: 'personId' },
        { field: 'title', owner: 'personId' },
        { field: 'email', owner: 'personId' },
      ],
      PersonUpdated: [
        { field: 'name', owner: 'personId' },
        { field: 'title', owner: 'personId' },
        { field: 'email', owner: 'personId' },
      ],
      OutcomeFramed: [
        { field: 'title', owner: 'leaderId' },
        { field: 'successMeasures', owner: 'leaderId' },
      ],
      PlanReclaimed: [{ field: 'reason', owner: 'byId' }],
      PlanOverridden: [{ field: 'note', owner: 'byId' }],
      ApprovalRequested: [{ field: 'topic', owner: 'requesterId' }],
      AlertAcknowledged: [{ field: 'note', owner: 'subjectId' }],
    });
  });

  it('seals the same text the same way for one person, differently for another, and opens it for its owner only', () => {
    const sealed = vault.seal('acme', 'P1', 'Ada Lovelace');
    expect(isSealed(sealed) && !sealed.includes('Ada')).toBe(true);
    expect(vault.seal('acme', 'P1', 'Ada Lovelace')).toBe(sealed);
    expect(vault.seal('acme', 'P2', 'Ada Lovelace')).not.toBe(sealed);
    expect(vault.seal('other-org', 'P1', 'Ada Lovelace')).not.toBe(sealed);
    expect(vault.open('acme', 'P1', sealed)).toBe('Ada Lovelace');
    expect(vault.open('acme', 'P2', sealed)).toBeUndefined();
    expect(vault.open('acme', 'P1', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
  });

  it('given a destroyed key, opens nothing of that person, also after a restart, and others stay readable', () => {
    const sealed = vault.seal('acme', 'P3', 'Grace Hopper');
    vault.destroy('acme', 'P3');
    expect(vault.open('acme', 'P3', sealed)).toBeUndefined();
    expect(reveal(vault, 'acme', 'P3', sealed)).toBeUndefined();
    const reopened = PersonalDataVault.open(`${dir.path}/keys.sqlite`);
    try {
      expect(reopened.open('acme', 'P3', sealed)).toBeUndefined();
      expect(reopened.open('acme', 'P1', vault.seal('acme', 'P1', 'Ada Lovelace'))).toBe('Ada Lovelace');
    } finally {
      reopened.close();
    }
  });

  it('creates the missing keys of a batch at once, and leaves existing keys as they are', () => {
    const before = vault.seal('acme', 'P1', 'Ada Lovelace');
    vault.ensureKeys('acme', ['P1', 'P7', 'P8', 'P7']);
    expect(vault.seal('acme', 'P1', 'Ada Lovelace')).toBe(before);
    const sealed = vault.seal('acme', 'P7', 'Katherine Johnson');
    expect(vault.open('acme', 'P7', sealed)).toBe('Katherine Johnson');
    expect(vault.open('acme', 'P8', sealed)).toBeUndefined();
  });

  it('shows a value recorded before sealing existed as it is', () => {
    expect(reveal(vault, 'acme', 'P1', 'Plain Name')).toBe('Plain Name');
    expect(reveal(vault, 'acme', 'P1', undefined)).toBeUndefined();
  });
});
