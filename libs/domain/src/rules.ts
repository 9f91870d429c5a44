import type { OrgState } from './org.state.js';
import { isActive, stintAt } from './org-structure/org-structure.state.js';
import { RuleViolation } from './rule-violation.js';

/** The instant a command is about, parsed once, with the sender's text for messages. */
export interface At {
  t: number;
  text: string;
}

export function instantOf(command: { occurredAt: string }): At {
  return { t: Date.parse(command.occurredAt), text: command.occurredAt };
}

export function requireActive(state: OrgState, field: string, personId: string, at: At): void {
  if (!isActive(state.structure, personId, at.t)) {
    const known = state.structure.people.has(personId);
    throw new RuleViolation(
      'PERSON.NOT_ACTIVE',
      `${field} ${personId} is not active at ${at.text}${known ? '' : ' (no PersonJoined recorded for them)'}`,
      `data.${field}`,
    );
  }
}

export function requireDistinct(code: string, fieldA: string, a: string, fieldB: string, b: string): void {
  if (a === b) throw new RuleViolation(code, `${fieldB} must differ from ${fieldA} (both are ${a})`, `data.${fieldB}`);
}

export function requireNew(ids: { has(id: string): boolean }, code: string, field: string, id: string): void {
  if (ids.has(id)) throw new RuleViolation(code, `${field} ${id} is already recorded`, `data.${field}`);
}

/** Notes that an event names a person at `at`, so a later back-filled PersonLeft cannot strand it. */
export function markNamed(state: OrgState, personId: string, at: number): void {
  const person = state.structure.people.get(personId);
  if (person && stintAt(person, at) && person.lastNamedAt < at) person.lastNamedAt = at;
}

/** Folds a fact nothing refers back to: its id is remembered (so it is not recorded twice) and the people it names are noted. */
export function recordFact(state: OrgState, ids: Set<string>, id: string, occurredAt: string, people: readonly string[]): OrgState {
  const at = Date.parse(occurredAt);
  ids.add(id);
  for (const personId of people) markNamed(state, personId, at);
  return state;
}
