import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkInHeld, personJoined } from '../../libs/domain/src/testing/builders.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { EngineProcess } from '../support/engine-process.js';
import { envelope } from '../support/envelopes.js';
import { tempDir } from '../support/temp-dir.js';
import { health, projected } from '../support/analytics-snapshot.js';
import { getJson, postJson } from '../support/test-app.js';

const ORG = 'restart-e2e';

describe('restart: the API process stops and starts again on the same data directory', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('keeps every event, the org chart and the head position', async () => {
    const first = await EngineProcess.start(dir.path);
    const sent = [
      personJoined('CEO', null, '2026-01-01T00:00:00Z', { name: 'Ada Top' }),
      personJoined('VP', 'CEO', '2026-01-01T00:00:00Z'),
      personJoined('IC', 'VP', '2026-01-01T00:00:00Z'),
      checkInHeld({ leaderId: 'VP', reportId: 'IC', at: '2026-02-01T10:00:00Z' }),
    ].map((event) => envelope(event, ORG));
    try {
      for (const event of sent) expect((await postJson(`${first.url}/v1/orgs/${ORG}/events`, event)).status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const chartBefore = (await startAndRead()).chart;

    async function startAndRead() {
      const engine = await EngineProcess.start(dir.path);
      try {
        const chart = await getJson(`${engine.url}/v1/orgs/${ORG}/org-chart?asOf=2026-03-01T00:00:00Z`);
        const health = await getJson(`${engine.url}/health`);
        const resent = await postJson(`${engine.url}/v1/orgs/${ORG}/events`, sent[3]);
        return { chart, health, resent };
      } finally {
        await engine.stop();
      }
    }

    const again = await startAndRead();
    expect(chartBefore.status).toBe(200);
    expect(again.chart.body).toEqual(chartBefore.body);
    expect(again.chart.body.people.map((p: { personId: string }) => p.personId)).toEqual(['CEO', 'VP', 'IC']);
    expect(again.chart.body.people[0].name).toBe('Ada Top');
    expect(again.health.body.eventStore.headPosition).toBe(4);
    expect(again.resent).toMatchObject({ status: 200, body: { duplicate: true } });
  });

  it('loads the write model of each org before any request asks: those the analytics hold at start, and those projected later', async () => {
    const warmDir = tempDir();
    const warmedWithoutARequest = async () => {
      const engine = await EngineProcess.start(warmDir.path);
      try {
        return await eventually(
          async () => {
            const { writeModel } = await health(engine.url);
            if (writeModel.warmingUp || writeModel.loadedOrgs === 0) throw new Error(`not warm yet: ${JSON.stringify(writeModel)}`);
            return writeModel;
          },
          { timeoutMs: 30_000, intervalMs: 50 },
        );
      } finally {
        await engine.stop();
      }
    };
    try {
      const first = await EngineProcess.start(warmDir.path);
      try {
        const events = [personJoined('CEO', null, '2026-01-01T00:00:00Z'), personJoined('VP', 'CEO', '2026-01-01T00:00:00Z')];
        for (const event of events) expect((await postJson(`${first.url}/v1/orgs/${ORG}/events`, envelope(event, ORG))).status).toBe(201);
        await projected(first.url);
      } finally {
        expect(await first.stop()).toBe(0);
      }

      expect(await warmedWithoutARequest()).toEqual({ loadedOrgs: 1, warmingUp: false });
      // Without analytics the org is known to no one at start: it is found by the projection's replay.
      rmSync(join(warmDir.path, 'analytics'), { recursive: true, force: true });
      expect(await warmedWithoutARequest()).toEqual({ loadedOrgs: 1, warmingUp: false });
    } finally {
      warmDir.remove();
    }
  });
});
