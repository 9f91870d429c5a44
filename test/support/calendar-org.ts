import type { IncomingEvent } from '@orghealth/domain';
import { randomUUID } from 'node:crypto';

/*
 * A small org with a year (2025) of 1:1s and skip-levels, as meetings that
 * can be written as iCalendar, Google Calendar JSON or Microsoft Graph JSON,
 * and the facts they must record, stated by construction. Series are at
 * 10:00 America/New_York: 15:00Z in winter, 14:00Z between 9 March and
 * 2 November 2025 (DST).
 */
export const ZONE = 'America/New_York';
const DOMAIN = 'acme.test';
export const emailOf = (personId: string) => `${personId.toUpperCase()}@${DOMAIN}`;

/** [person, manager]: CEO → VP1, VP2 → M1..M4 → I1..I8. I8 moves from M4 to M1 on 1 July 2025 (the reorg). */
export const PEOPLE: readonly [string, string | null][] = [
  ['ceo', null],
  ['vp1', 'ceo'],
  ['vp2', 'ceo'],
  ['m1', 'vp1'],
  ['m2', 'vp1'],
  ['m3', 'vp2'],
  ['m4', 'vp2'],
  ['i1', 'm1'],
  ['i2', 'm1'],
  ['i3', 'm2'],
  ['i4', 'm2'],
  ['i5', 'm3'],
  ['i6', 'm3'],
  ['i7', 'm4'],
  ['i8', 'm4'],
];
export const REORG_AT = '2025-07-01T00:00:00.000Z';

export function orgEvents(orgId: string): IncomingEvent[] {
  const base = { orgId, schemaVersion: 1 } as const;
  const joined = PEOPLE.map(([personId, managerId]) => ({
    ...base,
    eventId: randomUUID(),
    type: 'PersonJoined',
    occurredAt: '2024-12-01T00:00:00.000Z',
    data: { personId, managerId, email: emailOf(personId) },
  }));
  const reorg = {
    ...base,
    eventId: randomUUID(),
    type: 'ReportingLineChanged',
    occurredAt: REORG_AT,
    data: { personId: 'i8', managerId: 'm1' },
  };
  return [...joined, reorg] as IncomingEvent[];
}

export interface Invitee {
  personId?: string;
  email?: string;
  optional?: boolean;
  declined?: boolean;
}

/** A meeting: a single one, or a weekly or monthly series of `count` occurrences. */
export interface Meeting {
  uid: string;
  organizer: string;
  invitees: Invitee[];
  /** The first start (UTC ms of 10:00 New York for series). */
  start: number;
  minutes: number;
  allDay?: boolean;
  cancelled?: boolean;
  series?: {
    frequency: 'weekly' | 'monthly-first-tuesday';
    count: number;
    exdates: number[];
    moved: { index: number; byHours: number }[];
    cancelled: number[];
  };
}

