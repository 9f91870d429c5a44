import { checkInHeld, decisionMade, personJoined, personUpdated } from '../../../domain/src/testing/builders.js';
import { decideAlerts, initialAlertsState } from '@orghealth/domain';
import { readAllStored, storeWith } from '../testing/sample-org.js';
import { projectEvents } from './project-events.js';

const DEAD_AT = new Date('2026-06-30T12:00:00Z');

async function project(events: object[]) {
  return projectEvents(await readAllStored(await storeWith(events)), DEAD_AT);
}

describe('projectEvents', () => {
  it('maps an event to a row of its table, with the envelope columns', async () => {
    const event = checkInHeld({ checkInId: 'CI1', leaderId: 'E1', reportId: 'E2', durationMinutes: 30, at: '2026-02-01T10:00:00+02:00' });
    const batch = await project([event]);
    expect(Object.fromEntries(batch.rowsByTable)).toEqual({
      check_ins: [
        {
          org_id: 'acme',
          event_id: event.eventId,
          position: 1,
          occurred_at: '2026-02-01 08:00:00.000',
          check_in_id: 'CI1',
          leader_id: 'E1',
          report_id: 'E2',
          duration_minutes: 30,
          progress: null,
        },
      ],
    });
    expect(batch).toMatchObject({ deadLetters: [], lastPosition: 1 });
  });

  it('calls a decision unilateral when nobody but the decider approved it', async () => {
    const batch = await project([
      decisionMade({ kind: 'hire', subjectId: 'X', deciderId: 'E1', approverIds: [], at: '2026-02-01T10:00:00Z' }),
      decisionMade({ kind: 'hire', subjectId: 'X', deciderId: 'E1', approverIds: ['E1'], at: '2026-02-01T10:00:00Z' }),
      decisionMade({ kind: 'hire', subjectId: 'X', deciderId: 'E1', approverIds: ['E1', 'E2'], at: '2026-02-01T10:00:00Z' }),
    ]);
    expect(batch.rowsByTable.get('decisions')!.map((row) => row.unilateral)).toEqual([true, true, false]);
  });

  it('maps a join with attributes to its reporting line and to its attributes, and an update to the keys it sets and removes', async () => {
    const join = personJoined('E1', null, '2026-01-01T09:00:00Z', {
      name: 'Ada',
      email: 'ada@acme.test',
      attributes: { department: 'Sales', location: 'Paris' },
    });
    const update = personUpdated('E1', '2026-02-01T09:00:00Z', { attributes: { department: 'Ops', location: null } });
    const batch = await project([join, update]);
    expect(batch.rowsByTable.get('reporting_lines')!.map((row) => row.event_id)).toEqual([join.eventId]);
    expect(batch.rowsByTable.get('person_attributes')).toEqual([
      expect.objectContaining({
        event_id: join.eventId,
        position: 1,
        person_id: 'E1',
        change: 'joined',
        attributes: { department: 'Sales', location: 'Paris' },
        removed: [],
      }),
      expect.objectContaining({
        event_id: update.eventId,
        position: 2,
        person_id: 'E1',
        change: 'updated',
        attributes: { department: 'Ops' },
        removed: ['location'],
      }),
    ]);
    // Personal data stays out of the analytics.
    expect(JSON.stringify(Object.fromEntries(batch.rowsByTable))).not.toMatch(/Ada|acme\.test/);
  });

  it('gives no attribute row to a join or an update without attributes', async () => {
    const batch = await project([
      personJoined('E1', null, '2026-01-01T09:00:00Z'),
      personUpdated('E1', '2026-02-01T09:00:00Z', { title: 'CEO' }),
    ]);
    expect([...batch.rowsByTable.keys()]).toEqual(['reporting_lines']);
    expect(batch.deadLetters).toEqual([]);
  });

  it('dead-letters a join whose attributes are not strings, in neither of its tables', async () => {
    const broken = {
      ...personJoined('E1', null, '2026-01-01T09:00:00Z'),
      data: { personId: 'E1', managerId: null, attributes: { level: 3 } },
    };
    const batch = await project([broken]);
    expect(batch.rowsByTable.size).toBe(0);
    expect(batch.deadLetters.map((letter) => letter.reason)).toEqual([
      'UnreadableStoredEventError: data.attributes.level: Invalid input: expected string, received number',
    ]);
  });

  it('dead-letters what it cannot map, with the reason, and maps the rest', async () => {
    const good = personJoined('E1', null, '2026-01-01T09:00:00Z');
    const future = { ...personJoined('E2', 'E1', '2026-01-01T09:00:00Z'), type: 'FutureThing' };
    const newer = { ...personJoined('E3', 'E1', '2026-01-01T09:00:00Z'), schemaVersion: 9 };
    const broken = { ...checkInHeld({ leaderId: 'E1', reportId: 'E2', at: '2026-01-01T09:00:00Z' }), data: { leaderId: 7 } };
    const timeless = { ...personJoined('E4', 'E1', '2026-01-01T09:00:00Z'), occurredAt: 'yesterday' };
    const batch = await project([future, good, newer, broken, timeless]);

    expect(batch.rowsByTable.get('reporting_lines')!.map((row) => row.event_id)).toEqual([good.eventId]);
    expect(batch.lastPosition).toBe(5);
    expect(batch.deadLetters.map(({ position, type, reason }) => ({ position, type, reason }))).toEqual([
      { position: 1, type: 'FutureThing', reason: 'UnprojectableEventError: unknown event type "FutureThing"' },
      {
        position: 3,
        type: 'PersonJoined',
        reason: expect.stringMatching(/schemaVersion 9 of PersonJoined is newer than this engine knows/),
      },
      {
        position: 4,
        type: 'CheckInHeld',
        reason:
          'UnreadableStoredEventError: data.checkInId: Invalid input: expected string, received undefined; data.leaderId: Invalid input: expected string, received number; data.reportId: Invalid input: expected string, received undefined; data.durationMinutes: Invalid input: expected number, received undefined',
      },
      { position: 5, type: 'PersonJoined', reason: 'UnreadableStoredEventError: occurredAt: must be an ISO-8601 timestamp with offset' },
    ]);
    expect(JSON.parse(batch.deadLetters[0]!.raw)).toMatchObject({ eventId: future.eventId, type: 'FutureThing', position: 1 });
    expect(batch.deadLetters[0]!.dead_at).toBe('2026-06-30 12:00:00.000');
  });

  it('skips the alert lifecycle on purpose: no rows, no dead letters, and the checkpoint moves past it', async () => {
    const joined = personJoined('E1', null, '2026-01-01T09:00:00Z');
    const [opened] = decideAlerts(
      {
        type: 'ReconcileAlerts',
        orgId: 'acme',
        at: '2026-02-01T00:00:00.000Z',
        findings: [
          {
            rule: 'BOTTLENECK',
            subjectId: 'E1',
            signals: [
              { signal: 'openApprovals', conditions: [{ metric: 'openApprovals', value: 10, op: '>=', threshold: 10, windowDays: null }] },
            ],
          },
        ],
      },
      initialAlertsState(),
    );
    const batch = await project([joined, opened!]);
    expect([...batch.rowsByTable.keys()]).toEqual(['reporting_lines']);
    expect(batch).toMatchObject({ deadLetters: [], lastPosition: 2 });
  });
});
