import ICAL from 'ical.js';
import { instantOf, tzidOf } from './ical-time.js';

/** The recurrence of a series as iCalendar says it (Google and Graph series are said this way too). */
export interface SeriesStarts {
  /** Every start of the series up to `until` (ms), skipping `overridden` (RECURRENCE-IDs met elsewhere), in order. */
  starts: Iterable<number>;
  /** The DTSTART's zone was named but neither defined nor an IANA name. */
  unknownZone?: string;
}

/**
 * Expands an event's RRULE, RDATE and EXDATE with ical.js's recurrence
 * iterator (RFC 5545: COUNT, UNTIL, INTERVAL, BYDAY and the rest), in the
 * DTSTART's zone, so a series keeps its local time across DST changes.
 */
export function seriesStarts(vevent: ICAL.Component, until: number, overridden: ReadonlySet<number>): SeriesStarts {
  const event = new ICAL.Event(vevent);
  const tzid = tzidOf(vevent.getFirstProperty('dtstart'));
  if (instantOf(event.startDate, tzid) === undefined) return { starts: [], unknownZone: tzid };
  function* starts(): Generator<number> {
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const start = instantOf(next, tzidOf(vevent.getFirstProperty('dtstart')))!;
      if (start > until) return;
      if (!overridden.has(start)) yield start;
    }
  }
  return { starts: starts() };
}
