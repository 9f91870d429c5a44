import { chainAt, detailsAt, stintAt, type OrgStructure } from '@orghealth/domain';
import type { OrgAtInstant } from './detect-meeting.js';

/**
 * The org of the write model, asked by email at an instant. Emails are
 * stored sealed, so each is opened once (`open`) into an index of
 * lower-cased email → everyone who ever had it.
 */
export function orgAtInstant(structure: OrgStructure, open: (personId: string, stored: string) => string | undefined): OrgAtInstant {
  const opened = new Map<string, string | undefined>();
  const plain = (personId: string, stored: string) => {
    const key = `${personId}\u0000${stored}`;
    if (!opened.has(key)) opened.set(key, open(personId, stored)?.toLowerCase());
    return opened.get(key);
  };
  const holders = new Map<string, Set<string>>();
  for (const person of structure.people.values()) {
    for (const change of person.details) {
      const email = change.email === undefined ? undefined : plain(person.personId, change.email);
      if (email === undefined) continue;
      let ids = holders.get(email);
      if (!ids) holders.set(email, (ids = new Set()));
      ids.add(person.personId);
    }
  }
  return {
    personByEmail(email, at) {
      let inactive = false;
      for (const personId of holders.get(email) ?? []) {
        const person = structure.people.get(personId)!;
        const current = detailsAt(person, at).email;
        if (current === undefined || plain(personId, current) !== email) continue;
        if (stintAt(person, at)) return personId;
        inactive = true;
      }
      return inactive ? 'inactive' : undefined;
    },
    chainAt: (personId, at) => chainAt(structure, personId, at),
  };
}
