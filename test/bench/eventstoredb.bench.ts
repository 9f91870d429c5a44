import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EVENT_TYPES } from '@orghealth/domain';
import { EventStoreDbEventStore } from '@orghealth/event-store';
import { EventStoreDbTestServer } from '../eventstoredb-server/eventstoredb-test-server.js';
import { analyticsReady, projected } from '../support/analytics-snapshot.js';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { demoFile, machine } from './bench-support.js';
import { adapterAppend, ratio, rawEventStoreDbAppend } from './raw-baselines.js';

const ORG = 'bench-esdb';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

function importFile(url: string, path: string): Promise<{ accepted: number }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${url}/v1/orgs/${ORG}/events/import`,
      { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...authHeaders() } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolvePromise(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), req).catch(reject);
  });
}

/**
 * The engine on EventStoreDB, against the test server (in this process; the
 * engine and the CLI in their own): an HTTP import, the `$all` catch-up a
 * projector starts with, and `orghealth copy-store` of the embedded store the
 * same org was first imported into. Then, on the same server, the same events
 * appended by the bare client (1,000 per batch-append) and by the adapter
 * alone: the import's and the adapter's rates are given as ratios of the
 * client's. The test server is JavaScript, not the real server: the figures
 * are the adapter's and the client's costs, a floor for what a real cluster
 * adds (network, replication, fsync on a quorum).
 */
export async function benchEventStoreDb(totalEvents = 50_000): Promise<Record<string, number | string>> {
  const file = await demoFile(`esdb-${totalEvents}`, {
    orgId: ORG,
    people: Math.round(totalEvents / 100),
    totalEvents,
    seed: 11,
    end: '2026-10-31T00:00:00Z',
  });
  const dir = tempDir('orghealth-bench-');
  const server = await EventStoreDbTestServer.start();
  const engines: EngineProcess[] = [];
  try {
    const onEventStoreDb = await EngineProcess.start(join(dir.path, 'esdb'), { EVENTSTORE_CONNECTION_STRING: server.connectionString });
    engines.push(onEventStoreDb);
    await analyticsReady(onEventStoreDb.url);
    let started = process.hrtime.bigint();
    const imported = await importFile(onEventStoreDb.url, file.path);
    const importSeconds = seconds(started);
    if (imported.accepted !== file.events) throw new Error(`expected ${file.events} accepted, got ${JSON.stringify(imported)}`);
    await projected(onEventStoreDb.url, 600_000);
    await onEventStoreDb.stop();

    const store = EventStoreDbEventStore.open({ connectionString: server.connectionString, eventTypes: EVENT_TYPES });
    started = process.hrtime.bigint();
    await new Promise<void>((done, failed) => {
      let delivered = 0;
      const subscription = store.subscribeToAll({ after: 0, batchSize: 5000 }, async (events) => {
        delivered += events.length;
        if (delivered >= file.events) {
          void subscription.close();
          done();
        }
      });
      subscription.done.catch(failed);
    });
    const catchUpSeconds = seconds(started);
    await store.close();
    // The engine is stopped: nothing subscribes to what these write.
    const raw = await rawEventStoreDbAppend(file.path, server.connectionString, 'bench-raw-client');
    const alone = EventStoreDbEventStore.open({
      connectionString: server.connectionString,
      eventTypes: EVENT_TYPES,
      streamPrefix: 'bench-adapter-',
    });
    const adapter = await adapterAppend(file.path, alone, `org-${ORG}`).finally(() => alone.close());

    const embedded = await EngineProcess.start(join(dir.path, 'embedded'));
    engines.push(embedded);
    if ((await importFile(embedded.url, file.path)).accepted !== file.events)
      throw new Error('the embedded import did not take every event');
    await embedded.stop();
    const target = await EventStoreDbTestServer.start();
    try {
      const sqlite = resolve(dir.path, 'embedded', 'events.sqlite');
      started = process.hrtime.bigint();
      const first = await runCli(['copy-store', '--from', sqlite, '--to', target.connectionString]);
      const migrateSeconds = seconds(started);
      started = process.hrtime.bigint();
      const again = await runCli(['copy-store', '--from', sqlite, '--to', target.connectionString]);
      const againSeconds = seconds(started);
      if (first.code !== 0 || again.code !== 0) throw new Error(`copy-store failed: ${first.stderr}${again.stderr}`);
      return {
        benchmark: 'eventstoredb',
        machine: machine(),
        events: file.events,
        importSeconds: Number(importSeconds.toFixed(2)),
        importEventsPerSecond: Math.round(file.events / importSeconds),
        rawClientEventsPerSecond: raw.eventsPerSecond,
        importVsRawClient: ratio(file.events / importSeconds, raw.eventsPerSecond),
        adapterAppendEventsPerSecond: adapter.eventsPerSecond,
        adapterVsRawClient: ratio(adapter.eventsPerSecond, raw.eventsPerSecond),
        catchUpSeconds: Number(catchUpSeconds.toFixed(2)),
        catchUpEventsPerSecond: Math.round(file.events / catchUpSeconds),
        migrateSeconds: Number(migrateSeconds.toFixed(2)),
        migrateEventsPerSecond: Math.round(file.events / migrateSeconds),
        migrateAgainSeconds: Number(againSeconds.toFixed(2)),
      };
    } finally {
      await target.stop();
    }
  } finally {
    await Promise.all(engines.map((engine) => engine.kill()));
    await server.stop();
    dir.remove();
  }
}
