import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AnalyticsRuntime,
  layerMetrics,
  managerMetrics,
  managerMetricsOf,
  metricTrend,
  migrate,
  openAnalyticsClient,
  orgAt,
  orgMetrics,
  projectEvents,
  Projector,
  unitMetrics,
  type AnalyticsClient,
} from '@orghealth/analytics';
import { DEFAULT_ALERT_THRESHOLDS, findingsOf, ruleInputs } from '@orghealth/alerts';
import { loadConfig } from '@orghealth/config';
import { SqliteEventStore } from '@orghealth/event-store';
import { BENCH_DIR, machine, peakRssMiB, READ_SIDE_ORG } from './bench-support.js';

/*
 * One read-side benchmark in a process of its own (see read-side.ts): chDB
 * binds one data directory per process, and peak RSS is only the
 * benchmark's own when nothing ran before it. Prints the result as JSON.
 */
type Result = Record<string, number | string>;

const DATABASE = 'orghealth';
const ORG_ID = READ_SIDE_ORG.orgId;
const AS_OF = READ_SIDE_ORG.end;
const YEAR_BEFORE = new Date(Date.parse(AS_OF) - 357 * 86_400_000).toISOString();
const FACT_TABLES_SQL = "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'";
const OPTIMIZE_SQL = 'OPTIMIZE TABLE {table:Identifier} FINAL';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function project(store: SqliteEventStore, client: AnalyticsClient, total: number, batchSize: number): Promise<number> {
  const projector = new Projector(store, client, { batchSize });
  const started = process.hrtime.bigint();
  projector.start();
  try {
    for (;;) {
      const { checkpoint, lastError } = await projector.status();
      if (lastError) throw new Error(lastError);
      if (checkpoint >= total) return seconds(started);
      await new Promise((done) => setTimeout(done, 50));
    }
  } finally {
    await projector.close();
  }
}

async function withFreshClient<T>(name: string, work: (client: AnalyticsClient, path: string) => Promise<T>): Promise<T> {
  const path = resolve(BENCH_DIR, `chdb-${name}`);
  rmSync(path, { recursive: true, force: true });
  const client = await openAnalyticsClient({ mode: 'embedded', path, database: DATABASE });
  try {
    return await work(client, path);
  } finally {
    await client.close();
    rmSync(path, { recursive: true, force: true });
  }
}

async function benchProjection(store: SqliteEventStore, events: number, batchSize: number): Promise<Result> {
  return withFreshClient('projection', async (client) => {
    await migrate(client);
    const total = await store.headPosition();
    const took = await project(store, client, total, batchSize);
    return { events, batchSize, seconds: Number(took.toFixed(2)), eventsPerSecond: Math.round(events / took) };
  });
}

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)) };
}

/*
 * A fresh process's first few chDB queries include one-off work (its fourth query of any kind takes ~200 ms
 * more CPU, once): a running engine has long paid it, so every query warms up a few times before being timed.
 */
const WARM_UP_RUNS = 5;

async function timed(runs: number, query: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let run = 0; run < WARM_UP_RUNS; run++) await query();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await query();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentiles(samples);
}

async function benchQueries(store: SqliteEventStore, events: number, runs: number): Promise<Result> {
  return withFreshClient('queries', async (client) => {
    await settledProjection(store, client);
    const base = { orgId: ORG_ID, asOf: AS_OF };
    const org = await orgAt(client, ORG_ID, AS_OF);
    const unitId = org.find((person) => person.layer === 2)!.personId;
    const managerId = org.find((person) => person.layer === 3 && org.some((other) => other.managerId === person.personId))!.personId;
    const figures: Result = { events, people: org.length, runs, unitId, managerId };
    const cases: Record<string, () => Promise<unknown>> = {
      org: () => orgMetrics(client, base),
      layers: () => layerMetrics(client, base),
      unit: () => unitMetrics(client, { ...base, unitId }),
      manager: () => managerMetricsOf(client, { ...base, managerId }),
      allManagers: () => managerMetrics(client, base),
      trend52: () =>
        metricTrend(client, {
          orgId: ORG_ID,
          metric: 'oneOnOneCoverage',
          group: { kind: 'org' },
          from: YEAR_BEFORE,
          to: AS_OF,
          step: 'week',
        }),
    };
    for (const [name, query] of Object.entries(cases)) {
      const { p50, p95 } = await timed(runs, query);
      figures[`${name}P50Ms`] = p50;
      figures[`${name}P95Ms`] = p95;
    }
    return figures;
  });
}

