import { setTimeout as delay } from 'node:timers/promises';
import { eventually } from '../../../event-store/src/contract/eventually.js';
import { AlertSchedule } from './alert-schedule.js';

describe('the alert schedule', () => {
  let schedule: AlertSchedule | undefined;
  afterEach(() => schedule?.close());

  const scheduled = (overrides: Partial<ConstructorParameters<typeof AlertSchedule>[0]> = {}) => {
    const evaluated: string[] = [];
    const errors: string[] = [];
    schedule = new AlertSchedule({
      debounceMs: 30,
      everyMs: 60_000,
      orgs: async () => [],
      evaluate: async (orgId) => {
        evaluated.push(orgId);
      },
      onError: (orgId, error) => errors.push(`${orgId}: ${String(error)}`),
      ...overrides,
    });
    return { schedule, evaluated, errors };
  };

  it('evaluates each touched org once per debounce interval, however many batches touched it', async () => {
    const { schedule, evaluated } = scheduled();
    schedule.touched(['a']);
    schedule.touched(['a', 'b']);
    schedule.touched(['a']);
    expect(evaluated).toEqual([]);
    await eventually(() => expect(evaluated).toEqual(['a', 'b']), { timeoutMs: 5000, intervalMs: 10 });
    schedule.touched(['b']);
    await eventually(() => expect(evaluated).toEqual(['a', 'b', 'b']), { timeoutMs: 5000, intervalMs: 10 });
  });

  it('evaluates every org on its schedule, with no batch at all', async () => {
    const { schedule, evaluated } = scheduled({ everyMs: 20, orgs: async () => ['x', 'y'] });
    schedule.start();
    // Timers run late on a busy machine: wait for the first round, however long it takes to come.
    await eventually(() => expect(evaluated.slice(0, 2)).toEqual(['x', 'y']), { timeoutMs: 5000, intervalMs: 20 });
  });

  it('reports a failed evaluation and goes on with the next org', async () => {
    const { schedule, evaluated, errors } = scheduled({
      evaluate: async (orgId) => {
        if (orgId === 'bad') throw new Error('ClickHouse is gone');
        evaluated.push(orgId);
      },
    });
    schedule.touched(['bad', 'good']);
    await eventually(() => expect(evaluated).toEqual(['good']), { timeoutMs: 5000, intervalMs: 10 });
    expect(errors).toEqual(['bad: Error: ClickHouse is gone']);
  });

  it('evaluates nothing after close', async () => {
    const { schedule, evaluated } = scheduled();
    schedule.touched(['a']);
    await schedule.close();
    await delay(60);
    expect(evaluated).toEqual([]);
  });
});
