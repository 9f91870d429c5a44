/** Someone invited to a meeting, as the calendar answered for them. */
export interface Attendee {
  /** Lower-cased: calendars and the HR system rarely agree on case. */
  email: string;
  declined: boolean;
  optional: boolean;
}

/** One occurrence of a meeting, whatever the calendar format it came from. */
export interface Occurrence {
  /** The meeting's UID across calendars (iCalendar UID, Google iCalUID, Graph iCalUId). */
  uid: string;
  /**
   * The occurrence's place in its series: its RECURRENCE-ID (original start)
   * when it is one of a series, else its start. Stable when an occurrence is
   * moved, so a moved meeting exported again keeps its id.
   */
  occurrenceStart: number;
  start: number;
  end: number;
  allDay: boolean;
  cancelled: boolean;
  organizer?: string;
  attendees: Attendee[];
}

/** What the whole of a meeting (a single one, or every occurrence of a series) shares. */
export type MeetingDetails = Pick<Occurrence, 'uid' | 'allDay' | 'cancelled' | 'organizer' | 'attendees'>;

/** `mailto:Ann@Example.com` → `ann@example.com`. */
export const emailOf = (address: string | undefined): string | undefined => {
  const email = address
    ?.replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  return email ? email : undefined;
};
