import type { AlertEvent } from '../events.js';
import { RuleViolation } from '../rule-violation.js';
import { decideAlerts, evolveAlerts, type AlertCommand, type AlertFinding } from './alert.decider.js';
import { AlertAcknowledged, AlertOpened, AlertResolved, AlertUpdated, type AlertSignal } from './alert.schema.js';
import { initialAlertsState } from './alert.state.js';

/** Given / when / then for the alert lifecycle, as for the org decider: givens are folded with evolveAlerts. */
function given(history: readonly AlertEvent[]) {
  const decide = (command: AlertCommand) => decideAlerts(command, history.reduce(evolveAlerts, initialAlertsState()));
  return {
    when: (command: AlertCommand) => ({
      then: (expected: readonly Partial<AlertEvent>[]) =>
        expect(decide(command)).toEqual(expected.map((event) => expect.objectContaining(event))),
      events: () => decide(command),
      thenThrows(code: string) {
        let thrown: unknown;
        try {
          decide(command);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(RuleViolation);
        expect((thrown as RuleViolation).code).toBe(code);
      },
    }),
  };
}

const ORG = 'acme';
const T1 = '2026-06-01T00:00:00.000Z';
const T2 = '2026-06-08T00:00:00.000Z';
const T3 = '2026-09-01T00:00:00.000Z';

const hovering = (value: number): AlertSignal => ({
  signal: 'hovering',
  conditions: [{ metric: 'checkInsPerReportPerWeek', value, op: '>=', threshold: 3, windowDays: 28 }],
});
const goingAround: AlertSignal = {
  signal: 'goingAround',
  conditions: [{ metric: 'bypassingSkipLevels', value: 4, op: '>=', threshold: 3, windowDays: 90 }],
};
const micromanaging = (subjectId: string, ...signals: AlertSignal[]): AlertFinding => ({ rule: 'MICROMANAGEMENT', subjectId, signals });
const bottleneck = (subjectId: string): AlertFinding => ({
  rule: 'BOTTLENECK',
  subjectId,
  signals: [{ signal: 'openApprovals', conditions: [{ metric: 'openApprovals', value: 12, op: '>=', threshold: 10, windowDays: null }] }],
});
const evaluated = (at: string, ...findings: AlertFinding[]): AlertCommand => ({ type: 'ReconcileAlerts', orgId: ORG, at, findings });
const acknowledged = (alertId: string, at: string, note?: string): AlertCommand => ({
  type: 'AcknowledgeAlert',
  orgId: ORG,
  at,
  alertId,
  by: 'hr-lead',
  ...(note ? { note } : {}),
});

/** The events of a history, decided one command after another. */
function history(...commands: AlertCommand[]): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const command of commands) events.push(...given(events).when(command).events());
  return events;
}

