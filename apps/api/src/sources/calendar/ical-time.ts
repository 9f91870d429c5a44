import ICAL from 'ical.js';
import { isKnownZone, wallTimeToInstant } from './wall-clock.js';

/** The zone a DATE-TIME property names, when it names one. */
export const tzidOf = (property: ICAL.Property | null): string | undefined => {
  const tzid = property?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
};

/**
 * The instant of an iCalendar time. A time whose zone the file defined
 * (VTIMEZONE) or that is UTC converts through ical.js; a TZID the file did
 * not define is read as an IANA name; a floating time (no zone at all) is
 * read as UTC, there being nothing better to go on.
 */
export function instantOf(time: ICAL.Time, tzid: string | undefined): number | undefined {
  const zone = time.zone?.tzid;
  if (zone && zone !== 'floating') return time.toUnixTime() * 1000;
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  if (tzid === undefined) return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return isKnownZone(tzid) ? wallTimeToInstant(wall, tzid) : undefined;
}
