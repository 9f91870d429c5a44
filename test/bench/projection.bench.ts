import { readSideStore, runReadSideWorker } from './bench-support.js';

/** Issue target: ≥ 50,000 events/s projecting a 1M-event generated org into a fresh embedded chDB, peak RSS reported. */
export async function benchProjection(batchSize: number): Promise<Record<string, number | string>> {
  const { file, events } = await readSideStore();
  return runReadSideWorker(['projection', file, events, batchSize]);
}