describe('the alert lifecycle', () => {
  it('opens an alert per (rule, subject) found holding, as valid recorded events', () => {
    const events = given([])
      .when(evaluated(T1, micromanaging('M1', hovering(3.5)), bottleneck('M2')))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'AlertOpened',
        orgId: ORG,
        occurredAt: T1,
        recordedAt: T1,
        data: expect.objectContaining({ rule: 'MICROMANAGEMENT', subjectId: 'M1', signals: [hovering(3.5)] }),
      }),
      expect.objectContaining({ type: 'AlertOpened', data: expect.objectContaining({ rule: 'BOTTLENECK', subjectId: 'M2' }) }),
    ]);
    for (const event of events) expect(AlertOpened.safeParse({ ...event, recordedAt: undefined }).success).toBe(true);
    expect(events[0]!.data.alertId).not.toBe(events[1]!.data.alertId);
  });

  it('records nothing when the same signals hold again', () => {
    given(history(evaluated(T1, micromanaging('M1', hovering(3.5)))))
      .when(evaluated(T2, micromanaging('M1', hovering(3.5))))
      .then([]);
  });

  it('updates the open alert when its signals change, never opening a twin', () => {
    const past = history(evaluated(T1, micromanaging('M1', hovering(3.5))));
    const alertId = past[0]!.data.alertId;
    const events = given(past)
      .when(evaluated(T2, micromanaging('M1', hovering(4), goingAround)))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'AlertUpdated',
        occurredAt: T2,
        data: { alertId, rule: 'MICROMANAGEMENT', subjectId: 'M1', signals: [hovering(4), goingAround] },
      }),
    ]);
    expect(AlertUpdated.safeParse({ ...events[0], recordedAt: undefined }).success).toBe(true);
  });

  it('resolves an open alert when its rule no longer holds, and opens a new one if it holds again later', () => {
    const past = history(evaluated(T1, micromanaging('M1', hovering(3.5)), bottleneck('M2')));
    const [m1, m2] = past.map((event) => event.data.alertId);
    const events = given(past)
      .when(evaluated(T2, bottleneck('M2')))
      .events();
    expect(events).toEqual([
      expect.objectContaining({ type: 'AlertResolved', occurredAt: T2, data: { alertId: m1, rule: 'MICROMANAGEMENT', subjectId: 'M1' } }),
    ]);
    expect(AlertResolved.safeParse({ ...events[0], recordedAt: undefined }).success).toBe(true);
    const again = given([...past, ...events])
      .when(evaluated(T3, micromanaging('M1', hovering(3.5)), bottleneck('M2')))
      .events();
    expect(again).toEqual([expect.objectContaining({ type: 'AlertOpened', data: expect.objectContaining({ subjectId: 'M1' }) })]);
    expect([m1, m2]).not.toContain(again[0]!.data.alertId);
  });

  it('acknowledges an open alert with who and a note; it stays open for evaluations and resolves on its own', () => {
    const past = history(evaluated(T1, micromanaging('M1', hovering(3.5))));
    const alertId = past[0]!.data.alertId;
    const events = given(past)
      .when(acknowledged(alertId, T2, 'talked to M1'))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'AlertAcknowledged',
        occurredAt: T2,
        data: { alertId, rule: 'MICROMANAGEMENT', subjectId: 'M1', by: 'hr-lead', note: 'talked to M1' },
      }),
    ]);
    expect(AlertAcknowledged.safeParse({ ...events[0], recordedAt: undefined }).success).toBe(true);
    const state = [...past, ...events].reduce(evolveAlerts, initialAlertsState());
    expect(state.alerts.get(alertId)).toMatchObject({
      status: 'acknowledged',
      acknowledged: { by: 'hr-lead', note: 'talked to M1', at: T2 },
    });
    given([...past, ...events])
      .when(evaluated(T3, micromanaging('M1', hovering(5))))
      .then([{ type: 'AlertUpdated' }]);
    given([...past, ...events])
      .when(evaluated(T3))
      .then([{ type: 'AlertResolved' }]);
  });

  it('refuses to acknowledge an unknown, resolved or already acknowledged alert', () => {
    const past = history(evaluated(T1, micromanaging('M1', hovering(3.5))));
    const alertId = past[0]!.data.alertId;
    given(past).when(acknowledged('00000000-0000-4000-8000-000000000000', T2)).thenThrows('ALERT.NOT_FOUND');
    given(history(evaluated(T1, micromanaging('M1', hovering(3.5))), evaluated(T2)))
      .when(acknowledged(alertId, T3))
      .thenThrows('ALERT.RESOLVED');
    given(history(evaluated(T1, micromanaging('M1', hovering(3.5))), acknowledged(alertId, T2)))
      .when(acknowledged(alertId, T3))
      .thenThrows('ALERT.ALREADY_ACKNOWLEDGED');
    given(past)
      .when({ type: 'AcknowledgeAlert', orgId: ORG, at: T2, alertId, by: 'M1', byPersonId: 'M1' })
      .thenThrows('ALERT.SUBJECT_CANNOT_ACKNOWLEDGE');
    given(past)
      .when({ type: 'AcknowledgeAlert', orgId: ORG, at: T2, alertId, by: 'M9', byPersonId: 'M9' })
      .then([{ type: 'AlertAcknowledged' }]);
  });

  it('only moves forward in time, and refuses a rule found twice for one subject in one evaluation', () => {
    const past = history(evaluated(T2, micromanaging('M1', hovering(3.5))));
    given(past).when(evaluated(T1)).thenThrows('ALERT.OUT_OF_ORDER');
    given(past).when(acknowledged(past[0]!.data.alertId, T1)).thenThrows('ALERT.OUT_OF_ORDER');
    given([])
      .when(evaluated(T1, bottleneck('M2'), bottleneck('M2')))
      .thenThrows('ALERT.TWICE_IN_ONE_EVALUATION');
  });

  it('decides the same ids for the same command, so a retried recording is a duplicate, not a second alert', () => {
    const command = evaluated(T1, micromanaging('M1', hovering(3.5)));
    expect(given([]).when(command).events()).toEqual(given([]).when(command).events());
  });

  it('keeps the full history of each alert in order', () => {
    const opened = history(evaluated(T1, micromanaging('M1', hovering(3.5))));
    const alertId = opened[0]!.data.alertId;
    const all = history(
      evaluated(T1, micromanaging('M1', hovering(3.5))),
      acknowledged(alertId, T1),
      evaluated(T2, micromanaging('M1', hovering(4))),
      evaluated(T3),
    );
    const alert = all.reduce(evolveAlerts, initialAlertsState()).alerts.get(alertId)!;
    expect(alert.history.map((event) => event.type)).toEqual(['AlertOpened', 'AlertAcknowledged', 'AlertUpdated', 'AlertResolved']);
    expect(alert).toMatchObject({ status: 'resolved', openedAt: T1, resolvedAt: T3, updatedAt: T3, signals: [hovering(4)] });
  });
});
