import { eventFor, type CommandOf } from '../commands.js';
import type { EventOf } from '../events.js';
import type { OrgState } from '../org.state.js';
import { instantOf, markNamed, requireActive, requireDistinct, type At } from '../rules.js';
import { RuleViolation } from '../rule-violation.js';
import { MAX_ATTRIBUTES } from './org-structure.schema.js';
import { addDetailChange, detailsAt, detailTimesBetween, emailKey } from './person-details.js';
import {
  addStructureChange,
  chainAt,
  changeTimesBetween,
  directsAt,
  insertStint,
  stintAt,
  type PersonHistory,
} from './org-structure.state.js';

const iso = (t: number) => new Date(t).toISOString();

/**
 * A new manager must stay active for as long as `personId` keeps reporting to
 * them (until `until`), and must not sit below `personId` at any instant of
 * that span: back-filled changes are checked against every later change too.
 */
function requireSoundManager(state: OrgState, personId: string, managerId: string, at: At, until: number): void {
  requireDistinct('STRUCTURE.SELF_MANAGED', 'personId', personId, 'managerId', managerId);
  requireActive(state, 'managerId', managerId, at);
  const managerStint = stintAt(state.structure.people.get(managerId), at.t)!;
  if (managerStint.leftAt !== null && managerStint.leftAt < until) {
    throw new RuleViolation(
      'STRUCTURE.MANAGER_LEAVES',
      `managerId ${managerId} leaves at ${iso(managerStint.leftAt)} while ${personId} would still report to them`,
      'data.managerId',
    );
  }
  for (const instant of [at.t, ...changeTimesBetween(state.structure, at.t, until)]) {
    if (chainAt(state.structure, managerId, instant).includes(personId)) {
      throw new RuleViolation(
        'STRUCTURE.CYCLE',
        `managerId ${managerId} reports (directly or not) to ${personId} at ${instant === at.t ? at.text : iso(instant)}: the change would create a cycle`,
        'data.managerId',
      );
    }
  }
}

/** When the reporting line set at `at` stops applying: the person's next change or the end of their stint. */
function reportingLineEnds(person: PersonHistory, at: number): number {
  const next = person.managers.find((change) => change.at > at)?.at ?? Infinity;
  return Math.min(next, stintAt(person, at)?.leftAt ?? Infinity);
}

/**
 * No other person active at an instant of the span [at, until) may have the
 * same email then: back-filled emails are checked against the other holders'
 * later changes too. The message names the other person, never the email.
 */
function requireUniqueEmail(state: OrgState, personId: string, email: string, at: At, until: number): void {
  for (const otherId of state.structure.emailHolders.get(emailKey(email)) ?? []) {
    if (otherId === personId) continue;
    const other = state.structure.people.get(otherId)!;
    for (const instant of [at.t, ...detailTimesBetween(other, at.t, until)]) {
      const theirs = stintAt(other, instant) ? detailsAt(other, instant).email : undefined;
      if (theirs !== undefined && emailKey(theirs) === emailKey(email)) {
        throw new RuleViolation(
          'PERSON.EMAIL_TAKEN',
          `email of ${personId} is already the email of ${otherId}, active at ${instant === at.t ? at.text : iso(instant)}`,
          'data.email',
        );
      }
    }
  }
}

/** When the email set at `at` stops applying: the person's next join or email change, or the end of their stint. */
function emailEnds(person: PersonHistory, at: number): number {
  const next = person.details.find((change) => change.at > at && (change.joined || change.email !== undefined))?.at ?? Infinity;
  return Math.min(next, stintAt(person, at)?.leftAt ?? Infinity);
}

export function decideAddPerson(command: CommandOf<'PersonJoined'>, state: OrgState): EventOf<'PersonJoined'> {
  const at = instantOf(command);
  const { personId, managerId } = command.data;
  const person = state.structure.people.get(personId);
  if (stintAt(person, at.t)) {
    throw new RuleViolation('STRUCTURE.ALREADY_ACTIVE', `personId ${personId} is already active at ${at.text}`, 'data.personId');
  }
  const laterJoin = person?.stints.find((stint) => stint.joinedAt > at.t);
  if (laterJoin) {
    throw new RuleViolation(
      'STRUCTURE.LATER_JOIN_EXISTS',
      `personId ${personId} already joined at ${iso(laterJoin.joinedAt)}; a join at ${at.text} would overlap it`,
      'data.personId',
    );
  }
  if (managerId !== null) requireSoundManager(state, personId, managerId, at, Infinity);
  if (command.data.email !== undefined) requireUniqueEmail(state, personId, command.data.email, at, Infinity);
  return eventFor('PersonJoined', command);
}

