import { join } from 'node:path';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess, NO_ALERT_EVALUATION } from '../support/engine-process.js';
import { demoLines } from '../support/demo-lines.js';
import { inspectEventFile } from '../support/sqlite-file.js';
import { streamImport } from '../support/streaming-import.js';
import { tempDir } from '../support/temp-dir.js';

const ORG = 'crash-e2e';

describe('crash: SIGKILL of the API while an import streams', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('keeps every acknowledged line exactly once, an intact file, and a resend records only what was missing', async () => {
    const { lines, eventIds } = demoLines({ orgId: ORG, totalEvents: 30_000 });
    const importUrl = (engine: EngineProcess) => `${engine.url}/v1/orgs/${ORG}/events/import`;

    const engine = await EngineProcess.start(dir.path, NO_ALERT_EVALUATION);
    let acknowledged = 0;
    let killed: Promise<unknown> | undefined;
    await streamImport(importUrl(engine), lines, {
      chunkLines: 250,
      onProgress: (progress) => {
        if (progress.type !== 'progress') return;
        acknowledged = progress.committedThroughLine!;
        // Kill mid-stream, once a good share is acknowledged and more is still arriving.
        if (acknowledged >= 8_000 && !killed) killed = engine.kill();
        return killed !== undefined;
      },
    });
    await killed;
    expect(killed).toBeDefined();
    expect(acknowledged).toBeGreaterThanOrEqual(8_000);
    expect(acknowledged).toBeLessThan(lines.length);

    const afterCrash = inspectEventFile(join(dir.path, 'events.sqlite'));
    expect(afterCrash.integrity).toBe('ok');
    expect(afterCrash.events).toBe(afterCrash.distinctEventIds);
    const missingAcknowledged = eventIds.slice(0, acknowledged).filter((eventId) => afterCrash.hasEvent(eventId) !== 1);
    expect(missingAcknowledged).toEqual([]);

    const restarted = await EngineProcess.start(dir.path, NO_ALERT_EVALUATION);
    try {
      const response = await fetch(importUrl(restarted), {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', ...authHeaders() },
        body: `${lines.join('\n')}\n`,
      });
      const report = await response.json();
      expect(report).toMatchObject({
        lines: lines.length,
        rejected: 0,
        duplicates: afterCrash.events,
        accepted: lines.length - afterCrash.events,
      });
    } finally {
      await restarted.stop();
    }
    const final = inspectEventFile(join(dir.path, 'events.sqlite'));
    expect(final).toMatchObject({ integrity: 'ok', events: lines.length, distinctEventIds: lines.length });
    expect(eventIds.every((eventId) => final.hasEvent(eventId) === 1)).toBe(true);
  });
});
