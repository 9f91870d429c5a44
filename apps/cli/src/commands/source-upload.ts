import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import type { SourceReport } from '../../../api/src/sources/source-report.js';
import { authHeaders, defaultUrl, UsageError } from './command.js';

/** What every source's `import` is told: one FILE, --org, the source's own choice (--format or --kind), --dry-run, --url. */
export interface ImportArgs {
  file: string;
  org: string;
  chosen: string;
  dryRun: boolean;
  engine: string;
}

export function importArgs(args: string[], choice: { option: 'format' | 'kind'; values: readonly string[] }): ImportArgs {
  const { values, positionals } = parseArgs({
    args,
    options: { [choice.option]: { type: 'string' }, org: { type: 'string' }, 'dry-run': { type: 'boolean' }, url: { type: 'string' } },
    allowPositionals: true,
  });
  const [action, file, ...rest] = positionals;
  if (action !== 'import') throw new UsageError('the only action is import');
  if (!file || rest.length > 0) throw new UsageError('name exactly one FILE');
  const { org, url } = values;
  if (typeof org !== 'string') throw new UsageError('--org is required');
  const chosen = values[choice.option];
  if (typeof chosen !== 'string' || !choice.values.includes(chosen))
    throw new UsageError(`--${choice.option} must be one of ${choice.values.join(', ')}`);
  return { file, org, chosen, dryRun: values['dry-run'] === true, engine: typeof url === 'string' ? url : defaultUrl() };
}

const SHOWN_PROBLEMS = 20;

/** Streams a file to a source endpoint of the engine and answers its report. */
export function uploadToSource(file: string, url: URL, contentType: string): Promise<SourceReport> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType, ...authHeaders() } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(JSON.parse(body) as SourceReport)
          : reject(new Error(`the engine answered ${res.statusCode}: ${body}`)),
      );
    });
    req.on('error', (error) => reject(new Error(`cannot reach the engine at ${url.origin}: ${error.message}`)));
    const input = createReadStream(file, { highWaterMark: 1 << 20 });
    input.on('error', reject);
    input.pipe(req);
  });
}

/** The report as lines for a person; the exit code: 0 nothing rejected, 2 some items rejected. */
export function printSourceReport(report: SourceReport): number {
  const recorded =
    Object.entries(report.recorded)
      .map(([type, count]) => `${count} ${type}`)
      .join(', ') || 'nothing new';
  console.log(
    `${report.read} read: ${report.dryRun ? 'would record' : 'recorded'} ${recorded}; ${report.duplicates} already recorded; ${report.rejected} rejected`,
  );
  const ignored = Object.entries(report.ignored).filter(([, count]) => count > 0);
  if (ignored.length > 0) console.log(`ignored: ${ignored.map(([reason, count]) => `${reason} ${count}`).join(', ')}`);
  for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) {
    const where = problem.row !== undefined ? `row ${problem.row}` : [problem.uid, problem.occurrence].filter(Boolean).join(' @ ');
    console.log(`  ${where}: ${problem.reason}`);
  }
  if (report.problemsTotal > SHOWN_PROBLEMS) console.log(`  … and ${report.problemsTotal - SHOWN_PROBLEMS} more`);
  return report.rejected > 0 ? 2 : 0;
}
