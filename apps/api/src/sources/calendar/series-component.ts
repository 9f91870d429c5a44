import ICAL from 'ical.js';
import { icalWallTime, instantToWallTime } from './wall-clock.js';

/**
 * A VEVENT holding only a series' start and recurrence lines, so that Google
 * and Graph series are expanded by the same iCalendar iterator as .ics
 * files: DTSTART in the series' IANA zone (its local time is what repeats).
 */
export function seriesComponent(start: number, zone: string | undefined, recurrence: readonly string[]): ICAL.Component | undefined {
  const wall = zone === undefined ? undefined : instantToWallTime(start, zone);
  if (zone !== undefined && !wall) return undefined;
  const dtstart = wall
    ? `DTSTART;TZID=${zone}:${icalWallTime(wall)}`
    : `DTSTART:${new Date(start).toISOString().replace(/[-:]|\.\d+/g, '')}`;
  const text = ['BEGIN:VEVENT', 'UID:series', dtstart, ...recurrence, 'END:VEVENT'].join('\r\n');
  return new ICAL.Component(ICAL.parse(text) as unknown[]);
}
