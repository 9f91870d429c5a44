import { InMemoryEventStore } from '@orghealth/event-store';
import { eventually } from '../../../event-store/src/contract/eventually.js';
import { personJoined } from '../../../domain/src/testing/builders.js';
import { openTestAnalytics, rows, type TestAnalytics } from '../testing/test-analytics.js';
import { append, readAllStored, sampleOrg, storeWith } from '../testing/sample-org.js';
import { projectEvents } from './project-events.js';
import { ProjectionTarget } from './projection-target.js';
import { Projector } from './projector.js';

const TABLES = [
  'reporting_lines',
  'check_ins',
  'feedback',
  'skip_levels',
  'outcomes',
  'plans_delegated',
  'plan_interventions',
  'approval_requests',
  'approval_resolutions',
  'decisions',
  'dead_letters',
];

/** What a metric can see of each table: rows, distinct events and a sum over them, all through FINAL. */
async function contents(analytics: TestAnalytics) {
  const snapshot: Record<string, unknown> = {};
  for (const table of TABLES) {
    const [row] = await rows<Record<string, string | number>>(
      analytics.client,
      `SELECT count() AS rows, uniqExact(event_id) AS events, sum(position) AS positions FROM ${table} FINAL`,
    );
    // A server quotes 64-bit integers in JSON, chDB does not.
    snapshot[table] = { rows: Number(row!.rows), events: Number(row!.events), positions: Number(row!.positions) };
  }
  return snapshot;
}

async function rawRowCount(analytics: TestAnalytics, table: string): Promise<number> {
  const [row] = await rows<{ n: string }>(analytics.client, `SELECT count() AS n FROM ${table}`);
  return Number(row!.n);
}

const future = () => ({ ...personJoined('E9', 'E1', '2026-05-01T09:00:00Z'), type: 'FutureThing' });

describe('exactly-once effect', () => {
  let analytics: TestAnalytics;

  beforeEach(async () => {
    analytics = await openTestAnalytics();
  });

  afterEach(() => analytics.dispose());

  it('leaves every table as if written once when the same batch is written three times', async () => {
    // Merges stopped: the copies stay on disk, so what folds them is the read, not a lucky merge.
    for (const table of TABLES) await analytics.client.command({ query: `SYSTEM STOP MERGES ${table}` });
    const stored = await readAllStored(await storeWith([...sampleOrg(), future()]));
    const batch = projectEvents(stored, new Date('2026-06-30T12:00:00Z'));
    const target = new ProjectionTarget(analytics.client, 'analytics');

    await target.write(batch);
    const once = await contents(analytics);
    await target.write(batch);
    await target.write(batch);

    expect(await contents(analytics)).toEqual(once);
    expect(once).toMatchObject({
      reporting_lines: { rows: 7, events: 7 },
      check_ins: { rows: 1 },
      plan_interventions: { rows: 2 },
      decisions: { rows: 2 },
      dead_letters: { rows: 1 },
    });
    expect(await rawRowCount(analytics, 'reporting_lines')).toBe(21);

    // A merge folds the copies for good.
    for (const table of TABLES) {
      await analytics.client.command({ query: `SYSTEM START MERGES ${table}` });
      await analytics.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    }
    expect(await rawRowCount(analytics, 'reporting_lines')).toBe(7);
    expect(await contents(analytics)).toEqual(once);
  });

  it('counts each event once after a crash between writing rows and saving the checkpoint', async () => {
    const events = sampleOrg();
    const store = await storeWith(events);
    const target = new ProjectionTarget(analytics.client, 'analytics');
    // The crashed run: rows of the first 11 events written, the checkpoint never saved.
    await target.write(projectEvents((await readAllStored(store)).slice(0, 11), new Date()));
    expect(await target.loadCheckpoint()).toBe(0);

    // The restart reads from the old checkpoint, in batches that do not line up with the crashed one.
    const projector = new Projector(store, analytics.client, { batchSize: 4, maxBatchDelayMs: 10 });
    projector.start();
    await eventually(async () => expect((await projector.status()).checkpoint).toBe(events.length));
    await projector.close();

    const reference = await openTestAnalytics();
    try {
      await new ProjectionTarget(reference.client, 'analytics').write(projectEvents(await readAllStored(store), new Date()));
      expect(await contents(analytics)).toEqual(await contents(reference));
    } finally {
      await reference.dispose();
    }
    expect(await target.loadCheckpoint()).toBe(events.length);
  });

  it('resumes from its checkpoint after a restart without writing the projected events again', async () => {
    await analytics.client.command({ query: 'SYSTEM STOP MERGES reporting_lines' });
    const store = new InMemoryEventStore();
    await append(store, sampleOrg().slice(0, 5));
    const first = new Projector(store, analytics.client, { maxBatchDelayMs: 10 });
    first.start();
    await eventually(async () => expect((await first.status()).checkpoint).toBe(5));
    await first.close();

    await append(store, sampleOrg().slice(5));
    const second = new Projector(store, analytics.client, { maxBatchDelayMs: 10 });
    second.start();
    await eventually(async () => expect((await second.status()).checkpoint).toBe(18));
    await second.close();

    // Exactly one write per event reached the table: the second run started after the first's checkpoint.
    expect(await rawRowCount(analytics, 'reporting_lines')).toBe(7);
    expect(await contents(analytics)).toMatchObject({ reporting_lines: { rows: 7 }, decisions: { rows: 2 } });
  });
});
