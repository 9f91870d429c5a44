import type { Occurrence } from './occurrence.js';

/** Why an occurrence records nothing; each is counted in the import's answer. */
export const IGNORE_REASONS = [
  'not_ended',
  'cancelled',
  'all_day',
  'too_short',
  'too_long',
  'declined',
  'outsider',
  'person_not_active',
  'group_meeting',
  'not_a_reporting_pair',
] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

/** The org as the write model knows it, asked at an occurrence's start. */
export interface OrgAtInstant {
  /** The person active at `at` whose email this is; 'inactive' when it is someone's who is not active then. */
  personByEmail(email: string, at: number): string | 'inactive' | undefined;
  /** The managers above a person at `at`, nearest first. */
  chainAt(personId: string, at: number): readonly string[];
}

export type Detection =
  | { type: 'CheckInHeld'; leaderId: string; reportId: string; durationMinutes: number }
  | { type: 'SkipLevelDone'; leaderId: string; reportId: string; managerLoopedIn: boolean }
  | { ignored: IgnoreReason };

export const MIN_MINUTES = 5;
export const MAX_MINUTES = 240;

/**
 * What an occurrence records, by the detection table: two people who are
 * manager and report → a 1:1; two people two or more levels apart → a
 * skip-level, looped in when the lower one's manager is there as an
 * optional attendee; anything else is ignored under its reason.
 */
export function detectMeeting(occurrence: Occurrence, org: OrgAtInstant, now: number): Detection {
  if (occurrence.end > now) return { ignored: 'not_ended' };
  if (occurrence.cancelled) return { ignored: 'cancelled' };
  if (occurrence.allDay) return { ignored: 'all_day' };
  const minutes = Math.round((occurrence.end - occurrence.start) / 60_000);
  if (minutes < MIN_MINUTES) return { ignored: 'too_short' };
  if (minutes > MAX_MINUTES) return { ignored: 'too_long' };

  // The organizer takes part whatever their attendee line says; an attendee line can make them optional, never absent.
  const participants = new Map<string, { optional: boolean }>();
  let declined = false;
  for (const attendee of occurrence.attendees) {
    if (attendee.declined && attendee.email !== occurrence.organizer) declined = true;
    else participants.set(attendee.email, { optional: attendee.optional && attendee.email !== occurrence.organizer });
  }
  if (occurrence.organizer) participants.set(occurrence.organizer, { optional: false });

  const at = occurrence.start;
  const required: string[] = [];
  const optional: string[] = [];
  for (const [email, { optional: isOptional }] of participants) {
    const person = org.personByEmail(email, at);
    if (person === undefined) return { ignored: 'outsider' };
    if (person === 'inactive') return { ignored: 'person_not_active' };
    (isOptional ? optional : required).push(person);
  }
  const people = new Set([...required, ...optional]);
  if (people.size < 2) return { ignored: declined ? 'declined' : 'group_meeting' };
  if (required.length !== 2 || new Set(required).size !== 2 || optional.length > 1) return { ignored: 'group_meeting' };

  const [a, b] = required as [string, string];
  const chainOfA = org.chainAt(a, at);
  const chainOfB = org.chainAt(b, at);
  const [leaderId, reportId, chain] = chainOfA.includes(b)
    ? [b, a, chainOfA]
    : chainOfB.includes(a)
      ? [a, b, chainOfB]
      : [undefined, undefined, []];
  if (leaderId === undefined || reportId === undefined) return { ignored: optional.length > 0 ? 'group_meeting' : 'not_a_reporting_pair' };
  const levels = chain.indexOf(leaderId) + 1;
  if (optional.length === 1) {
    return levels >= 2 && optional[0] === chain[0]
      ? { type: 'SkipLevelDone', leaderId, reportId, managerLoopedIn: true }
      : { ignored: 'group_meeting' };
  }
  return levels === 1
    ? { type: 'CheckInHeld', leaderId, reportId, durationMinutes: minutes }
    : { type: 'SkipLevelDone', leaderId, reportId, managerLoopedIn: false };
}
