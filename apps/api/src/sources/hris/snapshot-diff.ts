import { detailsAt, layerAt, managerAt, stintAt, type IncomingEvent, type OrgStructure } from '@orghealth/domain';
import type { SnapshotPerson } from './snapshot-csv.js';
import { snapshotEventId } from './snapshot-ids.js';

/** Refuse a snapshot that would make more than this share of the active people leave, or change their manager. */
export interface SnapshotGuard {
  maxLeaverShare: number;
  maxManagerChangeShare: number;
}

export const DEFAULT_SNAPSHOT_GUARD: SnapshotGuard = { maxLeaverShare: 0.2, maxManagerChangeShare: 0.3 };

type PersonEventType = 'PersonJoined' | 'PersonUpdated' | 'ReportingLineChanged' | 'PersonLeft';
/** What a snapshot records: events about one person each. */
export type PersonEvent = Extract<IncomingEvent, { type: PersonEventType }>;

export interface SnapshotPlan {
  events: PersonEvent[];
  /** People active at effectiveAt before the snapshot. */
  activeBefore: number;
  leavers: number;
  managerChanges: number;
  /** Why the guard refuses the plan, or null. */
  guardRefusal: string | null;
}

export interface SnapshotDiffInput {
  orgId: string;
  /** The instant as the sender wrote it, and parsed. */
  effectiveAt: string;
  structure: OrgStructure;
  people: readonly SnapshotPerson[];
  /** Personal values are stored sealed: a value is unchanged when it seals to what is stored. */
  seal: (personId: string, text: string) => string;
  guard: SnapshotGuard;
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/**
 * The events that take the org as recorded at effectiveAt to the snapshot,
 * in an order every rule accepts at that one instant: joins and moves top
 * down the snapshot's tree (a manager is in place before their reports),
 * then leaves bottom up (a leaver's reports have moved or left before
 * them), then changes of details (after leavers freed their emails).
 */
export function planSnapshot({ orgId, effectiveAt, structure, people, seal, guard }: SnapshotDiffInput): SnapshotPlan {
  const t = Date.parse(effectiveAt);
  const occurredAt = new Date(t).toISOString();
  const event = <T extends PersonEventType>(type: T, data: Extract<IncomingEvent, { type: T }>['data']): PersonEvent =>
    ({
      eventId: snapshotEventId(orgId, data.personId, type, occurredAt),
      type,
      orgId,
      occurredAt,
      schemaVersion: 1,
      data,
      metadata: { source: 'hris' },
    }) as PersonEvent;

  const activeBefore = [...structure.people.values()].filter((person) => stintAt(person, t)).map((person) => person.personId);
  const inSnapshot = new Map(people.filter((person) => person.active).map((person) => [person.personId, person]));
  const structureEvents: PersonEvent[] = [];
  const updates: PersonEvent[] = [];
  let managerChanges = 0;

  const children = new Map<string | null, SnapshotPerson[]>();
  for (const person of inSnapshot.values()) {
    const siblings = children.get(person.managerId) ?? [];
    siblings.push(person);
    children.set(person.managerId, siblings);
  }
  const queue = [...(children.get(null) ?? [])].sort((a, b) => a.row - b.row);
  for (let i = 0; i < queue.length; i++) {
    const person = queue[i]!;
    queue.push(...(children.get(person.personId) ?? []).sort((a, b) => a.row - b.row));
    const { personId, managerId } = person;
    const recorded = structure.people.get(personId);
    if (!stintAt(recorded, t)) {
      structureEvents.push(
        event('PersonJoined', {
          personId,
          managerId,
          ...(person.name === undefined ? {} : { name: person.name }),
          ...(person.title === undefined ? {} : { title: person.title }),
          ...(person.email === undefined ? {} : { email: person.email }),
          ...(Object.keys(person.attributes).length === 0 ? {} : { attributes: person.attributes }),
        }),
      );
      continue;
    }
    if (managerAt(structure, personId, t) !== managerId) {
      managerChanges++;
      structureEvents.push(event('ReportingLineChanged', { personId, managerId }));
    }
    const details = detailsAt(recorded!, t);
    const changed = (value: string | undefined, stored: string | undefined) =>
      value !== undefined && (stored === undefined || seal(personId, value) !== stored);
    const removed = Object.keys(details.attributes).filter((key) => !(key in person.attributes));
    const attributes = sameAttributes(details.attributes, person.attributes)
      ? {}
      : { attributes: { ...Object.fromEntries(removed.map((key) => [key, null])), ...person.attributes } };
    const update = {
      ...(changed(person.name, recorded!.name) ? { name: person.name! } : {}),
      ...(changed(person.title, recorded!.title) ? { title: person.title! } : {}),
      ...(changed(person.email, details.email) ? { email: person.email! } : {}),
      ...attributes,
    };
    if (Object.keys(update).length > 0) updates.push(event('PersonUpdated', { personId, ...update }));
  }

  const leaving = activeBefore
    .filter((personId) => !inSnapshot.has(personId))
    .map((personId) => ({ personId, layer: layerAt(structure, personId, t) }))
    .sort((a, b) => b.layer - a.layer || (a.personId < b.personId ? -1 : 1));
  const leaves = leaving.map(({ personId }) => event('PersonLeft', { personId }));

  const share = (count: number) => (activeBefore.length === 0 ? 0 : count / activeBefore.length);
  const refusals = [
    share(leaving.length) > guard.maxLeaverShare
      ? `${leaving.length} of ${activeBefore.length} active people would leave (more than ${guard.maxLeaverShare * 100} %)`
      : null,
    share(managerChanges) > guard.maxManagerChangeShare
      ? `${managerChanges} of ${activeBefore.length} active people would change manager (more than ${guard.maxManagerChangeShare * 100} %)`
      : null,
  ].filter((reason): reason is string => reason !== null);
  return {
    events: [...structureEvents, ...leaves, ...updates],
    activeBefore: activeBefore.length,
    leavers: leaving.length,
    managerChanges,
    guardRefusal:
      refusals.length === 0 ? null : `${refusals.join('; ')}: a truncated export must not wipe an org; send force=true if this is right`,
  };
}

/** The latest instant the org's structure changed (a join, a move or a leave), or -Infinity: snapshots only go forward from it. */
export function latestStructureChange(structure: OrgStructure): number {
  let latest = structure.changeTimes.at(-1) ?? -Infinity;
  for (const person of structure.people.values()) {
    const leftAt = person.stints.at(-1)?.leftAt;
    if (leftAt != null && leftAt > latest) latest = leftAt;
  }
  return latest;
}
