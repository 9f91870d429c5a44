import { PassThrough } from 'node:stream';
import { readIcs } from './ics-reader.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const single = (uid: string) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTART:20250303T150000Z',
    'DTEND:20250303T153000Z',
    'ORGANIZER:mailto:M@acme.test',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:r@acme.test',
    'END:VEVENT',
  ].join('\r\n');

describe('readIcs', () => {
  it('yields a meeting as soon as its END:VEVENT arrives, before the rest of the file (streamed, never held whole)', async () => {
    const body = new PassThrough();
    const occurrences = readIcs(body, NOW);
    body.write(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${single('first')}\r\n`);
    const first = await occurrences.next();
    expect(first.value).toEqual({
      occurrence: {
        uid: 'first',
        occurrenceStart: Date.parse('2025-03-03T15:00:00Z'),
        start: Date.parse('2025-03-03T15:00:00Z'),
        end: Date.parse('2025-03-03T15:30:00Z'),
        allDay: false,
        cancelled: false,
        organizer: 'm@acme.test',
        attendees: [{ email: 'r@acme.test', declined: false, optional: false }],
      },
    });
    expect(body.writableEnded).toBe(false);
    body.end(`${single('second')}\r\nEND:VCALENDAR\r\n`);
    expect((await occurrences.next()).value).toMatchObject({ occurrence: { uid: 'second' } });
    expect((await occurrences.next()).done).toBe(true);
  });

  it('expands COUNT, INTERVAL, UNTIL, EXDATE and RDATE in an IANA zone the file does not define, and an override takes its occurrence’s place', async () => {
    const body = new PassThrough();
    body.end(
      [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:s',
        'RECURRENCE-ID;TZID=Europe/Paris:20250317T090000',
        'DTSTART;TZID=Europe/Paris:20250318T090000',
        'DTEND;TZID=Europe/Paris:20250318T093000',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:s',
        'DTSTART;TZID=Europe/Paris:20250303T090000',
        'DURATION:PT30M',
        'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20250501T000000Z',
        'EXDATE;TZID=Europe/Paris:20250331T090000',
        'RDATE;TZID=Europe/Paris:20250404T090000',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    const starts: [string, string][] = [];
    for await (const item of readIcs(body, NOW))
      if ('occurrence' in item)
        starts.push([new Date(item.occurrence.occurrenceStart).toISOString(), new Date(item.occurrence.start).toISOString()]);
    expect(starts).toEqual([
      ['2025-03-17T08:00:00.000Z', '2025-03-18T08:00:00.000Z'],
      ['2025-03-03T08:00:00.000Z', '2025-03-03T08:00:00.000Z'],
      // Paris moves to summer time on 30 March: 09:00 local is 07:00Z from then on.
      ['2025-04-04T07:00:00.000Z', '2025-04-04T07:00:00.000Z'],
      ['2025-04-14T07:00:00.000Z', '2025-04-14T07:00:00.000Z'],
      ['2025-04-28T07:00:00.000Z', '2025-04-28T07:00:00.000Z'],
    ]);
  });
});
