import type { CliCommand } from './command.js';
import { importArgs, printSourceReport, uploadToSource } from './source-upload.js';

const KINDS = ['feedback', 'approvals', 'decisions'];

/** Sends a tool export (CSV) to the engine: every good row recorded, every bad one named by its number. */
export const csvCommand: CliCommand = {
  name: 'csv',
  summary: 'import a tool export (CSV) of feedback, approvals or people decisions',
  usage: `usage: orghealth csv import FILE --kind feedback|approvals|decisions --org ORG_ID [--dry-run] [--url URL]

Streams FILE (a CSV with the canonical columns of its kind, see docs/sources.md)
to the running engine. People are named by employee id or by email. Each row is
recorded, already recorded, or rejected with its row number and reason; a bad
row costs no other. Sending the same file again records nothing more.

options:
  --kind K       feedback, approvals or decisions
  --org ID       the org the rows belong to
  --dry-run      answer what would be recorded, record nothing
  --url URL      the engine (default: ORGHEALTH_URL, else http://HOST:PORT)

exit code: 0 nothing rejected, 2 some rows rejected, 1 failure`,

  async run(args) {
    const { file, org, chosen: kind, dryRun, engine } = importArgs(args, { option: 'kind', values: KINDS });
    const url = new URL(`/v1/orgs/${encodeURIComponent(org)}/sources/csv/${kind}`, engine);
    if (dryRun) url.searchParams.set('dryRun', 'true');
    return printSourceReport(await uploadToSource(file, url, 'text/csv'));
  },
};
