import { parseArgs } from 'node:util';
import { writeDemoNdjson } from '@orghealth/demo';
import { UsageError, type CliCommand } from './command.js';

const positiveInteger = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${name} must be a positive whole number`);
  return number;
};

/** Writes a generated org (with planted unhealthy managers) to an NDJSON file, ready for `orghealth import`. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'generate a demo org as an NDJSON file',
  usage: `usage: orghealth demo --out FILE [--org ID] [--people N] [--events N] [--seed N] [--end INSTANT]

Generates a realistic org: 4–7 layers, a year of practice events up to --end,
and a few managers who micromanage, hoard decisions, sit on approvals or give
no feedback (listed when it is done). The same options give the same file.

options:
  --out FILE     where to write the events (NDJSON)
  --org ID       org id (default demo-acme)
  --people N     head count (default 300)
  --events N     about how many events (default: 100 per person)
  --seed N       random seed (default 1)
  --end INSTANT  the end of the year of activity, ISO-8601 with offset (default now)

then: orghealth import FILE --org ID`,

  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        org: { type: 'string' },
        people: { type: 'string' },
        events: { type: 'string' },
        seed: { type: 'string' },
        end: { type: 'string' },
      },
    });
    if (!values.out) throw new UsageError('--out is required');
    const totalEvents = positiveInteger('--events', values.events);
    const people = positiveInteger('--people', values.people);
    const started = Date.now();
    const { plan, events } = await writeDemoNdjson(values.out, {
      ...(values.org ? { orgId: values.org } : {}),
      ...(people ? { people } : {}),
      ...(totalEvents ? { totalEvents } : {}),
      ...(values.seed ? { seed: positiveInteger('--seed', values.seed)! } : {}),
      end: values.end ?? new Date().toISOString(),
    });
    console.log(
      `${values.out}: org ${plan.orgId}, ${plan.people} people, ${plan.layers} layers, ${events} events (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    for (const [pattern, managers] of Object.entries(plan.planted)) {
      if (managers.length > 0) console.log(`  planted ${pattern}: ${managers.join(', ')}`);
    }
    return 0;
  },
};
