import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { demoFile, machine, peakRssMiB } from './bench-support.js';

const ORG = 'bench-import';

/** Issue target: ≥ 20,000 events/s sustained importing a 1M-event generated file over HTTP. */
export async function benchImport(totalEvents = 1_000_000): Promise<Record<string, number | string>> {
  const people = Math.round(totalEvents / 100);
  const file = await demoFile(`import-${totalEvents}`, { orgId: ORG, people, totalEvents, seed: 11, end: '2026-10-31T00:00:00Z' });
  const dir = tempDir('orghealth-bench-');
  const engine = await EngineProcess.start(dir.path);
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
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.accepted !== file.events) throw new Error(`expected ${file.events} accepted, got ${JSON.stringify(report)}`);
    const result = {
      benchmark: 'import',
      machine: machine(),
      events: file.events,
      fileMiB: Math.round(statSync(file.path).size / 2 ** 20),
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(file.events / seconds),
      serverPeakRssMiB: peakRssMiB(engine.pid),
      storeMiB: Math.round(statSync(`${dir.path}/events.sqlite`).size / 2 ** 20),
    };
    return result;
  } finally {
    await engine.stop();
    dir.remove();
  }
}
