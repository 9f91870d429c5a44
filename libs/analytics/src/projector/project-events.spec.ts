import { checkInHeld, decisionMade, personJoined } from '../../../domain/src/testing/builders.js';
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
      { position: 3, type: 'PersonJoined', reason: expect.stringMatching(/schemaVersion 9 of PersonJoined is newer than this engine knows/) },
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
      { type: 'ReconcileAlerts', orgId: 'acme', at: '2026-02-01T00:00:00.000Z', findings: [{ rule: 'BOTTLENECK', subjectId: 'E1', signals: [{ signal: 'openApprovals', conditions: [{ metric: 'openApprovals', value: 10, op: '>=', threshold: 10, windowDays: null }] }] }] },
      initialAlertsState(),
    );
    const batch = await project([joined, opened!]);
    expect([...batch.rowsByTable.keys()]).toEqual(['reporting_lines']);
    expect(batch).toMatchObject({ deadLetters: [], lastPosition: 2 });
  });
});
