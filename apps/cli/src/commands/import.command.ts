import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import type { ImportProgress, ImportReport } from '@orghealth/write-model';
import { engineUrl, refusal, unreachable } from '../engine-client.js';
import { countLines, firstLine } from '../ndjson-file.js';
import { ProgressBar } from '../progress-bar.js';
import { authHeaders, UsageError, type CliCommand } from './command.js';

type ImportLine = ({ type: 'progress' } & ImportProgress) | ({ type: 'report' } & ImportReport) | { type: 'error'; message: string };

const SHOWN_ERRORS = 20;

/** Streams an NDJSON file to the engine's import endpoint, drawing its progress lines as a bar. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import an NDJSON file of events into an org',
  usage: `usage: orghealth import FILE --org ORG_ID [--url URL]

Streams FILE (one event envelope per line) to the running engine. Every line is
accepted, reported as a duplicate, or rejected with its line number and reason;
a bad line costs no other. Resending a file records only what is missing.

options:
  --org ID     the org the events belong to (every line's orgId must match)
  --url URL    the engine (default: ORGHEALTH_URL, else http://HOST:PORT = http://127.0.0.1:3000)

exit code: 0 all lines accepted or duplicates, 2 some lines rejected, 1 failure`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { org: { type: 'string' }, url: { type: 'string' } },
      allowPositionals: true,
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('name exactly one FILE');
    if (!values.org) throw new UsageError('--org is required');
    await refuseOtherOrg(file, values.org);
    const lines = await countLines(file);
    const bar = new ProgressBar(`import ${file}`, lines, process.stderr, 'lines committed');
    const url = engineUrl(`/v1/orgs/${encodeURIComponent(values.org)}/events/import`, values.url);
    const input = createReadStream(file, { highWaterMark: 1 << 20 });

    const report = await new Promise<ImportReport>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson', ...authHeaders() } },
        (res) => {
          if (res.statusCode !== 200) {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => reject(refusal(res.statusCode ?? 0, body)));
            return;
          }
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
              const line = JSON.parse(buffered.slice(0, newline)) as ImportLine;
              buffered = buffered.slice(newline + 1);
              if (line.type === 'progress') bar.update(line.committedThroughLine, line.accepted + line.duplicates + line.rejected);
              else if (line.type === 'report') resolve(line);
              else reject(new Error(`the import failed: ${line.message}`));
            }
          });
          res.on('end', () => reject(new Error('the engine closed the connection before its report')));
        },
      );
      req.on('error', (error) => reject(unreachable(url, { cause: error })));
      input.on('error', reject);
      input.pipe(req);
    });

    bar.finish(lines, report.accepted + report.duplicates + report.rejected);
    console.log(`${report.lines} lines: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.rejected} rejected`);
    for (const error of report.errors.slice(0, SHOWN_ERRORS)) {
      console.log(`  line ${error.line}${error.eventId ? ` (${error.eventId})` : ''}: ${error.reason}`);
    }
    if (report.errorsTotal > SHOWN_ERRORS) console.log(`  … and ${report.errorsTotal - SHOWN_ERRORS} more rejected lines`);
    return report.rejected > 0 ? 2 : 0;
  },
};

/**
 * Every line must belong to --org: when the first does not, --org is almost surely mistyped, and sending the
 * file would only have every line rejected. Nothing is sent.
 */
async function refuseOtherOrg(file: string, org: string): Promise<void> {
  const line = await firstLine(file);
  let orgId: unknown;
  try {
    orgId = line === undefined ? undefined : (JSON.parse(line) as { orgId?: unknown } | null)?.orgId;
  } catch {
    return;
  }
  if (typeof orgId === 'string' && orgId !== org) {
    throw new UsageError(`--org ${org}: the file's first line belongs to org ${orgId}; every line must belong to --org (nothing was sent)`);
  }
}
