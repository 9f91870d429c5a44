import type { Person } from './api/endpoints.js';

/** The org chart at an instant, indexed for walking the tree both ways. */
export interface OrgIndex {
  people: Map<string, Person>;
  top: Person[];
}

const indexes = new WeakMap<Person[], OrgIndex>();

export function indexOrg(people: Person[]): OrgIndex {
  const known = indexes.get(people);
  if (known) return known;
  const index = {
    people: new Map(people.map((person) => [person.personId, person])),
    top: people.filter((person) => person.managerId === null),
  };
  indexes.set(people, index);
  return index;
}

export function nameOf(index: OrgIndex, personId: string): string {
  return index.people.get(personId)?.name ?? personId;
}

/** The managers above a person, top first. */
export function chainOf(index: OrgIndex, personId: string): Person[] {
  const chain: Person[] = [];
  for (let at = index.people.get(personId)?.managerId; at; at = index.people.get(at)?.managerId) {
    const manager = index.people.get(at);
    if (!manager) break;
    chain.unshift(manager);
  }
  return chain;
}

/** Everyone in Subtree(personId): the person and all below them. */
export function subtreeOf(index: OrgIndex, personId: string): Set<string> {
  const members = new Set<string>();
  const queue = [personId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    members.add(id);
    queue.push(...(index.people.get(id)?.directs ?? []));
  }
  return members;
}
