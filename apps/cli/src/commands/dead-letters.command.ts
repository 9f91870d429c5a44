import { parseArgs } from 'node:util';
import type { SqlResult } from '../../../api/src/sql/sql.schemas.js';
import { callEngine, engineUrl } from '../engine-client.js';
import type { CliCommand } from './command.js';
import { formatTable } from './sql.command.js';

const DEAD_LETTERS_SQL = `SELECT position, event_id, org_id, type, reason, dead_at FROM dead_letters FINAL ORDER BY position LIMIT {limit:UInt32}`;

/** The events the projector could not handle, with why: they are kept, never skipped silently. */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  summary: 'list the events the projector could not handle, with the reason',
  usage: `usage: orghealth dead-letters [--limit N] [--url URL]

Lists the events the projector set aside (an unknown event type or schema
version, or data it could not map), oldest first, with the reason. They stay
in the event store; fix the projector and run \`orghealth rebuild\`.

options:
  --limit N    at most N (default 100)
  --url URL    the engine (default: ORGHEALTH_URL, else http://127.0.0.1:3000)`,

  async run(args) {
    const { values } = parseArgs({ args, options: { limit: { type: 'string' }, url: { type: 'string' } } });
    const response = await callEngine(engineUrl('/v1/sql', values.url), {
      method: 'POST',
      body: { sql: DEAD_LETTERS_SQL, params: { limit: Number(values.limit ?? 100) } },
    });
    const body = (await response.json()) as SqlResult;
    if (body.rowCount === 0) {
      console.log('no dead letters: the projector handled every event');
      return 0;
    }
    console.log(formatTable(body));
    return 0;
  },
};
