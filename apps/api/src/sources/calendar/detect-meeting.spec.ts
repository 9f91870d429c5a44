import { detectMeeting, type OrgAtInstant } from './detect-meeting.js';
import type { Attendee, Occurrence } from './occurrence.js';

// ceo → vp → m → r; x left before T; peer reports to vp too.
const MANAGERS: Record<string, string | null> = { ceo: null, vp: 'ceo', m: 'vp', r: 'm', peer: 'vp' };
const org: OrgAtInstant = {
  personByEmail: (email) =>
    email === 'x@acme.test'
      ? 'inactive'
      : email.endsWith('@acme.test') && email.split('@')[0]! in MANAGERS
        ? email.split('@')[0]
        : undefined,
  chainAt: (personId) => {
    const chain: string[] = [];
    for (let manager = MANAGERS[personId] ?? null; manager; manager = MANAGERS[manager] ?? null) chain.push(manager);
    return chain;
  },
};
const T = Date.parse('2025-03-03T15:00:00Z');
const NOW = Date.parse('2026-01-01T00:00:00Z');
const person = (id: string, extra: Partial<Attendee> = {}): Attendee => ({
  email: `${id}@acme.test`,
  declined: false,
  optional: false,
  ...extra,
});

/** Given an occurrence organized by `organizer` with these attendees, 30 minutes at T. */
const meeting = (organizer: string, attendees: Attendee[], extra: Partial<Occurrence> = {}): Occurrence => ({
  uid: 'u',
  occurrenceStart: T,
  start: T,
  end: T + 30 * 60_000,
  allDay: false,
  cancelled: false,
  organizer: `${organizer}@acme.test`,
  attendees,
  ...extra,
});

describe('the detection table', () => {
  it('two people, one the other’s manager: a 1:1 led by the manager, whoever organized it', () => {
    expect(detectMeeting(meeting('r', [person('m')]), org, NOW)).toEqual({
      type: 'CheckInHeld',
      leaderId: 'm',
      reportId: 'r',
      durationMinutes: 30,
    });
  });

  it('two people two or more levels apart: a skip-level, not looped in', () => {
    expect(detectMeeting(meeting('vp', [person('r')]), org, NOW)).toEqual({
      type: 'SkipLevelDone',
      leaderId: 'vp',
      reportId: 'r',
      managerLoopedIn: false,
    });
    expect(detectMeeting(meeting('ceo', [person('r')]), org, NOW)).toEqual({
      type: 'SkipLevelDone',
      leaderId: 'ceo',
      reportId: 'r',
      managerLoopedIn: false,
    });
  });

  it('the lower one’s manager as an optional attendee: looped in; as a required one, or someone else optional: a group meeting', () => {
    expect(detectMeeting(meeting('vp', [person('r'), person('m', { optional: true })]), org, NOW)).toEqual({
      type: 'SkipLevelDone',
      leaderId: 'vp',
      reportId: 'r',
      managerLoopedIn: true,
    });
    expect(detectMeeting(meeting('vp', [person('r'), person('m')]), org, NOW)).toEqual({ ignored: 'group_meeting' });
    expect(detectMeeting(meeting('vp', [person('r'), person('peer', { optional: true })]), org, NOW)).toEqual({ ignored: 'group_meeting' });
    // A manager optional in their own 1:1 makes it no skip-level (one level apart).
    expect(detectMeeting(meeting('m', [person('r'), person('vp', { optional: true })]), org, NOW)).toEqual({ ignored: 'group_meeting' });
  });

  it('ignores, under its reason: not ended, cancelled, all-day, too short or long, declined, outsider, inactive, no reporting pair', () => {
    const cases: [Occurrence, string][] = [
      [meeting('m', [person('r')], { end: NOW + 1 }), 'not_ended'],
      [meeting('m', [person('r')], { cancelled: true }), 'cancelled'],
      [meeting('m', [person('r')], { allDay: true }), 'all_day'],
      [meeting('m', [person('r')], { end: T + 4 * 60_000 }), 'too_short'],
      [meeting('m', [person('r')], { end: T + 241 * 60_000 }), 'too_long'],
      [meeting('m', [person('r', { declined: true })]), 'declined'],
      [meeting('m', [person('r'), { email: 'coach@elsewhere.test', declined: false, optional: false }]), 'outsider'],
      [meeting('m', [person('x')]), 'person_not_active'],
      [meeting('m', [person('peer')]), 'not_a_reporting_pair'],
    ];
    for (const [occurrence, reason] of cases) expect([reason, detectMeeting(occurrence, org, NOW)]).toEqual([reason, { ignored: reason }]);
  });

  it('counts 5 and 240 minutes, and a declined third attendee leaves a 1:1', () => {
    expect(detectMeeting(meeting('m', [person('r')], { end: T + 5 * 60_000 }), org, NOW)).toMatchObject({
      type: 'CheckInHeld',
      durationMinutes: 5,
    });
    expect(detectMeeting(meeting('m', [person('r')], { end: T + 240 * 60_000 }), org, NOW)).toMatchObject({
      type: 'CheckInHeld',
      durationMinutes: 240,
    });
    expect(detectMeeting(meeting('m', [person('r'), person('peer', { declined: true })]), org, NOW)).toMatchObject({ type: 'CheckInHeld' });
  });
});