export function decideUpdatePerson(command: CommandOf<'PersonUpdated'>, state: OrgState): EventOf<'PersonUpdated'> {
  const at = instantOf(command);
  const { personId, email, attributes } = command.data;
  requireActive(state, 'personId', personId, at);
  const person = state.structure.people.get(personId)!;
  if (email !== undefined) requireUniqueEmail(state, personId, email, at, emailEnds(person, at.t));
  if (attributes !== undefined) {
    const merged = { ...detailsAt(person, at.t).attributes, ...attributes };
    const count = Object.values(merged).filter((value) => value !== null).length;
    if (count > MAX_ATTRIBUTES) {
      throw new RuleViolation(
        'PERSON.TOO_MANY_ATTRIBUTES',
        `attributes of ${personId} would hold ${count} keys at ${at.text}, more than ${MAX_ATTRIBUTES}`,
        'data.attributes',
      );
    }
  }
  return eventFor('PersonUpdated', command);
}

export function decideChangeReportingLine(command: CommandOf<'ReportingLineChanged'>, state: OrgState): EventOf<'ReportingLineChanged'> {
  const at = instantOf(command);
  const { personId, managerId } = command.data;
  requireActive(state, 'personId', personId, at);
  if (managerId !== null) {
    requireSoundManager(state, personId, managerId, at, reportingLineEnds(state.structure.people.get(personId)!, at.t));
  }
  return eventFor('ReportingLineChanged', command);
}

export function decideRemovePerson(command: CommandOf<'PersonLeft'>, state: OrgState): EventOf<'PersonLeft'> {
  const at = instantOf(command);
  const { personId } = command.data;
  requireActive(state, 'personId', personId, at);
  const person = state.structure.people.get(personId)!;
  const stint = stintAt(person, at.t)!;
  if (stint.leftAt !== null) {
    throw new RuleViolation('STRUCTURE.ALREADY_LEFT', `personId ${personId} already left at ${iso(stint.leftAt)}`, 'data.personId');
  }
  const directs = directsAt(state.structure, personId, at.t);
  if (directs.length > 0) {
    throw new RuleViolation(
      'STRUCTURE.HAS_DIRECT_REPORTS',
      `personId ${personId} still has direct reports at ${at.text}: ${directs.join(', ')}; move them first`,
      'data.personId',
    );
  }
  if (person.lastNamedAt >= at.t) {
    throw new RuleViolation(
      'STRUCTURE.NAMED_AFTER_LEAVING',
      `personId ${personId} is named by an event at ${iso(person.lastNamedAt)}, not before leaving at ${at.text}`,
      'data.personId',
    );
  }
  return eventFor('PersonLeft', command);
}

export function evolvePersonJoined(state: OrgState, event: EventOf<'PersonJoined'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { personId, managerId, name, title, email, attributes } = event.data;
  let person = state.structure.people.get(personId);
  if (!person) state.structure.people.set(personId, (person = { personId, stints: [], managers: [], lastNamedAt: 0, details: [] }));
  insertStint(person, { joinedAt: at, leftAt: null });
  if (name !== undefined) person.name = name;
  if (title !== undefined) person.title = title;
  addDetailChange(state.structure, person, {
    at,
    joined: true,
    ...(email === undefined ? {} : { email }),
    ...(attributes === undefined ? {} : { attributes }),
  });
  addStructureChange(state.structure, personId, { at, managerId });
  if (managerId !== null) markNamed(state, managerId, at);
  return state;
}

export function evolvePersonUpdated(state: OrgState, event: EventOf<'PersonUpdated'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { personId, name, title, email, attributes } = event.data;
  const person = state.structure.people.get(personId)!;
  if (name !== undefined) person.name = name;
  if (title !== undefined) person.title = title;
  addDetailChange(state.structure, person, {
    at,
    joined: false,
    ...(email === undefined ? {} : { email }),
    ...(attributes === undefined ? {} : { attributes }),
  });
  markNamed(state, personId, at);
  return state;
}

export function evolveReportingLineChanged(state: OrgState, event: EventOf<'ReportingLineChanged'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const { personId, managerId } = event.data;
  addStructureChange(state.structure, personId, { at, managerId });
  markNamed(state, personId, at);
  if (managerId !== null) markNamed(state, managerId, at);
  return state;
}

export function evolvePersonLeft(state: OrgState, event: EventOf<'PersonLeft'>): OrgState {
  const at = Date.parse(event.occurredAt);
  const stint = stintAt(state.structure.people.get(event.data.personId), at);
  if (stint) stint.leftAt = at;
  return state;
}
