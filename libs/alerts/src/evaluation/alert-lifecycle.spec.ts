import { checkInHeld, personJoined, skipLevelDone } from '../../../domain/src/testing/builders.js';
import { projectInto } from '../../../analytics/src/metrics/testing/project-into.js';
import { eachTestAnalytics } from '../../../analytics/src/testing/test-analytics.js';
import { alertStreamId } from '../lifecycle/alert-log.js';
import { alertsFixture, type AlertsFixture } from '../testing/alerts-fixture.js';

const ORG = 'acme';
const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY).toISOString();

// M leads A, who leads A1. M checks in with A every other day in February: 12 in 28 days, 3 a week.
const org = () => [
  personJoined('M', null, '2026-01-05T09:00:00Z'),
  personJoined('A', 'M', '2026-01-05T09:00:00Z'),
  personJoined('A1', 'A', '2026-01-05T09:00:00Z'),
];
const hovering = () =>
  Array.from({ length: 12 }, (_, i) => checkInHeld({ leaderId: 'M', reportId: 'A', at: at('2026-02-03T10:00:00Z', 2 * i) }));
// Then, at the end of February, M meets A1 three times without A.
const goingAround = () =>
  Array.from({ length: 3 }, (_, i) =>
    skipLevelDone({ leaderId: 'M', reportId: 'A1', managerLoopedIn: false, at: at('2026-02-26T10:00:00Z', i) }),
  );

const T1 = new Date('2026-02-26T00:00:00Z');
const T2 = new Date('2026-03-01T00:00:00Z');
const ACK = new Date('2026-03-01T09:00:00Z');
// 100 days later, with no new event: every window (28 and 90 d) has slid past the evidence.
const T3 = new Date(Date.parse('2026-03-01T00:00:00Z') + 100 * DAY);

describe('the alert lifecycle over real analytics and a real event store', () => {
  const analytics = eachTestAnalytics();
  let alerts: AlertsFixture;
  beforeEach(() => {
    alerts = alertsFixture(() => analytics.client);
  });
  afterEach(() => alerts.close());

  const stream = async () => {
    const types = [];
    for await (const event of alerts.store.readStream(alertStreamId(ORG))) types.push(event.type);
    return types;
  };

  it('opens, updates its signals without a twin, is acknowledged, and resolves when the window slides past the evidence', async () => {
    await projectInto(analytics.client, [...org(), ...hovering()]);

    const [opened, ...more] = await alerts.evaluator.evaluate(ORG, T1);
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ type: 'AlertOpened', occurredAt: T1.toISOString(), data: { rule: 'MICROMANAGEMENT', subjectId: 'M' } });
    expect(opened!.data).toMatchObject({
      signals: [
        {
          signal: 'hovering',
          conditions: [
            { metric: 'checkInsPerReportPerWeek', value: 3, op: '>=', threshold: 3, windowDays: 28 },
            { metric: 'directs', value: 1 },
          ],
        },
      ],
    });
    const alertId = opened!.data.alertId;
    // The same evidence again: nothing new, and certainly no second alert.
    expect(await alerts.evaluator.evaluate(ORG, new Date(T1.getTime() + 1000))).toEqual([]);

    await projectInto(analytics.client, goingAround());
    const updated = await alerts.evaluator.evaluate(ORG, T2);
    expect(updated).toEqual([expect.objectContaining({ type: 'AlertUpdated', data: expect.objectContaining({ alertId }) })]);
    expect(updated[0]!.data).toMatchObject({
      signals: [{ signal: 'hovering' }, { signal: 'goingAround', conditions: [{ metric: 'bypassingSkipLevels', value: 3 }] }],
    });

    const [ack] = await alerts.log.record({
      type: 'AcknowledgeAlert',
      orgId: ORG,
      at: ACK.toISOString(),
      alertId,
      by: 'hr-lead',
      note: 'spoke with M',
    });
    expect(ack).toMatchObject({ type: 'AlertAcknowledged', data: { alertId, by: 'hr-lead', note: 'spoke with M' } });
    expect((await alerts.log.state(ORG)).alerts.get(alertId)).toMatchObject({ status: 'acknowledged' });

    const resolved = await alerts.evaluator.evaluate(ORG, T3);
    expect(resolved).toEqual([
      expect.objectContaining({
        type: 'AlertResolved',
        occurredAt: T3.toISOString(),
        data: { alertId, rule: 'MICROMANAGEMENT', subjectId: 'M' },
      }),
    ]);
    const alert = (await alerts.log.state(ORG)).alerts.get(alertId)!;
    expect(alert).toMatchObject({ status: 'resolved', resolvedAt: T3.toISOString(), acknowledged: { by: 'hr-lead' } });
    expect(alert.history.map((event) => event.type)).toEqual(['AlertOpened', 'AlertUpdated', 'AlertAcknowledged', 'AlertResolved']);
    expect(await stream()).toEqual(['AlertOpened', 'AlertUpdated', 'AlertAcknowledged', 'AlertResolved']);
    expect((await alerts.log.state(ORG)).alerts.size).toBe(1);
  });

  it('answers "who would have been flagged then?" for any instant without recording anything', async () => {
    await projectInto(analytics.client, [...org(), ...hovering(), ...goingAround()]);
    await alerts.evaluator.evaluate(ORG, T3);
    const then = await alerts.evaluator.findings(ORG, T1);
    expect(then.findings).toEqual([
      expect.objectContaining({ rule: 'MICROMANAGEMENT', subjectId: 'M', signals: [expect.objectContaining({ signal: 'hovering' })] }),
    ]);
    expect((await alerts.evaluator.findings(ORG, T2)).findings[0]!.signals.map((signal) => signal.signal)).toEqual([
      'hovering',
      'goingAround',
    ]);
    expect((await alerts.evaluator.findings(ORG, T3)).findings).toEqual([]);
    expect(await stream()).toEqual([]);
  });

  it("holds the rules against the org's own thresholds", async () => {
    await projectInto(analytics.client, [...org(), ...hovering()]);
    alerts.settings.replace(ORG, { MICROMANAGEMENT: { checkInsPerReportPerWeek: 3.5 } } as never, new Date());
    expect((await alerts.evaluator.findings(ORG, T1)).findings).toEqual([]);
    expect(alerts.settings.thresholds(ORG).MICROMANAGEMENT).toMatchObject({ checkInsPerReportPerWeek: 3.5, plansDelegated: 4 });
    expect(alerts.settings.thresholds('other-org').MICROMANAGEMENT.checkInsPerReportPerWeek).toBe(3);
  });
});
