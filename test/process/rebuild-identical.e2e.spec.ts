import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { EngineProcess, NO_ALERT_EVALUATION } from '../support/engine-process.js';
import { demoLines } from '../support/demo-lines.js';
import {
  analyticsReady,
  comparable,
  expectedTotals,
  hasMetricEndpoints,
  health,
  metricSnapshots,
  projected,
  rebuild,
  someManagers,
  tableSnapshots,
  totalsOf,
} from '../support/analytics-snapshot.js';
import { postNdjson } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

const ORG = 'rebuild-identical-e2e';
const TOTAL_EVENTS = 50_000;
// Uneven, so the projector's batches (5,000 events or 1 s) straddle the chunks.
const CHUNKS = [7_300, 12_900, 4_100, 15_700, 10_000];
const AS_OFS = ['2026-10-31T00:00:00Z', '2026-04-01T00:00:00Z'];

describe('rebuild: replaying every event gives what incremental projection gave', () => {
  const dir = tempDir();
  let engine: EngineProcess | undefined;
  afterAll(async () => {
    await engine?.kill();
    dir.remove();
  });

  it('a generated 50k-event org imported in chunks, projected as it arrived, equals its rebuild table by table and metric by metric', async () => {
    const { lines, events } = demoLines({ orgId: ORG, totalEvents: TOTAL_EVENTS });
    expect(CHUNKS.reduce((sum, size) => sum + size, 0)).toBe(lines.length);
    // Alert evaluation held off: its lifecycle events would join the store and move the checkpoint past the import's.
    engine = await EngineProcess.start(dir.path, NO_ALERT_EVALUATION);
    await analyticsReady(engine.url);

    let from = 0;
    const checkpointsBetweenChunks: number[] = [];
    for (const size of CHUNKS) {
      const report = await postNdjson(`${engine.url}/v1/orgs/${ORG}/events/import`, lines.slice(from, from + size));
      expect(report.body).toMatchObject({ lines: size, accepted: size, rejected: 0 });
      from += size;
      // Projection gives way while events are being recorded; a pause between chunks, as between a
      // client's batches, lets it take up what has arrived so far before the next chunk does.
      const url = engine.url;
      const sent = from;
      await eventually(async () => expect((await health(url)).projector.checkpoint).toBeGreaterThan(sent - size), {
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      checkpointsBetweenChunks.push((await health(url)).projector.checkpoint);
    }
    const state = await projected(engine.url);
    expect(state.projector).toMatchObject({ checkpoint: lines.length, deadLetters: 0 });
    // Incremental: the projector was already under way while later chunks arrived.
    expect(checkpointsBetweenChunks.slice(0, -1).some((checkpoint) => checkpoint > 0)).toBe(true);

    const incremental = await tableSnapshots(engine.url);
    const withMetrics = await hasMetricEndpoints(engine.url, ORG);
    const people = withMetrics ? await someManagers(engine.url, ORG, 4) : [];
    const incrementalMetrics = withMetrics ? await metricSnapshots(engine.url, ORG, AS_OFS, people) : {};

    // The store holds the imported lines and whatever alert lifecycle the evaluator recorded from them; a rebuild replays it all.
    const done = await rebuild(engine.url);
    expect(done).toMatchObject({ type: 'done', projected: done.total });
    expect(done.total).toBeGreaterThanOrEqual(lines.length);
    const rebuilt = await tableSnapshots(engine.url);
    const rebuiltMetrics = withMetrics ? await metricSnapshots(engine.url, ORG, AS_OFS, people) : {};

    expect(totalsOf(incremental)).toEqual(expectedTotals(events));
    expect(comparable(rebuilt)).toEqual(comparable(incremental));
    expect(rebuiltMetrics).toEqual(incrementalMetrics);
    if (withMetrics) {
      expect(Object.values(incrementalMetrics).every((answer: any) => answer.status === 200)).toBe(true);
      // Not a comparison of two empty answers: the org has managers and people at both instants.
      for (const asOf of AS_OFS) {
        const org = incrementalMetrics[`/org?asOf=${encodeURIComponent(asOf)}`] as any;
        expect(org.body.headcount).toBeGreaterThan(0);
      }
    }
  });
});
