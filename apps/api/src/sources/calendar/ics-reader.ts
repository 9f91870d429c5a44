import ICAL from 'ical.js';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { instantOf, tzidOf } from './ical-time.js';
import { emailOf, type Attendee, type MeetingDetails, type Occurrence } from './occurrence.js';
import type { ReadItem } from './read-item.js';
import { seriesStarts } from './series.js';

/** Participation roles that do not take part (RFC 5545 ROLE=NON-PARTICIPANT is for information only). */
const NOT_A_PERSON = new Set(['ROOM', 'RESOURCE']);

/**
 * The occurrences of an iCalendar export, read as it streams: each VEVENT is
 * parsed alone as soon as its END:VEVENT arrives, so memory holds one event,
 * the time zones, and the series masters. Masters wait for the end of the
 * file because an overridden occurrence (RECURRENCE-ID) may come anywhere in
 * it; single meetings and overrides are yielded at once.
 */
export async function* readIcs(body: Readable, until: number): AsyncGenerator<ReadItem> {
  const overridden = new Map<string, Set<number>>();
  const masters: string[] = [];
  let block: string[] | null = null;
  let blockEnd = '';
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
    if (block === null) {
      const upper = line.toUpperCase();
      if (upper === 'BEGIN:VEVENT' || upper === 'BEGIN:VTIMEZONE') {
        block = [line];
        blockEnd = `END:${upper.slice(6)}`;
      }
      continue;
    }
    block.push(line);
    if (line.toUpperCase() !== blockEnd) continue;
    const text = block.join('\r\n');
    block = null;
    let component: ICAL.Component;
    try {
      component = new ICAL.Component(ICAL.parse(text) as unknown[]);
    } catch (error) {
      yield { unreadable: `not valid iCalendar: ${(error as Error).message}` };
      continue;
    }
    if (blockEnd === 'END:VTIMEZONE') {
      // A zone the file defines is the one its times mean, even under a name the IANA database also has.
      ICAL.TimezoneService.register(component);
      continue;
    }
    const recurrenceId = component.getFirstProperty('recurrence-id');
    if (recurrenceId) {
      const uid = String(component.getFirstPropertyValue('uid') ?? '');
      const original = instantOf(recurrenceId.getFirstValue() as ICAL.Time, tzidOf(recurrenceId));
      if (original === undefined) {
        yield { unreadable: `RECURRENCE-ID names an unknown time zone ${tzidOf(recurrenceId)}`, uid };
        continue;
      }
      let set = overridden.get(uid);
      if (!set) overridden.set(uid, (set = new Set()));
      set.add(original);
      yield occurrenceOf(component, original);
    } else if (component.hasProperty('rrule') || component.hasProperty('rdate')) masters.push(text);
    else yield occurrenceOf(component, undefined);
  }
  for (const text of masters) yield* occurrencesOfSeries(new ICAL.Component(ICAL.parse(text) as unknown[]), until, overridden);
}

/** Who and what of a VEVENT, shared by all its occurrences. */
export function detailsOf(vevent: ICAL.Component): MeetingDetails {
  const attendees: Attendee[] = [];
  for (const property of vevent.getAllProperties('attendee')) {
    const email = emailOf(String(property.getFirstValue() ?? ''));
    const cutype = String(property.getParameter('cutype') ?? '').toUpperCase();
    const role = String(property.getParameter('role') ?? '').toUpperCase();
    if (!email || NOT_A_PERSON.has(cutype) || role === 'NON-PARTICIPANT') continue;
    attendees.push({
      email,
      declined: String(property.getParameter('partstat') ?? '').toUpperCase() === 'DECLINED',
      optional: role === 'OPT-PARTICIPANT',
    });
  }
  const organizer = emailOf(String(vevent.getFirstPropertyValue('organizer') ?? ''));
  const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  return {
    uid: String(vevent.getFirstPropertyValue('uid') ?? ''),
    allDay: start?.isDate ?? false,
    cancelled: String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED',
    ...(organizer ? { organizer } : {}),
    attendees,
  };
}

/** The event's length in ms (DTEND, else DURATION, else none). */
function lengthOf(event: ICAL.Event, vevent: ICAL.Component): number | undefined {
  const start = instantOf(event.startDate, tzidOf(vevent.getFirstProperty('dtstart')));
  const endProperty = vevent.getFirstProperty('dtend');
  const end = endProperty
    ? instantOf(event.endDate, tzidOf(endProperty) ?? tzidOf(vevent.getFirstProperty('dtstart')))
    : start! + event.duration.toSeconds() * 1000;
  return start === undefined || end === undefined ? undefined : end - start;
}

function occurrenceOf(vevent: ICAL.Component, original: number | undefined): ReadItem {
  const event = new ICAL.Event(vevent);
  const details = detailsOf(vevent);
  const tzid = tzidOf(vevent.getFirstProperty('dtstart'));
  const start = event.startDate ? instantOf(event.startDate, tzid) : undefined;
  const length = event.startDate ? lengthOf(event, vevent) : undefined;
  if (start === undefined || length === undefined)
    return { unreadable: `DTSTART or DTEND missing, or in an unknown time zone ${tzid ?? ''}`.trim(), uid: details.uid };
  return { occurrence: { ...details, occurrenceStart: original ?? start, start, end: start + length } };
}

function* occurrencesOfSeries(
  vevent: ICAL.Component,
  until: number,
  overridden: ReadonlyMap<string, ReadonlySet<number>>,
): Generator<ReadItem> {
  const details = detailsOf(vevent);
  const length = lengthOf(new ICAL.Event(vevent), vevent);
  const { starts, unknownZone } = seriesStarts(vevent, until, overridden.get(details.uid) ?? new Set());
  if (unknownZone !== undefined || length === undefined) {
    yield { unreadable: `the series starts in an unknown time zone ${unknownZone ?? ''}`.trim(), uid: details.uid };
    return;
  }
  for (const start of starts) yield { occurrence: { ...details, occurrenceStart: start, start, end: start + length } satisfies Occurrence };
}
