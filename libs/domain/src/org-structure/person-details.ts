import type { AttributesPatch } from './org-structure.schema.js';
import { insertSorted, lastAtOrBefore, stintAt, type OrgStructure, type PersonHistory } from './org-structure.state.js';

/**
 * One PersonJoined or PersonUpdated as far as email and attributes go: a
 * join starts the person's details afresh (a rehire is a new stint, with the
 * email and attributes HR gives it then), an update merges into them.
 */
export interface DetailChange {
  at: number;
  joined: boolean;
  email?: string;
  attributes?: AttributesPatch;
}

export interface PersonDetails {
  email: string | undefined;
  attributes: Record<string, string>;
}

const detailAt = (change: DetailChange) => change.at;

/** Email and attributes as set by the person's latest PersonJoined and the PersonUpdated after it, with occurredAt ≤ at. */
export function detailsAt(person: PersonHistory, at: number): PersonDetails {
  const last = lastAtOrBefore(person.details, at, detailAt);
  let first = last;
  while (first >= 0 && !person.details[first]!.joined) first--;
  const details: PersonDetails = { email: undefined, attributes: {} };
  if (first < 0) return details;
  for (let i = first; i <= last; i++) {
    const change = person.details[i]!;
    if (change.email !== undefined) details.email = change.email;
    for (const [key, value] of Object.entries(change.attributes ?? {})) {
      if (value === null) delete details.attributes[key];
      else details.attributes[key] = value;
    }
  }
  return details;
}

/** Emails are compared as calendars and tools match them: case-insensitively. */
export const emailKey = (email: string) => email.toLowerCase();

export function addDetailChange(org: OrgStructure, person: PersonHistory, change: DetailChange): void {
  insertSorted(person.details, change, detailAt);
  if (change.email === undefined) return;
  let holders = org.emailHolders.get(emailKey(change.email));
  if (!holders) org.emailHolders.set(emailKey(change.email), (holders = new Set()));
  holders.add(person.personId);
}

/** Instants after `from` and before `until` at which the person's details changed. */
export function detailTimesBetween(person: PersonHistory, from: number, until: number): number[] {
  return person.details.filter((change) => change.at > from && change.at < until).map(detailAt);
}

/** Every attribute key held by someone active at `at`, with how many active people hold each value then. */
export function attributeHeadcounts(org: OrgStructure, at: number): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const person of org.people.values()) {
    if (person.details.length === 0 || !stintAt(person, at)) continue;
    for (const [key, value] of Object.entries(detailsAt(person, at).attributes)) {
      let values = counts.get(key);
      if (!values) counts.set(key, (values = new Map()));
      values.set(value, (values.get(value) ?? 0) + 1);
    }
  }
  return counts;
}
