import { join } from 'node:path';
import { AnalyticsRuntime } from '@orghealth/analytics';
import { loadConfig } from '@orghealth/config';
import { SqliteEventStore } from '@orghealth/event-store';
import { checkInHeld, personJoined } from '../../domain/src/testing/builders.js';
import { eventually } from '../../event-store/src/contract/eventually.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { AlertsEngine } from './alerts-engine.js';

const ORG = 'acme';
const DAY = 86_400_000;
const T1 = new Date('2026-02-26T00:00:00Z');
// M checks in with A every other day in February: hovering (3 a week over 28 days).
const org = () => [
  personJoined('M', null, '2026-01-05T09:00:00Z'),
  personJoined('A', 'M', '2026-01-05T09:00:00Z'),
  ...Array.from({ length: 12 }, (_, i) =>
    checkInHeld({ leaderId: 'M', reportId: 'A', at: new Date(Date.parse('2026-02-03T10:00:00Z') + 2 * i * DAY).toISOString() }),
  ),
];

describe('the alerts engine over the real analytics runtime', () => {
  const dir = tempDir('orghealth-alerts-engine-');
  const store = SqliteEventStore.open({ file: join(dir.path, 'events.sqlite') });
  const runtime = new AnalyticsRuntime({ mode: 'embedded', path: join(dir.path, 'analytics'), database: 'orghealth' }, store, {
    project: true,
    analystLimits: loadConfig({}).sql,
  });
  const errors: string[] = [];
  const engine = new AlertsEngine({
    config: {
      alerts: { file: join(dir.path, 'alerts.sqlite'), debounceMs: 60_000, everyMs: 3_600_000 },
      webhooks: { maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1000, timeoutMs: 1000, pollMs: 1000, allowPrivateTargets: true },
    },
    store,
    analytics: runtime,
    onError: (message) => errors.push(message),
  });

  afterAll(async () => {
    await engine.close();
    await runtime.close();
    await store.close();
    dir.remove();
  });

  it('records nothing while a rebuild replays the history, and nothing after it: the alert stays as it was', async () => {
    runtime.start();
    await runtime.ready();
    const { position } = await store.append(`org-${ORG}`, org(), 'no_stream');
    await eventually(async () => expect((await runtime.status()).projector.checkpoint).toBe(position), {
      timeoutMs: 20_000,
      intervalMs: 20,
    });

    const [opened] = await engine.evaluator.evaluate(ORG, T1);
    expect(opened).toMatchObject({ type: 'AlertOpened', data: { rule: 'MICROMANAGEMENT', subjectId: 'M' } });

    // Evaluated while the replay has not reached the head: the tables hold part of the history, or none.
    let during: Promise<unknown[]> | undefined;
    await runtime.rebuild((progress) => {
      if (!during && progress.projected < progress.total) {
        expect(runtime.rebuilding).toBe(true);
        during = engine.evaluator.evaluate(ORG, new Date(T1.getTime() + 1000));
      }
    }, 10);
    // Partial tables would find nothing and resolve the alert: the engine records nothing instead.
    expect(during).toBeDefined();
    expect(await during).toEqual([]);
    expect(runtime.rebuilding).toBe(false);
    expect(await engine.evaluator.evaluate(ORG, new Date(T1.getTime() + 2000))).toEqual([]);

    const alert = (await engine.log.state(ORG)).alerts.get(opened!.data.alertId)!;
    expect(alert).toMatchObject({ status: 'open' });
    expect(alert.history.map((event) => event.type)).toEqual(['AlertOpened']);
    expect(errors).toEqual([]);
  });
});
