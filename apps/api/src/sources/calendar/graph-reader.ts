import { z } from 'zod';
import { emailOf, type Attendee, type MeetingDetails } from './occurrence.js';
import type { ReadItem } from './read-item.js';
import { seriesStarts } from './series.js';
import { seriesComponent } from './series-component.js';
import { isKnownZone, wallTimeToInstant } from './wall-clock.js';

/** The Windows zone names Outlook uses most, as IANA names (CLDR windowsZones, territory 001). */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'India Standard Time': 'Asia/Calcutta',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'E. South America Standard Time': 'America/Sao_Paulo',
};

const zoneOf = (name: string | undefined) => {
  if (name === undefined) return 'UTC';
  return WINDOWS_ZONES[name] ?? (isKnownZone(name) ? name : undefined);
};

const GraphTime = z.looseObject({ dateTime: z.string(), timeZone: z.string().optional() });

/** The fields of a Microsoft Graph event resource that a meeting is read from. */
const GraphEvent = z.looseObject({
  id: z.string(),
  iCalUId: z.string().optional(),
  type: z.enum(['singleInstance', 'occurrence', 'exception', 'seriesMaster']).optional(),
  seriesMasterId: z.string().nullish(),
  originalStart: z.string().nullish(),
  start: GraphTime.optional(),
  end: GraphTime.optional(),
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  organizer: z.looseObject({ emailAddress: z.looseObject({ address: z.string().optional() }).optional() }).optional(),
  attendees: z
    .array(
      z.looseObject({
        type: z.string().optional(),
        status: z.looseObject({ response: z.string().optional() }).nullish(),
        emailAddress: z.looseObject({ address: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  recurrence: z
    .looseObject({
      pattern: z.looseObject({
        type: z.enum(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']),
        interval: z.int().min(1).default(1),
        daysOfWeek: z.array(z.string()).optional(),
        dayOfMonth: z.int().optional(),
        month: z.int().optional(),
        firstDayOfWeek: z.string().optional(),
        index: z.enum(['first', 'second', 'third', 'fourth', 'last']).optional(),
      }),
      range: z.looseObject({
        type: z.enum(['endDate', 'noEnd', 'numbered']),
        endDate: z.string().nullish(),
        numberOfOccurrences: z.int().nullish(),
        recurrenceTimeZone: z.string().nullish(),
      }),
    })
    .nullish(),
});
type GraphEvent = z.infer<typeof GraphEvent>;
type Recurrence = NonNullable<GraphEvent['recurrence']>;

const DAY = { sunday: 'SU', monday: 'MO', tuesday: 'TU', wednesday: 'WE', thursday: 'TH', friday: 'FR', saturday: 'SA' } as Record<
  string,
  string
>;
const INDEX = { first: '1', second: '2', third: '3', fourth: '4', last: '-1' } as const;

/** A Graph patternedRecurrence as an RRULE line (the range's end date is inclusive, in the series' zone). */
function rruleOf({ pattern, range }: Recurrence, zone: string): string {
  const days = (pattern.daysOfWeek ?? []).map((day) => DAY[day.toLowerCase()]).filter(Boolean);
  const byDay = (prefix: string) => (days.length > 0 ? `;BYDAY=${days.map((day) => prefix + day).join(',')}` : '');
  const frequency = {
    daily: 'FREQ=DAILY',
    weekly: `FREQ=WEEKLY${byDay('')}${pattern.firstDayOfWeek ? `;WKST=${DAY[pattern.firstDayOfWeek.toLowerCase()]}` : ''}`,
    absoluteMonthly: `FREQ=MONTHLY;BYMONTHDAY=${pattern.dayOfMonth}`,
    relativeMonthly: `FREQ=MONTHLY${byDay(INDEX[pattern.index ?? 'first'])}`,
    absoluteYearly: `FREQ=YEARLY;BYMONTH=${pattern.month};BYMONTHDAY=${pattern.dayOfMonth}`,
    relativeYearly: `FREQ=YEARLY;BYMONTH=${pattern.month}${byDay(INDEX[pattern.index ?? 'first'])}`,
  }[pattern.type];
  let end = '';
  if (range.type === 'numbered' && range.numberOfOccurrences) end = `;COUNT=${range.numberOfOccurrences}`;
  if (range.type === 'endDate' && range.endDate) {
    const [year, month, day] = range.endDate.split('-').map(Number) as [number, number, number];
    const last = wallTimeToInstant({ year, month, day, hour: 23, minute: 59, second: 59 }, zone)!;
    end = `;UNTIL=${new Date(last).toISOString().replace(/[-:]|\.\d+/g, '')}`;
  }
  return `RRULE:${frequency};INTERVAL=${pattern.interval}${end}`;
}

function detailsOf(event: GraphEvent, uid: string): MeetingDetails {
  const attendees: Attendee[] = [];
  for (const attendee of event.attendees ?? []) {
    const email = emailOf(attendee.emailAddress?.address);
    if (!email || attendee.type === 'resource') continue;
    attendees.push({ email, declined: attendee.status?.response === 'declined', optional: attendee.type === 'optional' });
  }
  const organizer = emailOf(event.organizer?.emailAddress?.address);
  return { uid, allDay: event.isAllDay === true, cancelled: event.isCancelled === true, ...(organizer ? { organizer } : {}), attendees };
}

const instantOf = (time: z.infer<typeof GraphTime> | undefined): number | undefined => {
  if (!time) return undefined;
  if (/[zZ]|[+-]\d\d:\d\d$/.test(time.dateTime)) return Date.parse(time.dateTime);
  const zone = zoneOf(time.timeZone);
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(time.dateTime);
  if (!zone || !match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return wallTimeToInstant({ year, month, day, hour, minute, second }, zone);
};

/**
 * The occurrences of a Microsoft Graph `calendarView` or `events` answer:
 * `seriesMaster` patterns expanded in their zone, `occurrence` and
 * `exception` items (by `seriesMasterId` + `originalStart`) taking the place
 * of the occurrence they stand for, `isCancelled` ones as cancelled.
 */
export function* readGraph(items: readonly unknown[], until: number): Generator<ReadItem> {
  const events: GraphEvent[] = [];
  for (const item of items) {
    const parsed = GraphEvent.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else yield { unreadable: `not a Microsoft Graph event: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` };
  }
  const masters = new Map(events.filter((event) => event.type === 'seriesMaster').map((event) => [event.id, event]));
  const overridden = new Map<string, Set<number>>();
  for (const event of events) {
    if (event.type === 'seriesMaster') continue;
    const master = event.seriesMasterId ? masters.get(event.seriesMasterId) : undefined;
    // iCalUId is shared by every attendee's copy, while ids are per mailbox; Graph gives each occurrence its own iCalUId, so the series' is used when it is known.
    const uid = master?.iCalUId ?? event.iCalUId ?? event.id;
    const start = instantOf(event.start);
    const end = instantOf(event.end);
    const original = event.originalStart ? Date.parse(event.originalStart) : start;
    if (start === undefined || end === undefined || original === undefined || Number.isNaN(original)) {
      yield { unreadable: `start or end missing, or in an unknown time zone ${event.start?.timeZone ?? ''}`.trim(), uid };
      continue;
    }
    if (event.seriesMasterId) {
      let set = overridden.get(event.seriesMasterId);
      if (!set) overridden.set(event.seriesMasterId, (set = new Set()));
      set.add(original);
    }
    yield { occurrence: { ...detailsOf(event, uid), occurrenceStart: original, start, end } };
  }
  for (const master of masters.values()) {
    const uid = master.iCalUId ?? master.id;
    const start = instantOf(master.start);
    const end = instantOf(master.end);
    const zone = zoneOf(master.recurrence?.range.recurrenceTimeZone ?? master.start?.timeZone);
    const component =
      start !== undefined && zone && master.recurrence ? seriesComponent(start, zone, [rruleOf(master.recurrence, zone)]) : undefined;
    if (start === undefined || end === undefined || !component) {
      yield { unreadable: 'a seriesMaster without start, end, recurrence or a known time zone', uid };
      continue;
    }
    const details = detailsOf(master, uid);
    for (const at of seriesStarts(component, until, overridden.get(master.id) ?? new Set()).starts) {
      yield { occurrence: { ...details, cancelled: false, occurrenceStart: at, start: at, end: at + (end - start) } };
    }
  }
}
