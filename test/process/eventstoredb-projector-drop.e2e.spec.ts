import { expectedTotals, projected, tableSnapshots, totalsOf } from '../support/analytics-snapshot.js';
import { demoLines } from '../support/demo-lines.js';
import { useEventStoreDbStack } from '../support/eventstoredb-stack.js';
import { postNdjson } from '../support/test-app.js';

const ORG = 'esdb-drop-e2e';
const TOTAL_EVENTS = 6_000;

describe('the projector on EventStoreDB when the server drops its subscription', () => {
  const stack = useEventStoreDbStack();

  it('catches up through two drops with every event stored once: no gap, no duplicate row', async () => {
    const { lines, events } = demoLines({ orgId: ORG, totalEvents: TOTAL_EVENTS });
    const recorder = await stack.startEngine('recorder');
    expect((await postNdjson(`${recorder.url}/v1/orgs/${ORG}/events/import`, lines)).body).toMatchObject({ accepted: TOTAL_EVENTS });
    await recorder.stop();

    // A second engine with empty analytics catches up from the start, and loses its subscription twice on the way.
    stack.server.dropSubscriptionsAfter(1_700);
    const opened = stack.server.subscriptionsOpened;
    const catchingUp = await stack.startEngine('catching-up');
    await projected(catchingUp.url, 120_000);
    // Live now: the node goes down, and what is recorded after must still arrive once.
    stack.server.dropSubscriptions();
    const late = demoLines({ orgId: `${ORG}-late`, totalEvents: 2_000 });
    expect((await postNdjson(`${catchingUp.url}/v1/orgs/${ORG}-late/events/import`, late.lines)).body).toMatchObject({ accepted: 2_000 });
    await projected(catchingUp.url, 60_000);

    expect(stack.server.subscriptionsOpened - opened).toBeGreaterThanOrEqual(3);
    const tables = await tableSnapshots(catchingUp.url);
    // Rows before FINAL: a duplicate delivery would show as a second row of an event.
    for (const table of Object.values(tables)) expect(table.rawRows).toBe(table.rows);
    const lateTotals = expectedTotals(late.events);
    const rows = Object.fromEntries(Object.entries(totalsOf(tables)).map(([name, totals]) => [name, totals.rows]));
    const expectedRows = Object.fromEntries(
      Object.entries(expectedTotals(events)).map(([name, totals]) => [name, totals.rows + lateTotals[name]!.rows]),
    );
    expect(rows).toEqual(expectedRows);
    expect(tables.dead_letters!.rows).toBe(0);
  }, 240_000);
});
