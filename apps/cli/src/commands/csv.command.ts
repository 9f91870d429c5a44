import { parseArgs } from 'node:util';
import { defaultUrl, UsageError, type CliCommand } from './command.js';
import { printSourceReport, uploadToSource } from './source-upload.js';

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
    const { values, positionals } = parseArgs({
      args,
      options: { kind: { type: 'string' }, org: { type: 'string' }, 'dry-run': { type: 'boolean' }, url: { type: 'string' } },
      allowPositionals: true,
    });
    const [action, file, ...rest] = positionals;
    if (action !== 'import') throw new UsageError('the only action is import');
    if (!file || rest.length > 0) throw new UsageError('name exactly one FILE');
    if (!values.org) throw new UsageError('--org is required');
    if (!values.kind || !KINDS.includes(values.kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
    const url = new URL(`/v1/orgs/${encodeURIComponent(values.org)}/sources/csv/${values.kind}`, values.url ?? defaultUrl());
    if (values['dry-run']) url.searchParams.set('dryRun', 'true');
    return printSourceReport(await uploadToSource(file, url, 'text/csv'));
  },
};
