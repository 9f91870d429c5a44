import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { demoFile, machine, peakRssMiB } from './bench-support.js';

const ORG = 'bench-http';
const END = new Date(Date.now() - 86_400_000).toISOString();

async function importFile(url: string, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...authHeaders() } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    pipeline(createReadStream(path), req).catch(reject);
  });
}

/** Issue target: ≥ 2,000 single-event requests/s at 50 connections, with p99 latency reported. */
export async function benchHttpSingle(durationSeconds = 20, connections = 50): Promise<Record<string, number | string>> {
  const file = await demoFile('http-org', { orgId: ORG, people: 1000, eventsPerPersonPerYear: 60, seed: 5, end: END });
  const dir = tempDir('orghealth-bench-');
  const engine = await EngineProcess.start(dir.path);
  try {
    await importFile(`${engine.url}/v1/orgs/${ORG}/events/import`, file.path);
    const chart = (await (await fetch(`${engine.url}/v1/orgs/${ORG}/org-chart?limit=5000`, { headers: authHeaders() })).json()) as {
      people: { personId: string }[];
    };
    const people = chart.people.map((person) => person.personId);
    const since = Date.parse(END);
    // Every request records a new fact: feedback between two people active now.
    const nextBody = () => {
      const giver = people[Math.floor(Math.random() * people.length)]!;
      let receiver = giver;
      while (receiver === giver) receiver = people[Math.floor(Math.random() * people.length)]!;
      return JSON.stringify({
        eventId: randomUUID(),
        type: 'FeedbackGiven',
        orgId: ORG,
        occurredAt: new Date(since + Math.floor(Math.random() * 3_600_000)).toISOString(),
        schemaVersion: 1,
        data: { feedbackId: randomUUID(), giverId: giver, receiverId: receiver, kind: 'praise', solicited: false },
      });
    };
    const result = await autocannon({
      url: engine.url,
      connections,
      duration: durationSeconds,
      requests: [
        {
          method: 'POST',
          path: `/v1/orgs/${ORG}/events`,
          headers: { 'content-type': 'application/json', ...authHeaders() },
          setupRequest: (req) => ({ ...req, body: nextBody() }),
        },
      ],
    });
    return {
      benchmark: 'http-single',
      machine: machine(),
      connections,
      seconds: durationSeconds,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
      serverPeakRssMiB: peakRssMiB(engine.pid),
    };
  } finally {
    await engine.stop();
    dir.remove();
  }
}
