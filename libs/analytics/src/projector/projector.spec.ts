import { InMemoryEventStore } from '@orghealth/event-store';
import { eventually } from '../../../event-store/src/contract/eventually.js';
import { checkInHeld, personJoined } from '../../../domain/src/testing/builders.js';
import { openTestAnalytics, rows, type TestAnalytics } from '../testing/test-analytics.js';
import { append, sampleOrg, storeWith } from '../testing/sample-org.js';
import { Projector } from './projector.js';

describe('Projector', () => {
  let analytics: TestAnalytics;
  let projector: Projector | undefined;

  beforeEach(async () => {
    analytics = await openTestAnalytics();
  });

  afterEach(async () => {
    await projector?.close();
    projector = undefined;
    await analytics.dispose();
  });

  const start = (store: InMemoryEventStore, options: ConstructorParameters<typeof Projector>[2] = {}) => {
    projector = new Projector(store, analytics.client, { maxBatchDelayMs: 10, retryInitialDelayMs: 5, retryMaxDelayMs: 20, ...options });
    projector.start();
    return projector;
  };

  const caughtUp = (position: number) => eventually(async () => expect((await projector!.status()).checkpoint).toBe(position));

  it('writes each practice to its table with the columns the metrics need', async () => {
    const events = sampleOrg();
    start(await storeWith(events));
    await caughtUp(events.length);

    const select = (query: string) => rows(analytics.client, query);
    expect(
      await select(
        "SELECT person_id, change, manager_id, occurred_at FROM reporting_lines FINAL WHERE person_id IN ('E4', 'E5') ORDER BY person_id, occurred_at",
      ),
    ).toEqual([
      { person_id: 'E4', change: 'joined', manager_id: 'E2', occurred_at: '2026-01-03 09:00:00.000' },
      { person_id: 'E4', change: 'moved', manager_id: 'E3', occurred_at: '2026-03-01 09:00:00.000' },
      { person_id: 'E5', change: 'joined', manager_id: 'E2', occurred_at: '2026-01-03 09:00:00.000' },
      { person_id: 'E5', change: 'left', manager_id: null, occurred_at: '2026-04-01 09:00:00.000' },
    ]);
    expect(await select('SELECT org_id, check_in_id, leader_id, report_id, duration_minutes, progress FROM check_ins FINAL')).toEqual([
      { org_id: 'acme', check_in_id: 'CI1', leader_id: 'E2', report_id: 'E4', duration_minutes: 45, progress: 'at_risk' },
    ]);
    expect(await select('SELECT giver_id, receiver_id, kind, solicited FROM feedback FINAL')).toEqual([
      { giver_id: 'E4', receiver_id: 'E2', kind: 'coaching', solicited: true },
    ]);
    expect(await select('SELECT leader_id, report_id, manager_looped_in FROM skip_levels FINAL')).toEqual([
      { leader_id: 'E1', report_id: 'E4', manager_looped_in: false },
    ]);
    expect(await select('SELECT outcome_id, leader_id, co_created_with FROM outcomes FINAL')).toEqual([
      { outcome_id: 'O1', leader_id: 'E2', co_created_with: ['E4', 'E5'] },
    ]);
    expect(
      await select('SELECT plan_id, outcome_id, delegator_id, owner_id, decision_rights, budget_limit FROM plans_delegated FINAL'),
    ).toEqual([
      { plan_id: 'P1', outcome_id: 'O1', delegator_id: 'E2', owner_id: 'E4', decision_rights: ['approach', 'budget'], budget_limit: 5000 },
    ]);
    expect(await select('SELECT action, plan_id, by_id, aspect FROM plan_interventions FINAL ORDER BY occurred_at')).toEqual([
      { action: 'reclaimed', plan_id: 'P1', by_id: 'E2', aspect: null },
      { action: 'overridden', plan_id: 'P1', by_id: 'E1', aspect: 'budget' },
    ]);
    // Hours an approval waited: what medianApprovalHours is made of.
    expect(
      await select(`
        SELECT request_id, approver_id, outcome, dateDiff('minute', requested.occurred_at, resolved.occurred_at) / 60 AS hours
        FROM approval_requests AS requested FINAL
        JOIN approval_resolutions AS resolved FINAL USING (org_id, request_id)`),
    ).toEqual([{ request_id: 'R1', approver_id: 'E2', outcome: 'declined', hours: 30.5 }]);
    expect(
      await select('SELECT decision_id, kind, subject_id, decider_id, approver_ids, unilateral FROM decisions FINAL ORDER BY decision_id'),
    ).toEqual([
      { decision_id: 'D1', kind: 'promotion', subject_id: 'E4', decider_id: 'E2', approver_ids: ['E2'], unilateral: true },
      { decision_id: 'D2', kind: 'hire', subject_id: 'E9', decider_id: 'E1', approver_ids: ['E1', 'E3'], unilateral: false },
    ]);
    expect(await projector!.status()).toEqual({ running: true, checkpoint: events.length, deadLetters: 0, lastError: null });
  });

  it('dead-letters an event of an unknown type and projects the ones after it', async () => {
    const store = await storeWith([personJoined('E1', null, '2026-01-01T09:00:00Z')]);
    const future = { ...personJoined('E2', 'E1', '2026-01-02T09:00:00Z'), type: 'FutureThing' };
    await append(store, [future, personJoined('E3', 'E1', '2026-01-03T09:00:00Z')]);
    start(store);
    await caughtUp(3);

    expect(await rows(analytics.client, 'SELECT person_id FROM reporting_lines FINAL ORDER BY person_id')).toEqual([
      { person_id: 'E1' },
      { person_id: 'E3' },
    ]);
    const [letter] = await rows<{ position: number; event_id: string; type: string; reason: string; raw: string }>(
      analytics.client,
      'SELECT position, event_id, type, reason, raw FROM dead_letters FINAL',
    );
    expect(letter).toMatchObject({
      position: 2,
      event_id: future.eventId,
      type: 'FutureThing',
      reason: 'UnprojectableEventError: unknown event type "FutureThing"',
    });
    expect(JSON.parse(letter!.raw)).toMatchObject({ type: 'FutureThing', data: { personId: 'E2' } });
    expect(await projector!.status()).toMatchObject({ running: true, checkpoint: 3, deadLetters: 1 });
  });

  it('gives way to the write side while it is busy, for a bounded time, then catches up', async () => {
    const events = sampleOrg();
    let writesBusy = true;
    start(await storeWith(events), { yieldTo: () => writesBusy, maxYieldMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await projector!.status()).checkpoint).toBe(0);
    writesBusy = false;
    await caughtUp(events.length);
  });

  it('never waits longer than maxYieldMs, however busy the write side stays', async () => {
    const events = sampleOrg();
    start(await storeWith(events), { yieldTo: () => true, maxYieldMs: 200 });
    await caughtUp(events.length);
  });

  it('gathers a quiet stream into one write within the batch delay', async () => {
    const store = new InMemoryEventStore();
    start(store, { batchSize: 1000, maxBatchDelayMs: 50 });
    await append(store, [personJoined('E1', null, '2026-01-01T09:00:00Z')]);
    await append(store, [personJoined('E2', 'E1', '2026-01-01T09:00:00Z')]);
    await caughtUp(2);
    const [parts] = await rows<{ n: number }>(
      analytics.client,
      "SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND table = 'reporting_lines'",
    );
    expect(Number(parts!.n)).toBe(1);
  });

  it('retries a failed write with backoff until ClickHouse takes it, without losing or repeating an event', async () => {
    const store = await storeWith([personJoined('E1', null, '2026-01-01T09:00:00Z')]);
    start(store);
    await caughtUp(1);

    // The table disappears, as it would behind a server that is down: writes fail until it is back.
    await analytics.client.command({ query: 'RENAME TABLE check_ins TO check_ins_away' });
    await append(store, [checkInHeld({ leaderId: 'E1', reportId: 'E2', at: '2026-01-05T09:00:00Z' })]);
    await eventually(async () => expect((await projector!.status()).lastError).toMatch(/check_ins/));
    expect((await projector!.status()).checkpoint).toBe(1);

    await analytics.client.command({ query: 'RENAME TABLE check_ins_away TO check_ins' });
    await caughtUp(2);
    expect(await projector!.status()).toMatchObject({ running: true, lastError: null });
    expect(await rows(analytics.client, 'SELECT leader_id FROM check_ins FINAL')).toEqual([{ leader_id: 'E1' }]);
  });

  it('resumes from its checkpoint when reading the event store fails', async () => {
    class FlakyStore extends InMemoryEventStore {
      failures = 0;
      override async readAll(after: number, limit: number) {
        if (after === 1 && this.failures++ === 0) throw new Error('disk I/O error');
        return super.readAll(after, limit);
      }
    }
    const store = new FlakyStore();
    await append(store, [personJoined('E1', null, '2026-01-01T09:00:00Z')]);
    start(store, { batchSize: 1 });
    await caughtUp(1);
    await append(store, [personJoined('E2', 'E1', '2026-01-02T09:00:00Z')]);
    await caughtUp(2);
    expect(store.failures).toBeGreaterThan(1);
    expect(await rows(analytics.client, 'SELECT person_id FROM reporting_lines FINAL ORDER BY person_id')).toEqual([
      { person_id: 'E1' },
      { person_id: 'E2' },
    ]);
  });

  it('stops on close, and another projector goes on from the checkpoint', async () => {
    const store = await storeWith([personJoined('E1', null, '2026-01-01T09:00:00Z')]);
    start(store);
    await caughtUp(1);
    await projector!.close();
    expect(await projector!.status()).toMatchObject({ running: false, checkpoint: 1 });

    await append(store, [personJoined('E2', 'E1', '2026-01-02T09:00:00Z')]);
    start(store);
    await caughtUp(2);
    expect(await rows(analytics.client, 'SELECT count() AS n FROM reporting_lines FINAL')).toEqual([{ n: 2 }]);
  });

  it('tells its listener of each batch once it is stored, and a failing listener neither stops nor repeats the projection', async () => {
    const events = sampleOrg();
    const heard: number[][] = [];
    let fail = true;
    const store = await storeWith(events);
    start(store, {
      batchSize: 4,
      onProjected: (batch) => {
        heard.push(batch.map((event) => event.position));
        if (fail) {
          fail = false;
          throw new Error('listener broke');
        }
      },
    });
    await caughtUp(events.length);
    expect(heard.flat()).toEqual(events.map((_, index) => index + 1));
    expect((await projector!.status()).lastError).toBeNull();
    // Without FINAL: a batch written again would show as more rows than events.
    expect(await rows(analytics.client, 'SELECT count() AS rows, uniqExact(event_id) AS events FROM reporting_lines')).toEqual([
      { rows: 7, events: 7 },
    ]);
  });
});
