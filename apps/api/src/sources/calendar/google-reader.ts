import { z } from 'zod';
import { emailOf, type Attendee, type MeetingDetails } from './occurrence.js';
import type { ReadItem } from './read-item.js';
import { seriesStarts } from './series.js';
import { seriesComponent } from './series-component.js';

const GoogleTime = z.looseObject({ dateTime: z.string().optional(), date: z.string().optional(), timeZone: z.string().optional() });

/** The fields of a Google Calendar API Event resource that a meeting is read from. */
const GoogleEvent = z.looseObject({
  id: z.string(),
  iCalUID: z.string().optional(),
  status: z.string().optional(),
  start: GoogleTime.optional(),
  end: GoogleTime.optional(),
  recurrence: z.array(z.string()).optional(),
  recurringEventId: z.string().optional(),
  originalStartTime: GoogleTime.optional(),
  organizer: z.looseObject({ email: z.string().optional() }).optional(),
  attendees: z
    .array(
      z.looseObject({
        email: z.string().optional(),
        responseStatus: z.string().optional(),
        optional: z.boolean().optional(),
        resource: z.boolean().optional(),
      }),
    )
    .optional(),
});
type GoogleEvent = z.infer<typeof GoogleEvent>;

const instantOf = (time: z.infer<typeof GoogleTime> | undefined) => {
  const text = time?.dateTime ?? (time?.date === undefined ? undefined : `${time.date}T00:00:00Z`);
  const at = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
};

function detailsOf(event: GoogleEvent, uid: string): MeetingDetails {
  const attendees: Attendee[] = [];
  for (const attendee of event.attendees ?? []) {
    const email = emailOf(attendee.email);
    if (!email || attendee.resource) continue;
    attendees.push({ email, declined: attendee.responseStatus === 'declined', optional: attendee.optional === true });
  }
  const organizer = emailOf(event.organizer?.email);
  return {
    uid,
    allDay: event.start?.date !== undefined,
    cancelled: event.status === 'cancelled',
    ...(organizer ? { organizer } : {}),
    attendees,
  };
}

/**
 * The occurrences of a Google Calendar `events.list` answer: series
 * (`recurrence`) expanded in their `start.timeZone`, instances and
 * exceptions (`recurringEventId` + `originalStartTime`) taking the place of
 * the occurrence they override, cancelled ones included as cancelled.
 */
export function* readGoogle(items: readonly unknown[], until: number): Generator<ReadItem> {
  const events: GoogleEvent[] = [];
  for (const item of items) {
    const parsed = GoogleEvent.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else yield { unreadable: `not a Google Calendar event: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` };
  }
  const masters = new Map(events.filter((event) => event.recurrence).map((event) => [event.id, event]));
  const overridden = new Map<string, Set<number>>();
  for (const event of events) {
    if (event.recurringEventId === undefined) continue;
    const master = masters.get(event.recurringEventId);
    const uid = event.iCalUID ?? master?.iCalUID ?? event.recurringEventId;
    const original = instantOf(event.originalStartTime);
    if (original === undefined) {
      yield { unreadable: 'an instance without originalStartTime', uid };
      continue;
    }
    let set = overridden.get(event.recurringEventId);
    if (!set) overridden.set(event.recurringEventId, (set = new Set()));
    set.add(original);
    const masterLength = master ? (instantOf(master.end) ?? 0) - (instantOf(master.start) ?? 0) : 0;
    const start = instantOf(event.start) ?? original;
    const end = instantOf(event.end) ?? start + masterLength;
    const details = detailsOf(
      {
        ...master,
        ...event,
        start: event.start ?? master?.start,
        attendees: event.attendees ?? master?.attendees,
        organizer: event.organizer ?? master?.organizer,
      },
      uid,
    );
    yield { occurrence: { ...details, occurrenceStart: original, start, end } };
  }
  for (const event of events) {
    if (event.recurringEventId !== undefined) continue;
    const uid = event.iCalUID ?? event.id;
    const start = instantOf(event.start);
    const end = instantOf(event.end);
    if (start === undefined || end === undefined) {
      yield { unreadable: 'start or end missing or not a date', uid };
      continue;
    }
    const details = detailsOf(event, uid);
    if (!event.recurrence) {
      yield { occurrence: { ...details, occurrenceStart: start, start, end } };
      continue;
    }
    const zone = event.start?.date !== undefined ? undefined : event.start?.timeZone;
    const component = seriesComponent(start, zone, event.recurrence);
    if (!component) {
      yield { unreadable: `the series is in an unknown time zone ${zone}`, uid };
      continue;
    }
    for (const at of seriesStarts(component, until, overridden.get(event.id) ?? new Set()).starts) {
      yield { occurrence: { ...details, occurrenceStart: at, start: at, end: at + (end - start) } };
    }
  }
}
