import { join } from 'node:path';
import {
  expectedTotals,
  health,
  metricSnapshots,
  projected,
  rebuild,
  someManagers,
  tableSnapshots,
  totalsOf,
  type TableTotals,
} from '../support/analytics-snapshot.js';
import { demoLines } from '../support/demo-lines.js';
import { NO_ALERT_EVALUATION } from '../support/engine-process.js';
import { useEventStoreDbStack } from '../support/eventstoredb-stack.js';
import { runCli } from '../support/run-cli.js';
import { postNdjson } from '../support/test-app.js';

const ORG = 'copy-store-e2e';
const TOTAL_EVENTS = 50_000;
const AS_OFS = ['2026-10-31T00:00:00Z', '2026-04-01T00:00:00Z'];

/** Rows and events per table: positions differ between the stores (SQLite counts events, EventStoreDB log bytes). */
const rowsAndEvents = (totals: Record<string, TableTotals>) =>
  Object.fromEntries(Object.entries(totals).map(([table, { rows, events }]) => [table, { rows, events }]));

describe('orghealth copy-store: from the embedded SQLite store to EventStoreDB', () => {
  const stack = useEventStoreDbStack();

  it('moves a generated 50k-event org in order, and the engine on EventStoreDB rebuilds the same metrics', async () => {
    const { lines, events } = demoLines({ orgId: ORG, totalEvents: TOTAL_EVENTS });
    const embeddedDir = join(stack.dir, 'embedded');
    const embedded = await stack.startEngine('embedded', { embedded: true, env: NO_ALERT_EVALUATION });
    expect((await postNdjson(`${embedded.url}/v1/orgs/${ORG}/events/import`, lines)).body).toMatchObject({ accepted: TOTAL_EVENTS });
    await projected(embedded.url);
    const people = await someManagers(embedded.url, ORG, 4);
    const before = await metricSnapshots(embedded.url, ORG, AS_OFS, people);
    const beforeTables = rowsAndEvents(totalsOf(await tableSnapshots(embedded.url)));
    await embedded.stop();

    const migrated = await runCli(['copy-store', '--from', join(embeddedDir, 'events.sqlite'), '--to', stack.server.connectionString]);

    expect(migrated).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^copied 50000 events to EventStoreDB \(0 were there already\)/),
    });
    expect(migrated.stderr).toMatch(/copy-store \[#+\] 100% 50,000 events/);
    const orgStream = stack.server.log.stream(`org-${ORG}`)!;
    // The eventId is in the body: each EventStoreDB record has an id of its own (docs/operations.md, idempotency).
    expect(orgStream.map((record) => (JSON.parse(Buffer.from(record.data).toString('utf8')) as { eventId: string }).eventId)).toEqual(
      events.map((event) => event.eventId),
    );
    expect(orgStream.map((record) => record.revision)).toEqual(events.map((_, index) => index));

    const onEventStoreDb = await stack.startEngine('scaled-out');
    await projected(onEventStoreDb.url, 120_000);
    expect((await health(onEventStoreDb.url)).eventStore.kind).toBe('eventstoredb');
    expect(await rebuild(onEventStoreDb.url)).toMatchObject({ type: 'done' });

    expect(rowsAndEvents(totalsOf(await tableSnapshots(onEventStoreDb.url)))).toEqual(beforeTables);
    expect(beforeTables).toEqual(rowsAndEvents(expectedTotals(events)));
    const after = await metricSnapshots(onEventStoreDb.url, ORG, AS_OFS, people);
    expect(after).toEqual(before);
    expect(Object.values(after).every((answer) => (answer as { status: number }).status === 200)).toBe(true);
    // Stopped, so that what the next test sees in the server's log is the copy-store command's alone (the engine records alerts).
    await onEventStoreDb.stop();
  }, 240_000);

  it('run again, copies nothing and changes nothing', async () => {
    const head = stack.server.log.records.length;

    const again = await runCli([
      'copy-store',
      '--from',
      join(stack.dir, 'embedded', 'events.sqlite'),
      '--to',
      stack.server.connectionString,
    ]);

    expect(again).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^copied 0 events to EventStoreDB \(50000 were there already\)/),
    });
    expect(stack.server.log.records.length).toBe(head);
  });

  it('refuses to run without a target, or without a store to copy from (exit 2, with the usage); its old name migrate is an alias', async () => {
    const noTarget = await runCli(['migrate', '--from', join(stack.dir, 'embedded', 'events.sqlite')]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/name the target: --to esdb:\/\/… or EVENTSTORE_CONNECTION_STRING[\s\S]*usage: orghealth copy-store/);

    const noStore = await runCli([
      'copy-store',
      '--from',
      join(stack.dir, 'nowhere', 'events.sqlite'),
      '--to',
      stack.server.connectionString,
    ]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/no event store at .*nowhere/);
  });
});