export interface Expected {
  type: 'CheckInHeld' | 'SkipLevelDone';
  leaderId: string;
  reportId: string;
  occurredAt: string;
  managerLoopedIn?: boolean;
  durationMinutes?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DST_START = Date.parse('2025-03-09T07:00:00Z');
const DST_END = Date.parse('2025-11-02T06:00:00Z');
/** 10:00 New York on a UTC date at midnight. */
export const tenInNewYork = (dateUtcMidnight: number) => {
  const summer = dateUtcMidnight + 14 * HOUR >= DST_START && dateUtcMidnight + 14 * HOUR < DST_END;
  return dateUtcMidnight + (summer ? 14 : 15) * HOUR;
};

/** The starts of a series, in order, as New York wall time says them. */
export function seriesStarts(meeting: Meeting): number[] {
  const first = Date.UTC(
    new Date(meeting.start).getUTCFullYear(),
    new Date(meeting.start).getUTCMonth(),
    new Date(meeting.start).getUTCDate(),
  );
  const starts: number[] = [];
  if (meeting.series!.frequency === 'weekly') {
    for (let k = 0; k < meeting.series!.count; k++) starts.push(tenInNewYork(first + k * 7 * DAY));
  } else {
    for (let month = 0; starts.length < meeting.series!.count; month++) {
      const day1 = Date.UTC(2025, month, 1);
      const tuesday = day1 + ((2 - new Date(day1).getUTCDay() + 7) % 7) * DAY;
      starts.push(tenInNewYork(tuesday));
    }
  }
  return starts;
}

const weekly = (overrides: Partial<NonNullable<Meeting['series']>> = {}) => ({
  frequency: 'weekly' as const,
  count: 52,
  exdates: [],
  moved: [],
  cancelled: [],
  ...overrides,
});
const JAN_6 = tenInNewYork(Date.UTC(2025, 0, 6));

export function meetings(): Meeting[] {
  const oneOnOnes: Meeting[] = PEOPLE.filter(([id]) => id.startsWith('i') && id !== 'i8').map(([report, manager], i) => ({
    uid: `1on1-${manager}-${report}@acme.test`,
    organizer: manager!,
    invitees: [{ personId: manager! }, { personId: report }],
    start: JAN_6 + i * DAY,
    minutes: 30,
    series: weekly({ exdates: [2], moved: [{ index: 4, byHours: 26 }], cancelled: [6] }),
  }));
  return [
    ...oneOnOnes,
    // The reorg: i8's 1:1s with m4 count until 1 July, those with m1 from then on.
    {
      uid: 'reorg-old@acme.test',
      organizer: 'm4',
      invitees: [{ personId: 'm4' }, { personId: 'i8' }],
      start: JAN_6,
      minutes: 30,
      series: weekly(),
    },
    {
      uid: 'reorg-new@acme.test',
      organizer: 'm1',
      invitees: [{ personId: 'm1' }, { personId: 'i8' }],
      start: JAN_6,
      minutes: 30,
      series: weekly(),
    },
    // Managers' 1:1s with their VP; the VP organizes, the manager is listed with a decline once (a single meeting).
    {
      uid: '1on1-vp1-m1@acme.test',
      organizer: 'vp1',
      invitees: [{ personId: 'm1' }],
      start: JAN_6,
      minutes: 45,
      series: weekly({ count: 20 }),
    },
    // Skip-levels: vp1 with i1, m1 looped in as optional; vp2 with i5 alone; the CEO with i3 once.
    {
      uid: 'skip-vp1-i1@acme.test',
      organizer: 'vp1',
      invitees: [{ personId: 'i1' }, { personId: 'm1', optional: true }],
      start: tenInNewYork(Date.UTC(2025, 0, 7)),
      minutes: 30,
      series: { frequency: 'monthly-first-tuesday', count: 12, exdates: [], moved: [], cancelled: [] },
    },
    {
      uid: 'skip-vp2-i5@acme.test',
      organizer: 'vp2',
      invitees: [{ personId: 'vp2' }, { personId: 'i5' }],
      start: tenInNewYork(Date.UTC(2025, 0, 7)),
      minutes: 30,
      series: { frequency: 'monthly-first-tuesday', count: 12, exdates: [], moved: [], cancelled: [] },
    },
    {
      uid: 'skip-ceo-i3@acme.test',
      organizer: 'ceo',
      invitees: [{ personId: 'i3' }],
      start: Date.parse('2025-04-15T16:00:00Z'),
      minutes: 60,
    },
    // Nothing to record: a decline, an all-day event, a cancelled single, a group meeting, an outsider, too long, not a pair.
    {
      uid: 'declined@acme.test',
      organizer: 'm2',
      invitees: [{ personId: 'i3', declined: true }],
      start: Date.parse('2025-05-05T16:00:00Z'),
      minutes: 30,
    },
    {
      uid: 'allday@acme.test',
      organizer: 'm1',
      invitees: [{ personId: 'i1' }],
      start: Date.UTC(2025, 5, 2),
      minutes: 24 * 60,
      allDay: true,
    },
    {
      uid: 'cancelled@acme.test',
      organizer: 'm1',
      invitees: [{ personId: 'i2' }],
      start: Date.parse('2025-06-03T16:00:00Z'),
      minutes: 30,
      cancelled: true,
    },
    {
      uid: 'group@acme.test',
      organizer: 'm1',
      invitees: [{ personId: 'i1' }, { personId: 'i2' }],
      start: Date.parse('2025-06-04T16:00:00Z'),
      minutes: 60,
    },
    {
      uid: 'outsider@acme.test',
      organizer: 'm1',
      invitees: [{ personId: 'i1' }, { email: 'coach@elsewhere.test' }],
      start: Date.parse('2025-06-05T16:00:00Z'),
      minutes: 60,
    },
    { uid: 'offsite@acme.test', organizer: 'm1', invitees: [{ personId: 'i1' }], start: Date.parse('2025-06-06T13:00:00Z'), minutes: 300 },
    { uid: 'peers@acme.test', organizer: 'i1', invitees: [{ personId: 'i3' }], start: Date.parse('2025-06-09T16:00:00Z'), minutes: 30 },
  ];
}

/** Each occurrence of a meeting: its original start, actual start, and whether it was cancelled; EXDATEs left out. */
export function occurrencesOf(meeting: Meeting): { original: number; start: number; cancelled: boolean }[] {
  if (!meeting.series) return [{ original: meeting.start, start: meeting.start, cancelled: meeting.cancelled ?? false }];
  const { exdates, moved, cancelled } = meeting.series;
  return seriesStarts(meeting).flatMap((start, index) =>
    exdates.includes(index)
      ? []
      : [
          {
            original: start,
            start: start + (moved.find((move) => move.index === index)?.byHours ?? 0) * HOUR,
            cancelled: cancelled.includes(index),
          },
        ],
  );
}

const managerAt = (personId: string, at: number) =>
  personId === 'i8' && at >= Date.parse(REORG_AT) ? 'm1' : PEOPLE.find(([id]) => id === personId)![1];

/** The facts the meetings record, by their construction above. */
export function expectedFacts(): Expected[] {
  const facts: Expected[] = [];
  for (const meeting of meetings()) {
    if (meeting.allDay || meeting.minutes > 240 || meeting.invitees.some((invitee) => invitee.email || invitee.declined)) continue;
    const people = [
      ...new Set([meeting.organizer, ...meeting.invitees.filter((invitee) => !invitee.optional).map((invitee) => invitee.personId!)]),
    ];
    if (people.length !== 2) continue;
    for (const { start, cancelled } of occurrencesOf(meeting)) {
      if (cancelled) continue;
      const occurredAt = new Date(start).toISOString();
      const [a, b] = people as [string, string];
      if (managerAt(b, start) === a || managerAt(a, start) === b) {
        const [leaderId, reportId] = managerAt(b, start) === a ? [a, b] : [b, a];
        facts.push({ type: 'CheckInHeld', leaderId, reportId, occurredAt, durationMinutes: meeting.minutes });
        continue;
      }
      const chainOf = (id: string) => {
        const chain: string[] = [];
        for (let m = managerAt(id, start); m; m = managerAt(m, start)) chain.push(m);
        return chain;
      };
      const [leaderId, reportId] = chainOf(b).includes(a) ? [a, b] : chainOf(a).includes(b) ? [b, a] : [undefined, undefined];
      if (!leaderId) continue;
      facts.push({
        type: 'SkipLevelDone',
        leaderId,
        reportId: reportId!,
        occurredAt,
        managerLoopedIn: meeting.invitees.some((invitee) => invitee.optional),
      });
    }
  }
  return facts;
}

const emailOfInvitee = (invitee: Invitee) => invitee.email ?? emailOf(invitee.personId!);
const utc = (at: number) => new Date(at).toISOString().replace(/[-:]|\.\d+/g, '');
const localDate = (at: number) => new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
const nyLocal = (at: number) => `${localDate(at)}T100000`;
const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const GRAPH_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const rrule = (meeting: Meeting) =>
  meeting.series!.frequency === 'weekly'
    ? `RRULE:FREQ=WEEKLY;COUNT=${meeting.series!.count};BYDAY=${DAYS[new Date(meeting.start).getUTCDay()]}`
    : `RRULE:FREQ=MONTHLY;COUNT=${meeting.series!.count};BYDAY=1TU`;

const VTIMEZONE = `BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE`;

function icsPeople(meeting: Meeting, reversed: boolean): string[] {
  const lines = meeting.invitees.map(
    (invitee) =>
      `ATTENDEE;CN=Someone;ROLE=${invitee.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT'};PARTSTAT=${invitee.declined ? 'DECLINED' : 'ACCEPTED'}:mailto:${emailOfInvitee(invitee)}`,
  );
  return [`ORGANIZER;CN=Organizer:mailto:${emailOf(meeting.organizer)}`, ...(reversed ? lines.reverse() : lines)];
}

/**
 * The meetings as one iCalendar file. Overrides come before their series
 * (exports order them freely); `fromOtherCalendar` lists attendees the other
 * way round, as the other person's calendar might.
 */
export function toIcs(all: readonly Meeting[], { withTimezone = true, fromOtherCalendar = false } = {}): string {
  const overrides: string[] = [];
  const events: string[] = [];
  for (const meeting of all) {
    const people = icsPeople(meeting, fromOtherCalendar);
    if (!meeting.series) {
      const when = meeting.allDay
        ? [`DTSTART;VALUE=DATE:${localDate(meeting.start)}`, `DTEND;VALUE=DATE:${localDate(meeting.start + DAY)}`]
        : [`DTSTART:${utc(meeting.start)}`, `DTEND:${utc(meeting.start + meeting.minutes * 60_000)}`];
      events.push(
        [
          'BEGIN:VEVENT',
          `UID:${meeting.uid}`,
          'SUMMARY:Meeting',
          ...when,
          ...(meeting.cancelled ? ['STATUS:CANCELLED'] : []),
          ...people,
          'END:VEVENT',
        ].join('\r\n'),
      );
      continue;
    }
    const starts = seriesStarts(meeting);
    const tz = withTimezone ? ZONE : ZONE;
    const exdates = meeting.series.exdates.map((index) => `EXDATE;TZID=${tz}:${nyLocal(starts[index]!)}`);
    events.push(
      [
        'BEGIN:VEVENT',
        `UID:${meeting.uid}`,
        'SUMMARY:1:1',
        `DTSTART;TZID=${tz}:${nyLocal(meeting.start)}`,
        `DTEND;TZID=${tz}:${localDate(meeting.start)}T${meeting.minutes === 45 ? '104500' : '103000'}`,
        rrule(meeting),
        ...exdates,
        ...people,
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT10M',
        'END:VALARM',
        'END:VEVENT',
      ].join('\r\n'),
    );
    for (const move of meeting.series.moved) {
      const moved = starts[move.index]! + move.byHours * HOUR;
      overrides.push(
        [
          'BEGIN:VEVENT',
          `UID:${meeting.uid}`,
          `RECURRENCE-ID;TZID=${tz}:${nyLocal(starts[move.index]!)}`,
          `DTSTART:${utc(moved)}`,
          `DTEND:${utc(moved + meeting.minutes * 60_000)}`,
          ...people,
          'END:VEVENT',
        ].join('\r\n'),
      );
    }
    for (const index of meeting.series.cancelled) {
      overrides.push(
        [
          'BEGIN:VEVENT',
          `UID:${meeting.uid}`,
          `RECURRENCE-ID;TZID=${tz}:${nyLocal(starts[index]!)}`,
          `DTSTART;TZID=${tz}:${nyLocal(starts[index]!)}`,
          `DTEND:${utc(starts[index]! + meeting.minutes * 60_000)}`,
          'STATUS:CANCELLED',
          ...people,
          'END:VEVENT',
        ].join('\r\n'),
      );
    }
  }
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//orghealth tests//EN',
    ...(withTimezone ? [VTIMEZONE.replaceAll('\n', '\r\n')] : []),
    ...overrides,
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const offsetText = (at: number) =>
  tenInNewYork(Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), new Date(at).getUTCDate())) -
    Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), new Date(at).getUTCDate()) ===
  14 * HOUR
    ? '-04:00'
    : '-05:00';

