import { parseArgs } from 'node:util';
import { ProgressBar } from '../progress-bar.js';
import { callEngine, engineUrl } from '../engine-client.js';
import type { CliCommand } from './command.js';

type RebuildLine =
  | { type: 'progress'; projected: number; total: number; lastError: string | null }
  | { type: 'done'; projected: number; total: number; seconds: number }
  | { type: 'error'; message: string };

/** Replays every event into new analytics tables and swaps them in, with a progress bar. */
export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'replay every event into new analytics tables and swap them in',
  usage: `usage: orghealth rebuild [--url URL]

Replays the whole event stream of the running engine into new analytics
tables and swaps them in. The events are the source of truth: the numbers
afterwards are the same as before. Reads meanwhile answer from the old tables;
a rebuild cut short leaves them serving.

options:
  --url URL    the engine (default: ORGHEALTH_URL, else http://127.0.0.1:3000)`,

  async run(args) {
    const { values } = parseArgs({ args, options: { url: { type: 'string' } } });
    const response = await callEngine(engineUrl('/v1/admin/rebuild', values.url), { method: 'POST' });
    if (!response.body) throw new Error('the engine answered without a body');
    let bar: ProgressBar | undefined;
    let buffered = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, newline)) as RebuildLine;
        buffered = buffered.slice(newline + 1);
        if (line.type === 'error') throw new Error(line.message);
        bar ??= new ProgressBar('rebuild', line.total);
        if (line.type === 'progress') {
          bar.update(line.projected, line.projected);
          if (line.lastError) process.stderr.write(`\n  retrying: ${line.lastError}\n`);
        } else {
          bar.finish(line.projected, line.projected);
          console.log(`rebuilt the analytics from ${line.total} events in ${line.seconds.toFixed(1)} s`);
          return 0;
        }
      }
    }
    throw new Error('the engine closed the connection before the rebuild was done');
  },
};
