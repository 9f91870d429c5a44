import { readSideStore, runReadSideWorker } from './bench-support.js';

/**
 * Issue target, on the 1M-event 10,000-person org: evaluating every alert rule for every manager
 * (the SQL of the rules' inputs, then the thresholds) in ≤ 2 s. Timed as the queries are.
 */
export async function benchAlerts(runs: number): Promise<Record<string, number | string>> {
  const { file, events } = await readSideStore();
  return runReadSideWorker(['alerts', file, events, runs]);
}
