import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { getJson } from '../support/test-app.js';

async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<{ ready: boolean; eventStore: { headPosition: number } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson(`${url}/health`);
    if (body.ready || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('first start on an empty data directory', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('loads a demo org once, reports ready when done, and leaves it alone on the next start', async () => {
    const first = await EngineProcess.start(dir.path, { ORGHEALTH_DEMO: '1', ORGHEALTH_DEMO_PEOPLE: '60' });
    let head: number;
    try {
      const health = await waitUntilReady(first.url);
      expect(health.ready).toBe(true);
      head = health.eventStore.headPosition;
      expect(head).toBeGreaterThan(1000);
      const chart = await getJson(`${first.url}/v1/orgs/demo-acme/org-chart`);
      expect(chart.status).toBe(200);
      expect(chart.body.headcount).toBeGreaterThanOrEqual(55);
      expect(chart.body.layers).toBeGreaterThanOrEqual(4);
      expect(first.logMessages().join('\n')).toMatch(/loading the demo org "demo-acme"/);
    } finally {
      await first.stop();
    }
    const second = await EngineProcess.start(dir.path, { ORGHEALTH_DEMO: '1', ORGHEALTH_DEMO_PEOPLE: '60' });
    try {
      const health = await waitUntilReady(second.url);
      expect(health.eventStore.headPosition).toBe(head);
      expect(second.logMessages().join('\n')).not.toMatch(/loading the demo org/);
    } finally {
      await second.stop();
    }
  });
});