async function settledProjection(store: SqliteEventStore, client: AnalyticsClient): Promise<void> {
  await migrate(client);
  await project(store, client, await store.headPosition(), 20_000);
  // Measured on settled tables: background merges would otherwise race the runs.
  const tables = await (await client.query({ query: FACT_TABLES_SQL, format: 'JSONEachRow' })).json<{ name: string }>();
  for (const { name } of tables) await client.command({ query: OPTIMIZE_SQL, query_params: { table: name } });
}

async function benchAlerts(store: SqliteEventStore, events: number, runs: number): Promise<Result> {
  return withFreshClient('alerts', async (client) => {
    await settledProjection(store, client);
    const evaluate = async () => findingsOf(await ruleInputs(client, ORG_ID, AS_OF), DEFAULT_ALERT_THRESHOLDS);
    const managers = (await ruleInputs(client, ORG_ID, AS_OF)).length;
    const findings = await evaluate();
    const { p50, p95 } = await timed(runs, evaluate);
    return { events, managers, findings: findings.length, runs, evaluateP50Ms: p50, evaluateP95Ms: p95 };
  });
}

async function benchRebuild(storeFile: string, events: number): Promise<Result> {
  const path = resolve(BENCH_DIR, 'chdb-rebuild');
  rmSync(path, { recursive: true, force: true });
  const store = SqliteEventStore.open({ file: storeFile });
  const runtime = new AnalyticsRuntime({ mode: 'embedded', path, database: DATABASE }, store, {
    project: true,
    analystLimits: loadConfig({}).sql,
  });
  try {
    runtime.start();
    await runtime.ready();
    const started = process.hrtime.bigint();
    const { projected, total } = await runtime.rebuild(() => undefined);
    const took = seconds(started);
    if (projected !== total) throw new Error(`rebuilt ${projected} of ${total}`);
    return { events, seconds: Number(took.toFixed(2)), eventsPerSecond: Math.round(events / took) };
  } finally {
    await runtime.close();
    await store.close();
    rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The rows the projector makes of every stored event, inserted into fresh
 * migrated tables by the bare client as JSONEachRow, 20,000 events' rows at a
 * time: what a rebuild's writes cost with nothing of the projector around
 * them. Only the inserts are timed; reading and mapping the events is not.
 */
async function benchRawInsert(store: SqliteEventStore, events: number): Promise<Result> {
  return withFreshClient('raw-insert', async (client) => {
    await migrate(client);
    let rows = 0;
    let insertSeconds = 0;
    const deadAt = new Date();
    for (let after = 0; ; ) {
      const page = await store.readAll(after, RAW_INSERT_EVENTS);
      if (page.length === 0) break;
      after = page[page.length - 1]!.position;
      const { rowsByTable } = projectEvents(page, deadAt);
      const started = process.hrtime.bigint();
      await Promise.all([...rowsByTable].map(([table, values]) => client.insert({ table, values, format: 'JSONEachRow' })));
      insertSeconds += seconds(started);
      for (const values of rowsByTable.values()) rows += values.length;
    }
    return { events, rows, seconds: Number(insertSeconds.toFixed(2)), rowsPerSecond: Math.round(rows / insertSeconds) };
  });
}

const RAW_INSERT_EVENTS = 20_000;

const [benchmark, storeFile, eventsText, option] = process.argv.slice(2);
const events = Number(eventsText);
let result: Result;
if (benchmark === 'rebuild') result = await benchRebuild(storeFile!, events);
else {
  const store = SqliteEventStore.open({ file: storeFile! });
  try {
    if (benchmark === 'projection') result = await benchProjection(store, events, Number(option));
    else if (benchmark === 'queries') result = await benchQueries(store, events, Number(option));
    else if (benchmark === 'alerts') result = await benchAlerts(store, events, Number(option));
    else if (benchmark === 'raw-insert') result = await benchRawInsert(store, events);
    else throw new Error(`unknown read-side benchmark ${benchmark}`);
  } finally {
    await store.close();
  }
}
process.stdout.write(`${JSON.stringify({ benchmark, machine: machine(), ...result, peakRssMiB: peakRssMiB(process.pid) })}\n`);
