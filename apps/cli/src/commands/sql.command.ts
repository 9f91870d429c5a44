import { parseArgs } from 'node:util';
import type { SqlResult } from '../../../api/src/sql/sql.schemas.js';
import { callEngine, engineUrl } from '../engine-client.js';
import { UsageError, type CliCommand } from './command.js';

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const tableCell = (value: unknown): string =>
  value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function formatCsv(result: SqlResult): string {
  return [result.columns.map((column) => csvCell(column.name)), ...result.rows.map((row) => row.map(csvCell))]
    .map((cells) => cells.join(','))
    .join('\n');
}

export function formatTable(result: SqlResult): string {
  const header = result.columns.map((column) => column.name);
  const body = result.rows.map((row) => row.map(tableCell));
  const widths = header.map((name, i) => Math.max(name.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' │ ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('─┼─'), ...body.map(line)].join('\n');
}

/** Read-only SQL over the analytics of the running engine, printed as a table or CSV. */
export const sqlCommand: CliCommand = {
  name: 'sql',
  summary: 'run read-only SQL over the analytics (table or CSV)',
  usage: `usage: orghealth sql "SELECT …" [--csv] [--param name=value …] [--max-rows N] [--url URL]

Runs one read-only ClickHouse statement against the engine's analytics (the
projected tables and the analyst views: see docs/analysts.md) and prints a
table, or CSV with --csv. Writes are refused.

options:
  --csv              print CSV (header first) instead of a table
  --param name=value a value for a {name:Type} placeholder (repeatable)
  --max-rows N       at most N rows (default 10000)
  --url URL          the engine (default: ORGHEALTH_URL, else http://127.0.0.1:3000)

example:
  orghealth sql "SELECT leader_id, count() FROM check_ins FINAL WHERE org_id = {org:String} GROUP BY leader_id" --param org=demo-acme`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        csv: { type: 'boolean' },
        param: { type: 'string', multiple: true },
        'max-rows': { type: 'string' },
        url: { type: 'string' },
      },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give the statement as one argument (quote it)');
    const params = Object.fromEntries(
      (values.param ?? []).map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new UsageError(`--param ${pair}: write name=value`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    );
    const maxRows = values['max-rows'] === undefined ? undefined : Number(values['max-rows']);
    if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0))
      throw new UsageError('--max-rows must be a positive whole number');
    const response = await callEngine(engineUrl('/v1/sql', values.url), {
      method: 'POST',
      body: { sql: positionals[0], params, ...(maxRows ? { maxRows } : {}) },
    });
    const body = (await response.json()) as SqlResult;
    console.log(values.csv ? formatCsv(body) : formatTable(body));
    // On stderr, so that CSV piped to a file stays CSV, yet nobody takes a cut-off answer for the whole one.
    console.error(
      `${body.rowCount} row${body.rowCount === 1 ? '' : 's'}${body.truncated ? ` (truncated at ${body.rowCount}: raise --max-rows)` : ''}`,
    );
    return 0;
  },
};
