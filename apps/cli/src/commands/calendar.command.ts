import { parseArgs } from 'node:util';
import { defaultUrl, UsageError, type CliCommand } from './command.js';
import { printSourceReport, uploadToSource } from './source-upload.js';

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
    const { values, positionals } = parseArgs({
      args,
      options: { org: { type: 'string' }, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, url: { type: 'string' } },
      allowPositionals: true,
    });
    const [action, file, ...rest] = positionals;
    if (action !== 'import') throw new UsageError('the only action is import');
    if (!file || rest.length > 0) throw new UsageError('name exactly one FILE');
    if (!values.org) throw new UsageError('--org is required');
    if (!values.format || !FORMATS.includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const url = new URL(`/v1/orgs/${encodeURIComponent(values.org)}/sources/calendar`, values.url ?? defaultUrl());
    url.searchParams.set('format', values.format);
    if (values['dry-run']) url.searchParams.set('dryRun', 'true');
    return printSourceReport(await uploadToSource(file, url, values.format === 'ics' ? 'text/calendar' : 'application/json'));
  },
};
