import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchAlerts } from './alerts.bench.js';
import { benchCalendar } from './calendar.bench.js';
import { BENCH_DIR } from './bench-support.js';
import { benchDashboard } from './dashboard.bench.js';
import { benchEventStoreDb } from './eventstoredb.bench.js';
import { benchHrisSnapshot } from './hris-snapshot.bench.js';
import { benchHttpSingle } from './http-single.bench.js';
import { benchImport } from './import.bench.js';
import { benchProjection } from './projection.bench.js';
import { benchQueries } from './queries.bench.js';
import { benchRebuild } from './rebuild.bench.js';

/**
 * `npm run bench`: every benchmark in turn, figures printed and saved to
 * .bench/results.json. `npm run bench -- import` runs one of them.
 */
const BENCHMARKS: Record<string, () => Promise<Record<string, number | string>>> = {
  import: () => benchImport(Number(process.env.BENCH_IMPORT_EVENTS ?? 1_000_000)),
  calendar: () => benchCalendar(Number(process.env.BENCH_CALENDAR_PEOPLE ?? 10_000)),
  'http-single': () => benchHttpSingle(Number(process.env.BENCH_HTTP_SECONDS ?? 20)),
  projection: () => benchProjection(Number(process.env.BENCH_PROJECTION_BATCH ?? 20_000)),
  queries: () => benchQueries(Number(process.env.BENCH_QUERY_RUNS ?? 20)),
  rebuild: () => benchRebuild(Number(process.env.BENCH_REBUILD_PEOPLE ?? 10_000)),
  alerts: () => benchAlerts(Number(process.env.BENCH_QUERY_RUNS ?? 20)),
  eventstoredb: () => benchEventStoreDb(Number(process.env.BENCH_ESDB_EVENTS ?? 50_000)),
  'hris-snapshot': () => benchHrisSnapshot(Number(process.env.BENCH_HRIS_PEOPLE ?? 100_000)),
  dashboard: () => benchDashboard(Number(process.env.BENCH_DASHBOARD_PEOPLE ?? 10_000), Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 5)),
};

const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');

const chosen = process.argv.slice(2);
if (chosen.includes('--help')) {
  console.log(
    `usage: npm run bench [-- ${Object.keys(BENCHMARKS).join(' | ')}]\n  BENCH_IMPORT_EVENTS (default 1000000), BENCH_HTTP_SECONDS (default 20),\n  BENCH_PROJECTION_BATCH (default 20000), BENCH_QUERY_RUNS (default 20),\n  BENCH_ESDB_EVENTS (default 50000), BENCH_HRIS_PEOPLE (default 100000),\n  BENCH_REBUILD_PEOPLE (default 10000: the 1M-event org),\n  BENCH_DASHBOARD_PEOPLE (default 10000: the 1M-event org), BENCH_DASHBOARD_ROUNDS (default 5),\n  BENCH_CALENDAR_PEOPLE (default 10000: 1,000,000 occurrences)`,
  );
  process.exit(0);
}
const results: Record<string, number | string>[] = [];
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHMARKS)) {
  const run = BENCHMARKS[name];
  if (!run) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  console.log(`\n== ${name}`);
  // The machine is shared: the load around a run says how far its figures are the code's.
  const loadBefore = loadAverage();
  const result = { ...(await run()), loadAverageBefore: loadBefore, loadAverageAfter: loadAverage() };
  console.table(result);
  results.push(result);
}
writeFileSync(resolve(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
