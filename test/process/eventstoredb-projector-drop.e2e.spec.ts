import { join } from 'node:path';
import { EventStoreDbTestServer } from '../eventstoredb-server/eventstoredb-test-server.js';
import { analyticsReady, expectedTotals, projected, tableSnapshots, totalsOf } from '../support/analytics-snapshot.js';
import { demoLines } from '../support/demo-lines.js';
import { EngineProcess } from '../support/engine-process.js';
import { postNdjson } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

const ORG = 'esdb-drop-e2e';
const TOTAL_EVENTS = 6_000;

describe('the projector on EventStoreDB when the server drops its subscription', () => {
  const dir = tempDir();
  const engines: EngineProcess[] = [];
  let server: EventStoreDbTestServer;
  beforeAll(async () => {
    server = await EventStoreDbTestServer.start();
  });
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.kill()));
    await server.stop();
    dir.remove();
  });

  const start = async (name: string) => {
    const engine = await EngineProcess.start(join(dir.path, name), { EVENTSTORE_CONNECTION_STRING: server.connectionString });
    engines.push(engine);
    await analyticsReady(engine.url);
    return engine;
  };

  it('catches up through two drops with every event stored once: no gap, no duplicate row', async () => {
    const { lines, events } = demoLines({ orgId: ORG, totalEvents: TOTAL_EVENTS });
    const recorder = await start('recorder');
    expect((await postNdjson(`${recorder.url}/v1/orgs/${ORG}/events/import`, lines)).body).toMatchObject({ accepted: TOTAL_EVENTS });
    await recorder.stop();

    // A second engine with empty analytics catches up from the start, and loses its subscription twice on the way.
    server.dropSubscriptionsAfter(1_700);
    const opened = server.subscriptionsOpened;
    const catchingUp = await start('catching-up');
    await projected(catchingUp.url, 120_000);
    // Live now: the node goes down, and what is recorded after must still arrive once.
    server.dropSubscriptions();
    const late = demoLines({ orgId: `${ORG}-late`, totalEvents: 2_000 });
    expect((await postNdjson(`${catchingUp.url}/v1/orgs/${ORG}-late/events/import`, late.lines)).body).toMatchObject({ accepted: 2_000 });
    await projected(catchingUp.url, 60_000);

    expect(server.subscriptionsOpened - opened).toBeGreaterThanOrEqual(3);
    const tables = await tableSnapshots(catchingUp.url);
    // Rows before FINAL: a duplicate delivery would show as a second row of an event.
    for (const table of Object.values(tables)) expect(table.rawRows).toBe(table.rows);
    const lateTotals = expectedTotals(late.events);
    const rows = Object.fromEntries(Object.entries(totalsOf(tables)).map(([name, totals]) => [name, totals.rows]));
    const expectedRows = Object.fromEntries(Object.entries(expectedTotals(events)).map(([name, totals]) => [name, totals.rows + lateTotals[name]!.rows]));
    expect(rows).toEqual(expectedRows);
    expect(tables.dead_letters!.rows).toBe(0);
  }, 240_000);
});
