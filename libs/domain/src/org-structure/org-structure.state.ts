import type { DetailChange } from './person-details.js';
import type { PositionAt } from './position.schema.js';

/**
 * The reporting-line history of an org: enough to answer "who was active,
 * who managed whom, at which layer" for any past instant, because rules and
 * metrics are both asked as of an instant, and back-filled facts are normal.
 * Instants are epoch milliseconds.
 */
export interface Stint {
  joinedAt: number;
  leftAt: number | null;
}

export interface ManagerChange {
  at: number;
  managerId: string | null;
}

export interface PersonHistory {
  personId: string;
  /** Sorted by joinedAt; only the last may be open. */
  stints: Stint[];
  /** Sorted by `at`; at equal instants the later-recorded change wins. */
  managers: ManagerChange[];
  /** Latest occurredAt of any event naming this person after they joined (0 when none). */
  lastNamedAt: number;
  /** Email and attributes over time, sorted by `at` (see person-details.ts). */
  details: DetailChange[];
  name?: string;
  title?: string;
}

export interface OrgStructure {
  people: Map<string, PersonHistory>;
  /** manager → everyone who ever reported to them: keeps "directs at T" from scanning the whole org. */
  reportsEver: Map<string, Set<string>>;
  /** Sorted instants at which any reporting line changed. */
  changeTimes: number[];
  /** Lower-cased email → everyone who ever had it: keeps the uniqueness rule from scanning the whole org. */
  emailHolders: Map<string, Set<string>>;
}

export function emptyOrgStructure(): OrgStructure {
  return { people: new Map(), reportsEver: new Map(), changeTimes: [], emailHolders: new Map() };
}

/** Index of the last element with key ≤ at, or -1. */
export function lastAtOrBefore<T>(items: readonly T[], at: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Inserts keeping `items` sorted by key, after any equal keys. */
export function insertSorted<T>(items: T[], item: T, key: (item: T) => number): void {
  const index = lastAtOrBefore(items, key(item), key) + 1;
  if (index === items.length) items.push(item);
  else items.splice(index, 0, item);
}

const stintStart = (stint: Stint) => stint.joinedAt;
const changeAt = (change: ManagerChange) => change.at;
const identity = (at: number) => at;

export function stintAt(person: PersonHistory | undefined, at: number): Stint | undefined {
  if (!person) return undefined;
  const stint = person.stints[lastAtOrBefore(person.stints, at, stintStart)];
  return stint && (stint.leftAt === null || stint.leftAt > at) ? stint : undefined;
}

export function isActive(org: OrgStructure, personId: string, at: number): boolean {
  return stintAt(org.people.get(personId), at) !== undefined;
}

export function managerAt(org: OrgStructure, personId: string, at: number): string | null {
  const person = org.people.get(personId);
  if (!person) return null;
  return person.managers[lastAtOrBefore(person.managers, at, changeAt)]?.managerId ?? null;
}

/** The managers above a person at an instant, nearest first. */
export function chainAt(org: OrgStructure, personId: string, at: number): string[] {
  const chain: string[] = [];
  for (let manager = managerAt(org, personId, at); manager !== null; manager = managerAt(org, manager, at)) {
    if (chain.length > org.people.size) throw new Error(`reporting lines of ${personId} loop at ${new Date(at).toISOString()}`);
    chain.push(manager);
  }
  return chain;
}

/** Layer 1 is the top of the org. */
export function layerAt(org: OrgStructure, personId: string, at: number): number {
  return chainAt(org, personId, at).length + 1;
}

export function directsAt(org: OrgStructure, managerId: string, at: number): string[] {
  const directs: string[] = [];
  for (const personId of org.reportsEver.get(managerId) ?? []) {
    if (isActive(org, personId, at) && managerAt(org, personId, at) === managerId) directs.push(personId);
  }
  return directs.sort();
}

/** Instants after `from` and before `until` at which some reporting line changed. */
export function changeTimesBetween(org: OrgStructure, from: number, until: number): number[] {
  const start = lastAtOrBefore(org.changeTimes, from, identity) + 1;
  const times: number[] = [];
  for (let i = start; i < org.changeTimes.length && org.changeTimes[i]! < until; i++) {
    if (times.at(-1) !== org.changeTimes[i]) times.push(org.changeTimes[i]!);
  }
  return times;
}

/** The whole org as it stood at an instant, ordered by layer then id. */
export function orgAt(org: OrgStructure, at: number): PositionAt[] {
  const managerOf = new Map<string, string | null>();
  for (const person of org.people.values()) {
    if (stintAt(person, at)) managerOf.set(person.personId, managerAt(org, person.personId, at));
  }
  const layers = new Map<string, number>();
  const layerOf = (personId: string): number => {
    const known = layers.get(personId);
    if (known !== undefined) return known;
    const managerId = managerOf.get(personId) ?? null;
    const layer = managerId === null ? 1 : layerOf(managerId) + 1;
    layers.set(personId, layer);
    return layer;
  };
  const directs = new Map<string, string[]>();
  for (const [personId, managerId] of managerOf) {
    if (managerId === null) continue;
    let team = directs.get(managerId);
    if (!team) directs.set(managerId, (team = []));
    team.push(personId);
  }
  return [...managerOf.entries()]
    .map(([personId, managerId]) => {
      const person = org.people.get(personId)!;
      return {
        personId,
        managerId,
        layer: layerOf(personId),
        directs: (directs.get(personId) ?? []).sort(),
        ...(person.name === undefined ? {} : { name: person.name }),
        ...(person.title === undefined ? {} : { title: person.title }),
      };
    })
    .sort((a, b) => a.layer - b.layer || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}

export function addStructureChange(org: OrgStructure, personId: string, change: ManagerChange): void {
  insertSorted(org.people.get(personId)!.managers, change, changeAt);
  if (change.managerId !== null) {
    let reports = org.reportsEver.get(change.managerId);
    if (!reports) org.reportsEver.set(change.managerId, (reports = new Set()));
    reports.add(personId);
  }
  insertSorted(org.changeTimes, change.at, identity);
}

export function insertStint(person: PersonHistory, stint: Stint): void {
  insertSorted(person.stints, stint, stintStart);
}