/** The meetings as Google Calendar `events.list` answers (singleEvents=false), in two pages. */
export function toGoogle(all: readonly Meeting[]): { items: unknown[] }[] {
  const items: unknown[] = [];
  for (const [n, meeting] of all.entries()) {
    const id = `g${n}`;
    const people = {
      organizer: { email: emailOf(meeting.organizer) },
      attendees: meeting.invitees.map((invitee) => ({
        email: emailOfInvitee(invitee),
        responseStatus: invitee.declined ? 'declined' : 'accepted',
        ...(invitee.optional ? { optional: true } : {}),
      })),
    };
    const time = (at: number) => ({ dateTime: new Date(at).toISOString() });
    if (!meeting.series) {
      const when = meeting.allDay
        ? { start: { date: isoDate(meeting.start) }, end: { date: isoDate(meeting.start + DAY) } }
        : { start: time(meeting.start), end: time(meeting.start + meeting.minutes * 60_000) };
      items.push({
        kind: 'calendar#event',
        id,
        iCalUID: meeting.uid,
        status: meeting.cancelled ? 'cancelled' : 'confirmed',
        ...when,
        ...people,
      });
      continue;
    }
    const starts = seriesStarts(meeting);
    const local = `${isoDate(meeting.start)}T10:00:00${offsetText(meeting.start)}`;
    const endLocal = `${isoDate(meeting.start)}T10:${meeting.minutes === 45 ? '45' : '30'}:00${offsetText(meeting.start)}`;
    const exdates = meeting.series.exdates.map((index) => `EXDATE;TZID=${ZONE}:${nyLocal(starts[index]!)}`);
    items.push({
      kind: 'calendar#event',
      id,
      iCalUID: meeting.uid,
      status: 'confirmed',
      start: { dateTime: local, timeZone: ZONE },
      end: { dateTime: endLocal, timeZone: ZONE },
      recurrence: [rrule(meeting), ...exdates],
      ...people,
    });
    for (const move of meeting.series.moved) {
      const moved = starts[move.index]! + move.byHours * HOUR;
      items.push({
        id: `${id}_${utc(starts[move.index]!)}`,
        iCalUID: meeting.uid,
        status: 'confirmed',
        recurringEventId: id,
        originalStartTime: { dateTime: new Date(starts[move.index]!).toISOString(), timeZone: ZONE },
        start: time(moved),
        end: time(moved + meeting.minutes * 60_000),
        ...people,
      });
    }
    for (const index of meeting.series.cancelled) {
      // Google answers a cancelled occurrence with only these fields.
      items.push({
        id: `${id}_${utc(starts[index]!)}`,
        status: 'cancelled',
        recurringEventId: id,
        originalStartTime: { dateTime: new Date(starts[index]!).toISOString(), timeZone: ZONE },
      });
    }
  }
  const half = Math.ceil(items.length / 2);
  return [{ items: items.slice(half) }, { items: items.slice(0, half) }];
}

