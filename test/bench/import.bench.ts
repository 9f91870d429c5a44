import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { projected } from '../support/analytics-snapshot.js';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { demoFile, machine, peakRssMiB } from './bench-support.js';
import { ratio, rawSqliteInsert } from './raw-baselines.js';

const ORG = 'bench-import';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * A generated file imported over HTTP into the embedded engine, timed to the
 * answer (import alone) and on to projection lag 0 (import until projected),
 * beside the same events inserted by bare better-sqlite3 in the same run.
 * Issue targets: the import ≥ 1.0× the raw rate and ≥ 30,000 events/s on a
 * quiet machine; until projected ≥ 0.8× the import alone.
 */
export async function benchImport(totalEvents = 1_000_000): Promise<Record<string, number | string>> {
  const people = Math.round(totalEvents / 100);
  const file = await demoFile(`import-${totalEvents}`, { orgId: ORG, people, totalEvents, seed: 11, end: '2026-10-31T00:00:00Z' });
  const dir = tempDir('orghealth-bench-');
  try {
    const engine = await EngineProcess.start(join(dir.path, 'engine'));
    let importSeconds: number;
    let untilProjectedSeconds: number;
    let serverPeakRssMiB: number;
    try {
      const started = process.hrtime.bigint();
      const report = await new Promise<{ accepted: number; rejected: number; duplicates: number }>((resolve, reject) => {
        const req = request(
          `${engine.url}/v1/orgs/${ORG}/events/import`,
          { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...authHeaders() } },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(JSON.parse(body)));
          },
        );
        req.on('error', reject);
        pipeline(createReadStream(file.path, { highWaterMark: 1 << 20 }), req).catch(reject);
      });
      importSeconds = seconds(started);
      if (report.accepted !== file.events) throw new Error(`expected ${file.events} accepted, got ${JSON.stringify(report)}`);
      await projected(engine.url, 1_800_000);
      untilProjectedSeconds = seconds(started);
      serverPeakRssMiB = peakRssMiB(engine.pid);
    } finally {
      await engine.stop();
    }
    const storeMiB = Math.round(statSync(join(dir.path, 'engine', 'events.sqlite')).size / 2 ** 20);
    const raw = await rawSqliteInsert(file.path, join(dir.path, 'raw.sqlite'));
    const importRate = file.events / importSeconds;
    const untilProjectedRate = file.events / untilProjectedSeconds;
    return {
      benchmark: 'import',
      machine: machine(),
      events: file.events,
      fileMiB: Math.round(statSync(file.path).size / 2 ** 20),
      seconds: Number(importSeconds.toFixed(2)),
      eventsPerSecond: Math.round(importRate),
      rawSqliteSeconds: raw.seconds,
      rawSqliteEventsPerSecond: raw.eventsPerSecond,
      importVsRawSqlite: ratio(importRate, raw.eventsPerSecond),
      untilProjectedSeconds: Number(untilProjectedSeconds.toFixed(2)),
      untilProjectedEventsPerSecond: Math.round(untilProjectedRate),
      untilProjectedVsImport: ratio(untilProjectedRate, importRate),
      serverPeakRssMiB,
      storeMiB,
    };
  } finally {
    dir.remove();
  }
}
