/** Wall-clock fields of a local date and time (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(zone: string): Intl.DateTimeFormat | null {
  let format = formats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    formats.set(zone, format);
  }
  return format;
}

/** Whether the IANA time zone database (as Node ships it) knows this name. */
export const isKnownZone = (zone: string) => formatFor(zone) !== null;

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(format: Intl.DateTimeFormat, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - (at - (at % 1000));
}

/**
 * The instant a wall-clock time names in an IANA zone, DST included: a
 * weekly 10:00 in America/New_York stays 10:00 local across the change. A
 * time skipped by a spring-forward gap moves forward by the gap, as
 * calendars do; an ambiguous one takes the earlier instant.
 */
export function wallTimeToInstant(time: WallTime, zone: string): number | undefined {
  const format = formatFor(zone);
  if (!format) return undefined;
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const first = asUtc - offsetAt(format, asUtc);
  const second = asUtc - offsetAt(format, first);
  if (second === first) return first;
  const earlier = Math.min(first, second);
  return earlier + offsetAt(format, earlier) === asUtc ? earlier : Math.max(first, second);
}

/** The wall-clock time an instant shows in an IANA zone. */
export function instantToWallTime(at: number, zone: string): WallTime | undefined {
  const format = formatFor(zone);
  if (!format) return undefined;
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `20260302T100000`, the iCalendar form of a local DATE-TIME. */
export const icalWallTime = (time: WallTime) =>
  `${pad(time.year, 4)}${pad(time.month)}${pad(time.day)}T${pad(time.hour)}${pad(time.minute)}${pad(time.second)}`;
