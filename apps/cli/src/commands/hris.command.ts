import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { ProgressBar } from '../progress-bar.js';
import { authHeaders, defaultUrl, UsageError, type CliCommand } from './command.js';

const SHOWN_PROBLEMS = 20;

interface SnapshotAnswer {
  message?: string;
  dryRun?: boolean;
  rows?: number;
  activeBefore?: number;
  leavers?: number;
  managerChanges?: number;
  counts?: Record<string, number>;
  recorded?: number;
  duplicates?: number;
  rejected?: { type: string; personId: string; reason: string }[];
  problems?: { row: number; column: string; message: string }[];
}

/** The diff as a person reads it: what joins, moves, leaves and changes. */
function summary(answer: SnapshotAnswer): string[] {
  const counts = answer.counts ?? {};
  return [
    `${answer.rows} rows; ${answer.activeBefore} people were active at effectiveAt`,
    `  ${counts.PersonJoined ?? 0} join, ${counts.ReportingLineChanged ?? 0} change manager, ${counts.PersonLeft ?? 0} leave, ${counts.PersonUpdated ?? 0} have other changes`,
  ];
}

/** Uploads an HR snapshot (CSV) to the engine, with a progress bar, and prints the difference it records. */
export const hrisCommand: CliCommand = {
  name: 'hris',
  summary: 'sync an HR snapshot (CSV of everyone and their manager) into an org',
  usage: `usage: orghealth hris sync FILE --org ORG_ID --effective-at ISO [--dry-run] [--force] [--url URL]

Sends FILE (a CSV with employee_id, manager_id and optional email, name, title,
status and attribute columns) as the org as the HR system saw it at
--effective-at. The engine records the difference with the org as recorded
then; a resend records nothing. A file with problems is refused whole, each
problem listed by row and column.

options:
  --org ID            the org
  --effective-at ISO  the instant the file describes (ISO-8601 with offset)
  --dry-run           show what would be recorded, record nothing
  --force             apply a snapshot the guard refuses (over 20 % leavers or 30 % manager changes)
  --url URL           the engine (default: ORGHEALTH_URL, else http://HOST:PORT = http://127.0.0.1:3000)

exit code: 0 recorded (or previewed), 2 refused or some changes rejected, 1 failure`,

  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'sync') throw new UsageError(sub === undefined ? 'name a subcommand: sync' : `unknown subcommand ${sub}: only sync`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        org: { type: 'string' },
        'effective-at': { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        url: { type: 'string' },
      },
      allowPositionals: true,
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('name exactly one FILE');
    if (!values.org) throw new UsageError('--org is required');
    if (!values['effective-at']) throw new UsageError('--effective-at is required');
    const query = new URLSearchParams({
      effectiveAt: values['effective-at'],
      dryRun: String(values['dry-run'] ?? false),
      force: String(values.force ?? false),
    });
    const url = new URL(`/v1/orgs/${encodeURIComponent(values.org)}/sources/hris/snapshots?${query}`, values.url ?? defaultUrl());
    const size = statSync(file).size;
    const bar = new ProgressBar(`hris sync ${file}`, size);
    const input = createReadStream(file, { highWaterMark: 1 << 20 });
    let sent = 0;
    input.on('data', (chunk) => {
      sent += chunk.length;
      bar.update(sent, 0);
    });

    const { status, answer } = await new Promise<{ status: number; answer: SnapshotAnswer }>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv', ...authHeaders() } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, answer: JSON.parse(body) as SnapshotAnswer });
          } catch {
            reject(new Error(`the engine answered ${res.statusCode}: ${body}`));
          }
        });
      });
      req.on('error', (error) => reject(new Error(`cannot reach the engine at ${url.origin}: ${error.message}`)));
      input.on('error', reject);
      input.pipe(req);
    });
    bar.finish(size, 0);

    if (status === 422 && answer.problems) {
      console.log(`refused: ${answer.message}`);
      for (const problem of answer.problems.slice(0, SHOWN_PROBLEMS))
        console.log(`  row ${problem.row}${problem.column ? `, column ${problem.column}` : ''}: ${problem.message}`);
      if (answer.problems.length > SHOWN_PROBLEMS) console.log(`  … and ${answer.problems.length - SHOWN_PROBLEMS} more problems`);
      return 2;
    }
    if (status === 409) {
      console.log(`refused: ${answer.message}`);
      if (answer.counts) for (const line of summary(answer)) console.log(line);
      return 2;
    }
    if (status !== 200) throw new Error(`the engine answered ${status}: ${answer.message ?? JSON.stringify(answer)}`);
    for (const line of summary(answer)) console.log(line);
    if (answer.dryRun) {
      console.log('dry run: nothing recorded');
      return 0;
    }
    const rejected = answer.rejected ?? [];
    console.log(`recorded ${answer.recorded}, already there ${answer.duplicates}, rejected ${rejected.length}`);
    for (const change of rejected.slice(0, SHOWN_PROBLEMS)) console.log(`  ${change.type} ${change.personId}: ${change.reason}`);
    return rejected.length > 0 ? 2 : 0;
  },
};
