import type { CliCommand } from './command.js';
import { importArgs, printSourceReport, uploadToSource } from './source-upload.js';

const FORMATS = ['ics', 'google', 'graph'];

/** Sends a calendar export to the engine: its 1:1s and skip-levels recorded, every other meeting counted by reason. */
export const calendarCommand: CliCommand = {
  name: 'calendar',
  summary: 'import a calendar export (iCalendar, Google or Graph JSON): 1:1s and skip-levels',
  usage: `usage: orghealth calendar import FILE --org ORG_ID --format ics|google|graph [--dry-run] [--url URL]

Streams FILE to the running engine. Recurring meetings are expanded in their
time zone; every occurrence that has ended records a CheckInHeld or a
SkipLevelDone when its participants are a reporting pair, or is counted under
the reason it records nothing. Sending the same export again, or the other
attendee's calendar, records nothing more.

options:
  --org ID       the org the meetings belong to
  --format F     ics (an .ics file), google (events.list JSON), graph (calendarView/events JSON)
  --dry-run      answer what would be recorded, record nothing
  --url URL      the engine (default: ORGHEALTH_URL, else http://HOST:PORT)

exit code: 0 nothing rejected, 2 some occurrences rejected, 1 failure`,

  async run(args) {
    const { file, org, chosen: format, dryRun, engine } = importArgs(args, { option: 'format', values: FORMATS });
    const url = new URL(`/v1/orgs/${encodeURIComponent(org)}/sources/calendar`, engine);
    url.searchParams.set('format', format);
    if (dryRun) url.searchParams.set('dryRun', 'true');
    return printSourceReport(await uploadToSource(file, url, format === 'ics' ? 'text/calendar' : 'application/json'));
  },
};
