import { readSideStore, runReadSideWorker } from './bench-support.js';

/**
 * Issue target, on the 1M-event 10,000-person org: p95 ≤ 150 ms for the org, the layers, a unit and a
 * manager; ≤ 500 ms for a 52-point trend. All managers at once is measured too.
 */
export async function benchQueries(runs: number): Promise<Record<string, number | string>> {
  const { file, events } = await readSideStore();
  return runReadSideWorker(['queries', file, events, runs]);
}