/** The meetings as Microsoft Graph `events` answers: series masters with their exceptions (a deleted occurrence as a cancelled one). */
export function toGraph(all: readonly Meeting[]): { value: unknown[] }[] {
  const value: unknown[] = [];
  for (const [n, meeting] of all.entries()) {
    const id = `AAMk${n}`;
    const people = {
      organizer: { emailAddress: { address: emailOf(meeting.organizer) } },
      attendees: [
        { type: 'required', status: { response: 'organizer' }, emailAddress: { address: emailOf(meeting.organizer) } },
        ...meeting.invitees.map((invitee) => ({
          type: invitee.optional ? 'optional' : 'required',
          status: { response: invitee.declined ? 'declined' : 'accepted' },
          emailAddress: { address: emailOfInvitee(invitee) },
        })),
      ],
    };
    const utcTime = (at: number) => ({ dateTime: new Date(at).toISOString().replace('Z', '0000'), timeZone: 'UTC' });
    if (!meeting.series) {
      value.push({
        id,
        iCalUId: meeting.uid,
        type: 'singleInstance',
        isAllDay: meeting.allDay ?? false,
        isCancelled: meeting.cancelled ?? false,
        start: utcTime(meeting.start),
        end: utcTime(meeting.start + (meeting.allDay ? DAY : meeting.minutes * 60_000)),
        ...people,
      });
      continue;
    }
    const starts = seriesStarts(meeting);
    const pattern =
      meeting.series.frequency === 'weekly'
        ? { type: 'weekly', interval: 1, daysOfWeek: [GRAPH_DAYS[new Date(meeting.start).getUTCDay()]], firstDayOfWeek: 'sunday' }
        : { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'first' };
    value.push({
      id,
      iCalUId: meeting.uid,
      type: 'seriesMaster',
      isAllDay: false,
      isCancelled: false,
      start: { dateTime: `${isoDate(meeting.start)}T10:00:00.0000000`, timeZone: 'Eastern Standard Time' },
      end: {
        dateTime: `${isoDate(meeting.start)}T10:${meeting.minutes === 45 ? '45' : '30'}:00.0000000`,
        timeZone: 'Eastern Standard Time',
      },
      recurrence: {
        pattern,
        range: {
          type: 'numbered',
          startDate: isoDate(meeting.start),
          numberOfOccurrences: meeting.series.count,
          recurrenceTimeZone: 'Eastern Standard Time',
        },
      },
      ...people,
    });
    const exception = (index: number, start: number, cancelled: boolean) => ({
      id: `${id}-${index}`,
      iCalUId: `${meeting.uid}-occurrence-${index}`,
      type: 'exception',
      seriesMasterId: id,
      originalStart: new Date(starts[index]!).toISOString(),
      isCancelled: cancelled,
      start: utcTime(start),
      end: utcTime(start + meeting.minutes * 60_000),
      ...people,
    });
    for (const index of [...meeting.series.exdates, ...meeting.series.cancelled]) value.push(exception(index, starts[index]!, true));
    for (const move of meeting.series.moved) value.push(exception(move.index, starts[move.index]! + move.byHours * HOUR, false));
  }
  return [{ value }];
}
